// The money decisions of the Order Processing mock: Authorise, UpwardAdjustment,
// Settle, Reverse and Refund, and the sandbox's reads of an authorisation and of
// a customer's credit. Each takes the records it needs, the configuration, the
// parsed request (pence) and pre-generated ids, and returns the changed records
// and the answer's data, or a Refusal. The amount guards are the lifecycle data's
// (spec/order-processing.*.lifecycle.yaml), run by src/core/lifecycle.ts; the
// checks run in the order spec/order-processing.DECISIONS.md gives.
import { type MinorUnits, type Money, minor } from '../../../lib/money.ts';
import {
  blankState,
  type CommandInput,
  type Decision,
  decide,
  type MachineState,
} from '../../core/lifecycle.ts';
import { checkAccessToken, checkCurrency, checkScaToken, checkSpendOption, decideCredit } from './checks.ts';
import {
  type AccessTokenRecord,
  type AuthorisationLifecycle,
  type AuthorisationRecord,
  type AuthorisationResult,
  authorisationLifecycle,
  availableCredit,
  belongsTo,
  type CreditRecord,
  type Decided,
  freshCredit,
  gbp,
  hold,
  type ProblemName,
  type RefundRecord,
  type ReversalRecord,
  refuse,
  releaseHold,
  repay,
  type ScaTokenRecord,
  sameMerchant,
  scaTokenRecord,
  settleHold,
  type TransactionLifecycle,
  type TransactionRecord,
  transactionLifecycle,
} from './records.ts';
import type { CustomerConfig, MerchantConfig, ProductConfig } from './sandbox-data.ts';

/**
 * The lifecycle data the decisions run on. Only tests of conformance kits pass other
 * copies (api.ts's fault seam); everything else runs on the committed data.
 */
export interface Lifecycles {
  readonly authorisation: AuthorisationLifecycle;
  readonly transaction: TransactionLifecycle;
}

const committed: Lifecycles = { authorisation: authorisationLifecycle, transaction: transactionLifecycle };

export interface AuthorisationAnswer {
  readonly authorisationId: string;
  readonly result: AuthorisationResult;
  /** Exactly when result is Declined. */
  readonly declineReason?: string;
}

export interface AuthoriseRequest {
  readonly amount: Money;
  readonly orderReference: string;
  readonly spendOptionId?: string | undefined;
  readonly description?: string | undefined;
  readonly verificationId?: string | undefined;
}

/** A lifecycle step that has no guard to fail; a failure is a bug in the lifecycle data. */
function certain<L extends AuthorisationLifecycle | TransactionLifecycle>(
  decision: Decision<L>,
): MachineState<L> {
  if (!decision.ok) throw new Error(`order-processing lifecycle: unexpected rule ${decision.rule}`);
  return decision.state;
}

const problemOf = (lifecycle: AuthorisationLifecycle | TransactionLifecycle, rule: string): ProblemName =>
  (lifecycle.rules as Record<string, { problem: string }>)[rule]?.problem as ProblemName;

function answerOf(authorisation: AuthorisationRecord): AuthorisationAnswer {
  return {
    authorisationId: authorisation.authorisationId,
    result: authorisation.machine.status,
    ...(authorisation.declineReason === undefined ? {} : { declineReason: authorisation.declineReason }),
  };
}

/**
 * Authorise. Checks in order: (1) the customer-access-token is this customer's
 * (403 customer-token-invalid); (2) a given spendOptionId is one of the customer's
 * options for this amount (400 validation at #/spendOptionId); (3) the sca-token
 * (403 sca-required); (4) credit: Declined with the customer's configured reason,
 * or the public sample's reason above the available credit, else Authorised. An
 * authorisation that reaches (4) uses the sca-token up, whatever its result.
 */
export function authorise(args: {
  readonly merchantId: string;
  readonly customerRef: string;
  readonly accessToken: AccessTokenRecord | undefined;
  readonly scaToken: ScaTokenRecord | undefined;
  readonly customer: CustomerConfig;
  readonly product: ProductConfig;
  readonly credit: CreditRecord | undefined;
  readonly request: AuthoriseRequest;
  readonly authorisationId: string;
  readonly lifecycles?: Partial<Lifecycles> | undefined;
}): Decided<{
  readonly authorisation: AuthorisationRecord;
  readonly credit: CreditRecord;
  readonly scaToken: ScaTokenRecord;
  readonly answer: AuthorisationAnswer;
}> {
  const { request, merchantId, customerRef } = args;
  const lc: Lifecycles = { ...committed, ...args.lifecycles };
  const refusal =
    checkAccessToken(args.accessToken, customerRef) ??
    checkCurrency(request.amount) ??
    checkSpendOption(request.spendOptionId, args.customer, args.product, request.amount) ??
    checkScaToken(args.scaToken, merchantId, customerRef, request.amount);
  if (refusal !== undefined) return { ok: false, refusal };
  // checkScaToken refuses a missing token, so here there is one.
  const scaToken = args.scaToken as ScaTokenRecord;
  const credit = args.credit ?? freshCredit(merchantId, customerRef);
  const verdict = decideCredit(args.customer, credit, request.amount);
  const machine = certain(
    decide(lc.authorisation, blankState(lc.authorisation, 'GBP'), 'authorise', {
      amount: request.amount.minor,
      approved: verdict.approved,
    }),
  );
  const authorisation: AuthorisationRecord = {
    authorisationId: args.authorisationId,
    merchantId,
    customerRef,
    machine,
    request: {
      amount: request.amount.minor,
      orderReference: request.orderReference,
      ...(request.spendOptionId === undefined ? {} : { spendOptionId: request.spendOptionId }),
      ...(request.description === undefined ? {} : { description: request.description }),
      ...(request.verificationId === undefined ? {} : { verificationId: request.verificationId }),
    },
    ...(verdict.approved ? {} : { declineReason: verdict.reason }),
  };
  return {
    ok: true,
    value: {
      authorisation,
      credit: hold(credit, minor(machine.quantities.remainingFloat)),
      scaToken: scaTokenRecord(scaToken, 'used', args.authorisationId),
      answer: answerOf(authorisation),
    },
  };
}

/** The authorisation when it belongs to this merchant and customerRef; 404 otherwise, saying no more. */
function ownAuthorisation(
  authorisation: AuthorisationRecord | undefined,
  authorisationId: string,
  merchantId: string,
  customerRef: string,
): Decided<AuthorisationRecord> {
  if (authorisation === undefined || !belongsTo(authorisation, merchantId, customerRef)) {
    return refuse('not-found', `no authorisation ${authorisationId} for customerRef ${customerRef}`);
  }
  return { ok: true, value: authorisation };
}

const declinedDetail = (authorisation: AuthorisationRecord, what: string) =>
  `authorisation ${authorisation.authorisationId} was Declined (${authorisation.declineReason ?? 'no reason'}); it cannot be ${what}`;

/**
 * UpwardAdjustment: the access token (403), the authorisation (404), Declined (409
 * authorisation-declined), then the credit rule of Authorise: approved, authorised
 * and remainingFloat grow by the amount; declined, nothing changes. The answer
 * carries the same authorisationId.
 */
export function upwardAdjustment(args: {
  readonly merchantId: string;
  readonly customerRef: string;
  readonly authorisationId: string;
  readonly accessToken: AccessTokenRecord | undefined;
  readonly authorisation: AuthorisationRecord | undefined;
  readonly customer: CustomerConfig;
  readonly credit: CreditRecord | undefined;
  readonly request: { readonly amount: Money };
  readonly lifecycles?: Partial<Lifecycles> | undefined;
}): Decided<{
  readonly authorisation: AuthorisationRecord;
  readonly credit: CreditRecord;
  readonly answer: AuthorisationAnswer;
}> {
  const { merchantId, customerRef, request } = args;
  const lc: Lifecycles = { ...committed, ...args.lifecycles };
  const refusal = checkAccessToken(args.accessToken, customerRef) ?? checkCurrency(request.amount);
  if (refusal !== undefined) return { ok: false, refusal };
  const found = ownAuthorisation(args.authorisation, args.authorisationId, merchantId, customerRef);
  if (!found.ok) return found;
  const authorisation = found.value;
  const credit = args.credit ?? freshCredit(merchantId, customerRef);
  const verdict = decideCredit(args.customer, credit, request.amount);
  const decision = decide(lc.authorisation, authorisation.machine, 'upwardAdjustment', {
    amount: request.amount.minor,
    approved: verdict.approved,
  });
  if (!decision.ok) {
    return refuse(problemOf(lc.authorisation, decision.rule), declinedDetail(authorisation, 'adjusted'));
  }
  const base = { authorisationId: authorisation.authorisationId };
  if (!verdict.approved) {
    return {
      ok: true,
      value: {
        authorisation,
        credit,
        answer: { ...base, result: 'Declined', declineReason: verdict.reason },
      },
    };
  }
  return {
    ok: true,
    value: {
      authorisation: { ...authorisation, machine: decision.state },
      credit: hold(credit, request.amount.minor),
      answer: { ...base, result: 'Authorised' },
    },
  };
}

/** Settle and Reverse share the check order: 404, Declined, insufficient float, partial not allowed. */
function moveFloat(
  command: 'settle' | 'reverse',
  args: {
    readonly merchantId: string;
    readonly customerRef: string;
    readonly authorisationId: string;
    readonly authorisation: AuthorisationRecord | undefined;
    readonly merchant: MerchantConfig;
    readonly amount: Money;
    readonly lifecycles?: Partial<Lifecycles> | undefined;
  },
): Decided<AuthorisationRecord> {
  const lc: Lifecycles = { ...committed, ...args.lifecycles };
  const currency = checkCurrency(args.amount);
  if (currency !== undefined) return { ok: false, refusal: currency };
  const found = ownAuthorisation(args.authorisation, args.authorisationId, args.merchantId, args.customerRef);
  if (!found.ok) return found;
  const authorisation = found.value;
  const partialAllowed = command === 'settle' ? args.merchant.partialSettle : args.merchant.partialReverse;
  const input: CommandInput = { amount: args.amount.minor, partialAllowed };
  const decision = decide(lc.authorisation, authorisation.machine, command, input);
  if (decision.ok) return { ok: true, value: { ...authorisation, machine: decision.state } };
  const left = authorisation.machine.quantities.remainingFloat;
  const verb = command === 'settle' ? 'settle' : 'reverse';
  const details: Record<typeof decision.rule, string> = {
    'authorisation-declined': declinedDetail(authorisation, command === 'settle' ? 'settled' : 'reversed'),
    'insufficient-float': `authorisation ${authorisation.authorisationId} has ${gbp(left)} left to ${verb}; ${gbp(args.amount.minor)} asked`,
    'partial-not-allowed': `this merchant's configuration forbids partial ${command === 'settle' ? 'settlements' : 'reversals'}: ${verb} the whole remainingFloat of ${gbp(left)} of authorisation ${authorisation.authorisationId}; ${gbp(args.amount.minor)} asked`,
  };
  return refuse(problemOf(lc.authorisation, decision.rule), details[decision.rule]);
}

/** Settle: moves amount from the float to a new transaction; held credit becomes owed. */
export function settle(args: {
  readonly merchantId: string;
  readonly customerRef: string;
  readonly authorisationId: string;
  readonly authorisation: AuthorisationRecord | undefined;
  readonly merchant: MerchantConfig;
  readonly credit: CreditRecord | undefined;
  readonly request: { readonly amount: Money; readonly description?: string | undefined };
  readonly transactionId: string;
  readonly lifecycles?: Partial<Lifecycles> | undefined;
}): Decided<{
  readonly authorisation: AuthorisationRecord;
  readonly transaction: TransactionRecord;
  readonly credit: CreditRecord;
  readonly answer: { readonly transactionId: string };
}> {
  const moved = moveFloat('settle', { ...args, amount: args.request.amount });
  if (!moved.ok) return moved;
  const amount = args.request.amount.minor;
  const transaction: TransactionRecord = {
    transactionId: args.transactionId,
    authorisationId: moved.value.authorisationId,
    merchantId: moved.value.merchantId,
    customerRef: moved.value.customerRef,
    machine: certain(
      decide(
        args.lifecycles?.transaction ?? committed.transaction,
        blankState(args.lifecycles?.transaction ?? committed.transaction, 'GBP'),
        'settle',
        { amount },
      ),
    ),
    ...(args.request.description === undefined ? {} : { description: args.request.description }),
  };
  return {
    ok: true,
    value: {
      authorisation: moved.value,
      transaction,
      credit: settleHold(args.credit ?? freshCredit(args.merchantId, args.customerRef), amount),
      answer: { transactionId: args.transactionId },
    },
  };
}

/** Reverse: releases amount of the float; the answer carries the new remainingFloat (pence). */
export function reverse(args: {
  readonly merchantId: string;
  readonly customerRef: string;
  readonly authorisationId: string;
  readonly authorisation: AuthorisationRecord | undefined;
  readonly merchant: MerchantConfig;
  readonly credit: CreditRecord | undefined;
  readonly request: { readonly amount: Money };
  readonly authorisationReversalId: string;
  readonly lifecycles?: Partial<Lifecycles> | undefined;
}): Decided<{
  readonly authorisation: AuthorisationRecord;
  readonly reversal: ReversalRecord;
  readonly credit: CreditRecord;
  readonly answer: { readonly authorisationReversalId: string; readonly remainingFloat: MinorUnits };
}> {
  const moved = moveFloat('reverse', { ...args, amount: args.request.amount });
  if (!moved.ok) return moved;
  const amount = args.request.amount.minor;
  const authorisation = moved.value;
  return {
    ok: true,
    value: {
      authorisation,
      reversal: {
        authorisationReversalId: args.authorisationReversalId,
        authorisationId: authorisation.authorisationId,
        amount,
      },
      credit: releaseHold(args.credit ?? freshCredit(args.merchantId, args.customerRef), amount),
      answer: {
        authorisationReversalId: args.authorisationReversalId,
        remainingFloat: minor(authorisation.machine.quantities.remainingFloat),
      },
    },
  };
}

/**
 * Refund: the transaction (404), then more than is left to refund (409
 * refund-exceeds-settled), then partial not allowed (409). Owed credit is repaid.
 */
export function refund(args: {
  readonly merchantId: string;
  readonly customerRef: string;
  readonly transactionId: string;
  readonly transaction: TransactionRecord | undefined;
  readonly merchant: MerchantConfig;
  readonly credit: CreditRecord | undefined;
  readonly request: { readonly amount: Money; readonly description?: string | undefined };
  readonly refundTransactionId: string;
  readonly lifecycles?: Partial<Lifecycles> | undefined;
}): Decided<{
  readonly transaction: TransactionRecord;
  readonly refund: RefundRecord;
  readonly credit: CreditRecord;
  readonly answer: { readonly refundTransactionId: string };
}> {
  const { transaction, request } = args;
  const currency = checkCurrency(request.amount);
  if (currency !== undefined) return { ok: false, refusal: currency };
  if (transaction === undefined || !belongsTo(transaction, args.merchantId, args.customerRef)) {
    return refuse('not-found', `no transaction ${args.transactionId} for customerRef ${args.customerRef}`);
  }
  const amount = request.amount.minor;
  const lc: Lifecycles = { ...committed, ...args.lifecycles };
  const decision = decide(lc.transaction, transaction.machine, 'refund', {
    amount,
    partialAllowed: args.merchant.partialRefund,
  });
  if (!decision.ok) {
    const { settled, refunded } = transaction.machine.quantities;
    const left = gbp(settled - refunded);
    const details: Record<typeof decision.rule, string> = {
      'refund-exceeds-settled': `transaction ${transaction.transactionId} settled ${gbp(settled)} and has ${left} left to refund; ${gbp(amount)} asked`,
      'partial-not-allowed': `this merchant's configuration forbids partial refunds: refund the whole ${left} left on transaction ${transaction.transactionId}; ${gbp(amount)} asked`,
    };
    return refuse(problemOf(lc.transaction, decision.rule), details[decision.rule]);
  }
  return {
    ok: true,
    value: {
      transaction: { ...transaction, machine: decision.state },
      refund: {
        refundTransactionId: args.refundTransactionId,
        transactionId: transaction.transactionId,
        amount,
        ...(request.description === undefined ? {} : { description: request.description }),
      },
      credit: repay(args.credit ?? freshCredit(args.merchantId, args.customerRef), amount),
      answer: { refundTransactionId: args.refundTransactionId },
    },
  };
}

/** The sandbox's view of an authorisation, amounts in pence. */
export interface AuthorisationView {
  readonly authorisationId: string;
  readonly customerRef: string;
  readonly result: AuthorisationResult;
  readonly declineReason?: string;
  readonly authorised: MinorUnits;
  readonly settled: MinorUnits;
  readonly reversed: MinorUnits;
  readonly remainingFloat: MinorUnits;
  readonly transactions: readonly {
    readonly transactionId: string;
    readonly settled: MinorUnits;
    readonly refunded: MinorUnits;
  }[];
}

/**
 * GET /_sandbox/order-processing/merchants/{merchantId}/authorisations/{authorisationId}:
 * the authorisation if this merchant made it (404 otherwise), with its transactions
 * (the caller passes the authorisation's, oldest first; others are ignored).
 */
export function readAuthorisation(args: {
  readonly merchantId: string;
  readonly authorisationId: string;
  readonly authorisation: AuthorisationRecord | undefined;
  readonly transactions: readonly TransactionRecord[];
}): Decided<AuthorisationView> {
  const { authorisation } = args;
  if (authorisation === undefined || !sameMerchant(authorisation.merchantId, args.merchantId)) {
    return refuse('not-found', `no authorisation ${args.authorisationId} for merchant ${args.merchantId}`);
  }
  const q = authorisation.machine.quantities;
  return {
    ok: true,
    value: {
      authorisationId: authorisation.authorisationId,
      customerRef: authorisation.customerRef,
      result: authorisation.machine.status,
      ...(authorisation.declineReason === undefined ? {} : { declineReason: authorisation.declineReason }),
      authorised: minor(q.authorised),
      settled: minor(q.settled),
      reversed: minor(q.reversed),
      remainingFloat: minor(q.remainingFloat),
      transactions: args.transactions
        .filter((t) => t.authorisationId === authorisation.authorisationId)
        .map((t) => ({
          transactionId: t.transactionId,
          settled: minor(t.machine.quantities.settled),
          refunded: minor(t.machine.quantities.refunded),
        })),
    },
  };
}

/** GET /_sandbox/order-processing/customers/{customerRef}?merchantId=…: the limit and what is left of it. */
export function readCustomerCredit(
  customer: CustomerConfig,
  credit: CreditRecord | undefined,
  merchantId: string,
): {
  readonly customerRef: string;
  readonly merchantId: string;
  readonly creditLimit: MinorUnits;
  readonly availableCredit: MinorUnits;
} {
  return {
    customerRef: customer.customerRef,
    merchantId,
    creditLimit: customer.creditLimit,
    availableCredit: availableCredit(
      customer.creditLimit,
      credit ?? freshCredit(merchantId, customer.customerRef),
    ),
  };
}
