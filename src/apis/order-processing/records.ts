// The values the Order Processing mock keeps, and what every decision returns: the
// per-(merchant, customerRef) credit, authorisations, settled transactions, SCA
// and customer access tokens, and the refusal a decision gives instead of a
// result. Records are immutable; a decision returns new ones and the store
// (src/core/store.ts, wired by the lead) keeps them. Amounts are pence.
import { orderProcessingAuthorisationLifecycle } from '../../../generated/order-processing.authorisation.lifecycle.ts';
import { orderProcessingTransactionLifecycle } from '../../../generated/order-processing.transaction.lifecycle.ts';
import { add, format, type MinorUnits, minor, subtract } from '../../../lib/money.ts';
import type { MachineState } from '../../core/lifecycle.ts';

export const authorisationLifecycle = orderProcessingAuthorisationLifecycle;
export type AuthorisationLifecycle = typeof orderProcessingAuthorisationLifecycle;
export type AuthorisationMachine = MachineState<AuthorisationLifecycle>;
export type AuthorisationResult = AuthorisationMachine['status'];

export const transactionLifecycle = orderProcessingTransactionLifecycle;
export type TransactionLifecycle = typeof orderProcessingTransactionLifecycle;
export type TransactionMachine = MachineState<TransactionLifecycle>;

/**
 * The problems a decision can answer with: names of the Order Processing catalogue,
 * plus `sca-token-finished` (409) for the sandbox's complete/fail on a token that is
 * already used or failed, which the API's catalogue has no name for.
 */
export type ProblemName =
  | 'validation'
  | 'customer-token-invalid'
  | 'sca-required'
  | 'not-found'
  | 'authorisation-declined'
  | 'insufficient-float'
  | 'partial-not-allowed'
  | 'refund-exceeds-settled'
  | 'sca-token-finished';

/** An expected refusal: the problem to answer, a human detail, and for a 400 the body member. */
export interface Refusal {
  readonly problem: ProblemName;
  readonly detail: string;
  /** JSON Pointer as a URI fragment (`#/spendOptionId`), for `validation` only. */
  readonly pointer?: string;
}

export type Decided<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly refusal: Refusal };

export const refuse = (problem: ProblemName, detail: string, pointer?: string): Decided<never> => ({
  ok: false,
  refusal: pointer === undefined ? { problem, detail } : { problem, detail, pointer },
});

/** "12.50 GBP", for details. */
export const gbp = (pence: number): string => format({ minor: minor(pence), currency: 'GBP' });

/** Merchant ids are UUIDs, which RFC 9562 compares without regard to case. */
export function sameMerchant(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Whether an authorisation or transaction is this merchant's and this customer's (else it is not found). */
export function belongsTo(
  record: { readonly merchantId: string; readonly customerRef: string },
  merchantId: string,
  customerRef: string,
): boolean {
  return sameMerchant(record.merchantId, merchantId) && record.customerRef === customerRef;
}

/** A customer's credit as one merchant sees it (each merchant has its own copy of every customer). */
export interface CreditRecord {
  readonly merchantId: string;
  readonly customerRef: string;
  /** Σ remainingFloat of the customer's authorisations with this merchant. */
  readonly held: MinorUnits;
  /** Σ (settled − refunded) of the customer's transactions with this merchant. */
  readonly owed: MinorUnits;
}

/** The store key of a credit record: merchant (lower case) and customerRef. */
export function creditKey(merchantId: string, customerRef: string): string {
  return `${merchantId.toLowerCase()}/${customerRef}`;
}

export function freshCredit(merchantId: string, customerRef: string): CreditRecord {
  return { merchantId, customerRef, held: minor(0), owed: minor(0) };
}

/**
 * limit − held − owed. Never negative while the limit stays as it was (every
 * authorisation and adjustment above it is declined); floored at 0 in case the
 * sandbox data lowered a limit under credit already in use.
 */
export function availableCredit(limit: MinorUnits, credit: CreditRecord): MinorUnits {
  return minor(Math.max(0, limit - credit.held - credit.owed));
}

export function hold(credit: CreditRecord, amount: MinorUnits): CreditRecord {
  return { ...credit, held: add(credit.held, amount) };
}

export function releaseHold(credit: CreditRecord, amount: MinorUnits): CreditRecord {
  return { ...credit, held: subtract(credit.held, amount) };
}

/** A settlement turns held credit into owed credit. */
export function settleHold(credit: CreditRecord, amount: MinorUnits): CreditRecord {
  return { ...credit, held: subtract(credit.held, amount), owed: add(credit.owed, amount) };
}

export function repay(credit: CreditRecord, amount: MinorUnits): CreditRecord {
  return { ...credit, owed: subtract(credit.owed, amount) };
}

/** A token from the sandbox's access-token endpoint, standing for the SSO widget's. */
export interface AccessTokenRecord {
  readonly customerAccessToken: string;
  readonly customerRef: string;
}

/**
 * exempt: valid at once; pending: awaits the customer's SCA; completed: the customer
 * passed it; failed: the customer failed it; used: an authorisation consumed it.
 */
export type ScaStatus = 'exempt' | 'pending' | 'completed' | 'failed' | 'used';

export interface ScaTokenRecord {
  readonly scaToken: string;
  readonly merchantId: string;
  readonly customerRef: string;
  /** The Initiate amount; an authorisation may ask for this much or less. */
  readonly amount: MinorUnits;
  readonly spendOptionId?: string | undefined;
  readonly status: ScaStatus;
  /** The authorisation that used it. */
  readonly usedBy?: string | undefined;
}

/**
 * A token record, always built here with every member in one order: V8 then gives a
 * million tokens one shape, where spreading (`{ ...token, status }`) gave each used
 * token a hidden class of its own, some 250 bytes apiece (issue 11).
 */
export function scaTokenRecord(
  token: Omit<ScaTokenRecord, 'status' | 'usedBy'>,
  status: ScaStatus,
  usedBy?: string,
): ScaTokenRecord {
  return {
    scaToken: token.scaToken,
    merchantId: token.merchantId,
    customerRef: token.customerRef,
    amount: token.amount,
    spendOptionId: token.spendOptionId,
    status,
    usedBy,
  };
}

export interface AuthorisationRequestRecord {
  readonly amount: MinorUnits;
  readonly orderReference: string;
  readonly spendOptionId?: string;
  readonly description?: string;
  readonly verificationId?: string;
}

export interface AuthorisationRecord {
  readonly authorisationId: string;
  readonly merchantId: string;
  readonly customerRef: string;
  /** result (Authorised | Declined) and the amounts authorised, settled, reversed, remainingFloat. */
  readonly machine: AuthorisationMachine;
  /** What Authorise asked for (amount in pence). */
  readonly request: AuthorisationRequestRecord;
  /** Exactly when Declined. */
  readonly declineReason?: string;
}

/**
 * A reversal of part of an authorisation's float. Kept as a record of its own (a
 * child of the authorisation in the store), like transactions and refunds, so that the
 * thousandth settle or reversal on one authorisation costs what the first did.
 */
export interface ReversalRecord {
  readonly authorisationReversalId: string;
  readonly authorisationId: string;
  readonly amount: MinorUnits;
}

/** A refund of part of a settled transaction, a child of the transaction in the store. */
export interface RefundRecord {
  readonly refundTransactionId: string;
  readonly transactionId: string;
  readonly amount: MinorUnits;
  readonly description?: string;
}

export interface TransactionRecord {
  readonly transactionId: string;
  readonly authorisationId: string;
  readonly merchantId: string;
  readonly customerRef: string;
  /** The amounts settled and refunded. */
  readonly machine: TransactionMachine;
  readonly description?: string;
}
