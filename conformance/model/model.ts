// The model the random sequences are judged against: per order, only the lifecycle
// state (status, minor-unit quantities, flags) that the committed lifecycle data
// predicts. It is much simpler than any implementation: no ids, no bodies, no
// storage. Beside it, the Real side keeps what the implementation said (ids and a
// ledger of its 201s), for invariants that do not trust the model.
import { bnplPaymentOrderLifecycle } from '../../generated/bnpl-payment-order.lifecycle.ts';
import type { MachineState, StatusOf } from '../../src/core/lifecycle.ts';
import type { Session } from '../session.ts';

export const lifecycle = bnplPaymentOrderLifecycle;
export type Lifecycle = typeof bnplPaymentOrderLifecycle;
export type Machine = MachineState<Lifecycle>;
export type Status = StatusOf<Lifecycle>;

export interface ModelOrder {
  machine: Machine;
}

export interface Model {
  readonly orders: ModelOrder[];
}

/** What the implementation's own answers add up to; the invariants are computed from it. */
export interface Ledger {
  readonly authorizationMinor: number;
  capturedMinor: number;
  reversedMinor: number;
  /** The customer's approval went through. */
  authorized: boolean;
  /** cancel-authorize answered 204 on an authorized order. */
  cancelled: boolean;
}

export interface RealOrder {
  readonly paymentOrderId: number;
  readonly currency: string;
  readonly sellerAuthorizationId: string;
  readonly ledger: Ledger;
}

export class Real {
  readonly orders: RealOrder[] = [];
  /** The steps run so far, with their resolved inputs, for the counterexample. */
  readonly steps: string[] = [];
  constructor(readonly session: Session) {}
}

/** What remainingAmount must be, from the ledger alone. */
export function expectedRemainingMinor(ledger: Ledger): number {
  return ledger.authorized && !ledger.cancelled ? ledger.authorizationMinor - ledger.capturedMinor : 0;
}
