// The kit's own oracle for bnpl-payment-order, written from the document and the
// accept sets of DECISIONS.md (bnpl-payment-order/accepts.ts), never from the mock
// or its lifecycle data. Per order it keeps only the status, whether a payment
// method is chosen and integer minor-unit amounts; for every step it lists each
// answer a correct implementation may give, with the order after it (several
// candidates where the document allows several; the order read back picks one).
// Much simpler than an implementation, as a model should be: no ids, no bodies.
import { hasAtMostDecimals, parseMajor } from '../../lib/money.ts';
import {
  type AcceptedAnswer,
  afterCancelAuthorized,
  cancelWithoutAuthorization,
  currencyMismatch,
  operationsListed,
  overRemaining,
  overReversible,
  redirectNotAwaiting,
  repeatedSellerId,
  zeroAmount,
} from '../bnpl-payment-order/accepts.ts';
import type { Rel } from '../bnpl-payment-order/document.ts';
import type { CheckId } from '../catalogue.ts';

export const statuses = ['Created', 'Authorized', 'Rejected', 'Canceled', 'Failed'] as const;
export type Status = (typeof statuses)[number];

export interface OrderState {
  readonly status: Status;
  readonly currency: string;
  readonly authorizationMinor: number;
  /** What may still be captured: 0 until authorized and after cancel-authorize. */
  readonly remainingMinor: number;
  readonly capturedMinor: number;
  readonly reversedMinor: number;
  readonly paymentMethodChosen: boolean;
}

/** The order after an answer: candidates (the read-back picks one; none = no order), or outside the model. */
export type Next =
  | { readonly kind: 'states'; readonly states: readonly OrderState[] }
  | { readonly kind: 'leaves'; readonly why: string };

export interface Outcome {
  readonly status: number;
  /** The problem name the Type carries (ledger/bnpl-payment-order/v1/problems/<name>). */
  readonly problem?: string;
  /** Problems names at least one of these (or a path under one). */
  readonly parameters?: readonly string[];
  /** Where the expectation comes from: a section of the document or a decision. */
  readonly because: string;
  readonly next: Next;
  /** Set when the answer passes MUST but is not what our decisions pick. */
  readonly warn?: { readonly checkId: CheckId; readonly message: string };
}

export interface Prediction {
  /** The check that judges which answer came (BPO-DUP-001 for a repeated seller id). */
  readonly checkId: CheckId;
  readonly outcomes: readonly Outcome[];
}

/** An amount as sent: minor units of the currency, or a raw JSON number (possibly invalid). */
export type StepAmount = { readonly minor: number } | { readonly raw: number };

/** 100000000 in minor units ("Max: 100000000"). */
const maxMinor = 10_000_000_000;

export function created(authorizationMinor: number, currency: string, singleProfile: boolean): OrderState {
  return {
    status: 'Created',
    currency,
    authorizationMinor,
    remainingMinor: 0,
    capturedMinor: 0,
    reversedMinor: 0,
    paymentMethodChosen: singleProfile,
  };
}

export const reversibleMinor = (state: OrderState): number => state.capturedMinor - state.reversedMinor;

/** How the document judges an amount: fine, refused (MUST), or open (D-13: 0 where the example does not refuse it). */
export function judgeAmount(
  amount: StepAmount,
  operationId: string,
  field: string,
): 'valid' | 'refused' | 'open' {
  if ('minor' in amount) {
    if (amount.minor === 0) return zeroAmount.refused(operationId, field) ? 'refused' : 'open';
    return amount.minor < 0 || amount.minor > maxMinor ? 'refused' : 'valid';
  }
  const raw = amount.raw;
  if (raw < 0 || raw > 100_000_000 || !hasAtMostDecimals(raw, 2)) return 'refused';
  if (raw === 0) return zeroAmount.refused(operationId, field) ? 'refused' : 'open';
  return 'valid';
}

/** Minor units of an amount the document accepts (every contract currency has 2 decimals). */
function minorOf(amount: StepAmount): number {
  if ('minor' in amount) return amount.minor;
  const parsed = parseMajor(amount.raw, 'SEK');
  return parsed.ok ? parsed.money.minor : 0;
}

const unchanged = (state: OrderState): Next => ({ kind: 'states', states: [state] });
const noOrder: Next = { kind: 'states', states: [] };

function refused(parameters: readonly string[], because: string, next: Next): Outcome {
  return { status: 400, problem: 'validation', parameters, because, next };
}

/** Outcomes for an accept set of DECISIONS.md, with the parameter its 400 names. */
function fromAccepts(
  answers: readonly AcceptedAnswer[],
  because: string,
  next: Next,
  naming?: string,
): Outcome[] {
  return answers.map((a) => ({
    status: a.status,
    ...(a.problem === undefined ? {} : { problem: a.problem }),
    ...(a.naming === undefined ? {} : { parameters: [naming ?? a.naming] }),
    because,
    next,
  }));
}

/** Refusals for the same status merge: one 400 that may name any of their parameters. */
function merge(outcomes: readonly Outcome[]): Outcome[] {
  const out: Outcome[] = [];
  for (const outcome of outcomes) {
    const same = out.findIndex((o) => o.status === outcome.status && o.warn === undefined && !outcome.warn);
    const existing = out[same];
    if (existing === undefined) {
      out.push(outcome);
      continue;
    }
    out[same] = {
      ...existing,
      ...(existing.parameters === undefined && outcome.parameters === undefined
        ? {}
        : { parameters: [...new Set([...(existing.parameters ?? []), ...(outcome.parameters ?? [])])] }),
      because: `${existing.because}; ${outcome.because}`,
    };
  }
  return out;
}

/** A repeated seller id (D-07) may also be refused: 409, or 400 naming it. */
function withRepeat(
  prediction: Omit<Prediction, 'checkId'>,
  repeated: string | undefined,
  next: Next,
): Prediction {
  if (repeated === undefined) return { checkId: 'BPO-MDL-001', outcomes: prediction.outcomes };
  const refusals = fromAccepts(
    repeatedSellerId.answers.filter((a) => a.status !== 201),
    `D-07 (repeated ${repeated})`,
    next,
    repeated,
  );
  return { checkId: 'BPO-DUP-001', outcomes: merge([...prediction.outcomes, ...refusals]) };
}

export interface CreateInput {
  readonly amount: StepAmount;
  readonly currency: string;
  /** The contract's currencies. */
  readonly currencies: readonly string[];
  /** restrictToProfiles leaves a single choice, so the payment method is chosen at creation (D-08). */
  readonly singleProfile: boolean;
  /** Set when the sellerAuthorizationId was used before. */
  readonly repeated?: boolean;
}

export function create(input: CreateInput): Prediction {
  const amount = judgeAmount(input.amount, 'createBnplPaymentOrder', 'authorizationAmount');
  const currencyKnown = input.currencies.includes(input.currency);
  const repeated = input.repeated ? 'sellerAuthorizationId' : undefined;
  const mustRefuse = [
    ...(amount === 'refused' ? ['authorizationAmount'] : []),
    ...(currencyKnown ? [] : ['currency']),
  ];
  if (mustRefuse.length > 0) {
    return withRepeat(
      { outcomes: [refused(mustRefuse, '1.2 request table, Problems', noOrder)] },
      repeated,
      noOrder,
    );
  }
  const minor = minorOf(input.amount);
  const order = created(minor, input.currency, input.singleProfile);
  const accepted: Outcome = {
    status: 201,
    because: '1.2: 201 Created, status Created',
    next: { kind: 'states', states: [order] },
  };
  if (amount === 'open') {
    return withRepeat(
      {
        outcomes: [
          refused(['authorizationAmount'], 'D-13 refuses authorizationAmount 0', noOrder),
          {
            ...accepted,
            warn: {
              checkId: zeroAmount.openWarns.model,
              message: 'an authorizationAmount of 0 was accepted (D-13 refuses it)',
            },
          },
        ],
      },
      repeated,
      noOrder,
    );
  }
  return withRepeat({ outcomes: [accepted] }, repeated, noOrder);
}

export interface MoneyMovementInput {
  readonly amount: StepAmount;
  readonly currency: string;
  readonly currencies: readonly string[];
  /** Set when the sellerTransactionId was used before on this order. */
  readonly repeated?: boolean;
}

const movements = {
  capture: {
    operationId: 'createCapture',
    limit: (s: OrderState) => s.remainingMinor,
    over: overRemaining,
    because: '3.1: as long as we have RemainingAmount left',
    apply: (s: OrderState, minor: number): OrderState => ({
      ...s,
      remainingMinor: s.remainingMinor - minor,
      capturedMinor: s.capturedMinor + minor,
    }),
  },
  reversal: {
    operationId: 'createReversal',
    limit: reversibleMinor,
    over: overReversible,
    because: '4.1: can only reverse captures',
    apply: (s: OrderState, minor: number): OrderState => ({ ...s, reversedMinor: s.reversedMinor + minor }),
  },
} as const;

/** A capture or a reversal of an amount on the order. */
export function moneyMovement(
  kind: keyof typeof movements,
  state: OrderState,
  input: MoneyMovementInput,
): Prediction {
  const m = movements[kind];
  const repeated = input.repeated ? 'sellerTransactionId' : undefined;
  const stay = unchanged(state);
  const amount = judgeAmount(input.amount, m.operationId, 'amount');
  const mustRefuse = [
    ...(amount === 'refused' ? ['amount'] : []),
    ...(input.currencies.includes(input.currency) ? [] : ['currency']),
  ];
  if (mustRefuse.length > 0) {
    return withRepeat({ outcomes: [refused(mustRefuse, `${kind} request table`, stay)] }, repeated, stay);
  }
  const minor = minorOf(input.amount);
  const over = minor > m.limit(state);
  const mismatch = input.currency !== state.currency;
  // An amount of 0 the document leaves open (D-13, accepts.ts) is refused by us; accepting it only warns.
  const zero = amount === 'open';
  const refusals = [
    ...(zero ? [refused(['amount'], `${zeroAmount.id} refuses amount 0`, stay)] : []),
    ...(over ? fromAccepts(m.over.answers, `${m.over.id}, ${m.because}`, stay) : []),
    ...(mismatch ? fromAccepts(currencyMismatch.answers, currencyMismatch.id, stay) : []),
  ];
  const accepted: Outcome = {
    status: 201,
    because: m.because,
    next: { kind: 'states', states: [m.apply(state, minor)] },
  };
  if (refusals.length === 0) return withRepeat({ outcomes: [accepted] }, repeated, stay);
  const outcomes = merge(refusals);
  if (!over && mismatch) {
    // The document does not forbid another currency; we refuse it (D-02). Accepting it takes the order
    // out of the model: nothing says what the amount then means.
    outcomes.push({
      status: 201,
      because: 'D-02 refuses another currency',
      next: {
        kind: 'leaves',
        why: `a ${kind} in ${input.currency} on a ${state.currency} order was accepted`,
      },
      warn: {
        checkId: currencyMismatch.acceptedWarns,
        message: `a ${kind} in ${input.currency} on a ${state.currency} order was accepted (D-02 refuses it)`,
      },
    });
  } else if (zero && !over) {
    outcomes.push({
      ...accepted,
      warn: {
        checkId: zeroAmount.openWarns.model,
        message: `a ${kind} of amount 0 was accepted (${zeroAmount.id} refuses it)`,
      },
    });
  }
  return withRepeat({ outcomes }, repeated, stay);
}

export function cancelAuthorize(state: OrderState): Prediction {
  const at = (status: Status): OrderState => ({ ...state, status, remainingMinor: 0 });
  const states =
    state.status === 'Created'
      ? cancelWithoutAuthorization.created.map((s) => (s === 'Created' ? state : at(s)))
      : state.status === 'Authorized'
        ? afterCancelAuthorized.statuses.map(at)
        : [state];
  const because =
    state.status === 'Authorized' ? '2.1: removes any remaining amount; D-03' : '2.1: 204; D-04';
  return {
    checkId: 'BPO-MDL-001',
    outcomes: [{ status: cancelWithoutAuthorization.status, because, next: { kind: 'states', states } }],
  };
}

export function redirect(state: OrderState): Prediction {
  const stay = unchanged(state);
  if (state.status !== 'Created') {
    return { checkId: 'BPO-MDL-001', outcomes: fromAccepts(redirectNotAwaiting.answers, 'D-09', stay) };
  }
  return {
    checkId: 'BPO-MDL-001',
    outcomes: [
      state.paymentMethodChosen
        ? { status: 200, because: '5.1: redirect info for the chosen payment method', next: stay }
        : {
            status: 409,
            problem: 'invalid-payment-method',
            because: '5.1: unable to redirect before choosing a payment method',
            next: stay,
          },
    ],
  };
}

export type CustomerStep = 'choosePaymentMethod' | 'authorize' | 'reject' | 'fail';

/** The order after the customer's step, or undefined when no customer could take it. */
export function customer(state: OrderState, step: CustomerStep): OrderState | undefined {
  if (state.status !== 'Created') return undefined;
  switch (step) {
    case 'choosePaymentMethod':
      return { ...state, paymentMethodChosen: true };
    case 'authorize':
      return state.paymentMethodChosen
        ? { ...state, status: 'Authorized', remainingMinor: state.authorizationMinor }
        : undefined;
    case 'reject':
      return { ...state, status: 'Rejected' };
    case 'fail':
      return { ...state, status: 'Failed' };
  }
}

/** The operations the document makes possible in this state: `operations` must list them. */
export function requiredRels(state: OrderState): Rel[] {
  const rels: Rel[] = [];
  const open = state.status === 'Authorized' && state.remainingMinor > 0;
  if (open) rels.push('add-capture');
  if (reversibleMinor(state) > 0) rels.push('add-reversal');
  if (open) rels.push('cancel-authorize');
  if (state.status === 'Created' && state.paymentMethodChosen) rels.push('redirect');
  return rels;
}

/** What our D-05 lists: the required rels, and those D-05 makes optional in this status (accepts.ts). */
export function allowedRels(state: OrderState): Rel[] {
  const rels = requiredRels(state);
  for (const { rel, status } of operationsListed.optional) {
    if (status === state.status && !rels.includes(rel)) rels.push(rel);
  }
  return rels;
}
