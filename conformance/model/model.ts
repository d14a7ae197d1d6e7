// The two sides of a model-based run. The Model holds, per order, the kit's oracle
// state (model/oracle.ts); an order whose implementation took a defensible path the
// oracle cannot follow leaves the model and is not driven further. The Real side
// keeps what the implementation said: ids, the seller ids sent, and a ledger of its
// 201s, for invariants that do not trust the model.
import type { Failure } from '../results.ts';
import type { Session } from '../session.ts';
import type { OrderState } from './oracle.ts';

export interface ModelOrder {
  state: OrderState;
  /** Why the order left the model, once it has. */
  left?: string;
}

export interface Model {
  readonly orders: ModelOrder[];
}

/** What the implementation's own 201s add up to. */
export interface Ledger {
  capturedMinor: number;
  reversedMinor: number;
}

export interface RealOrder {
  readonly paymentOrderId: number;
  readonly currency: string;
  readonly sellerAuthorizationId: string;
  /** `instore` as sent (revision 2026-02-17); undefined when left out. */
  readonly instore: boolean | undefined;
  readonly ledger: Ledger;
  /** The last sellerTransactionId sent per kind, for repeats (D-07). */
  readonly lastSellerTransactionId: { capture?: string; reversal?: string };
}

export class Real {
  readonly orders: RealOrder[] = [];
  /** The steps run so far, with their resolved inputs, for the counterexample. */
  readonly steps: string[] = [];
  constructor(
    readonly session: Session,
    /** Records a SHOULD warning of a step (the suite decides when warnings count). */
    readonly warn: (failure: Failure, real: Real) => void = () => {},
  ) {}
}
