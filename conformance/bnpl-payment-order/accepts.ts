// What the kit accepts where the document is silent and spec/DECISIONS.md decided:
// for each decision, the answers, states, rels, places or spellings a correct
// implementation may show, as data the oracle and the checks read, and the "kit
// accepts" text that DECISIONS.md shows for it (rendered from the same data, so a
// change here changes both what the kit accepts and what the table says;
// accepts.test.ts keeps the table in step). SHOULD checks named here warn where an
// implementation reads the document differently from us; they fail a run only with
// --strict.
import type { CheckId } from '../catalogue.ts';
import type { Status } from '../model/oracle.ts';
import type { Rel } from './document.ts';

/** One answer a correct implementation may give. */
export interface AcceptedAnswer {
  readonly status: number;
  /** The problem name its Type carries (judged where the document lists the status). */
  readonly problem?: string;
  /** Problems names this parameter, or a path under it. */
  readonly naming?: string;
  /** Words for the table, when the status alone says too little. */
  readonly note?: string;
}

export interface Accepts {
  readonly id: string;
  /** The "kit accepts" cell of DECISIONS.md. */
  readonly text: string;
  /** SHOULD checks that warn where an implementation chose otherwise. */
  readonly shouldChecks: readonly CheckId[];
}

const code = (s: string) => `\`${s}\``;

/** "400 naming `amount`, or 409". */
export function renderAnswers(answers: readonly AcceptedAnswer[]): string {
  return answers
    .map((a) => {
      const problem = a.problem !== undefined && a.naming === undefined ? ` ${code(a.problem)}` : '';
      const naming =
        a.naming === undefined ? '' : ` naming ${a.naming.startsWith('the ') ? a.naming : code(a.naming)}`;
      return `${a.status}${problem}${naming}${a.note === undefined ? '' : ` (${a.note})`}`;
    })
    .join(', or ');
}

const shouldOnly = (id: string, checks: readonly CheckId[]): Accepts => ({
  id,
  text: `SHOULD-level checks only (${checks.join(', ')})`,
  shouldChecks: checks,
});
const fixed = (id: string, text: string): Accepts => ({ id, text, shouldChecks: [] });
const warns = (id: string, text: string, checks: readonly CheckId[]): Accepts => ({
  id,
  text,
  shouldChecks: checks,
});

/** D-01: a capture above remainingAmount. */
export const overRemaining = answersOf('D-01', [
  { status: 400, problem: 'validation', naming: 'amount' },
  { status: 409 },
]);

/** D-02: a capture or reversal in another of the contract's currencies than the order's. */
const mismatchRefusals: readonly AcceptedAnswer[] = [
  { status: 400, problem: 'validation', naming: 'currency' },
  { status: 409 },
];
export const currencyMismatch = {
  id: 'D-02',
  answers: mismatchRefusals,
  /** Accepting it passes MUST (the document does not forbid it); the order then leaves the model. */
  acceptedWarns: 'BPO-MDL-006',
  text: `${renderAnswers(mismatchRefusals)}; a 201 warns (SHOULD, BPO-MDL-006)`,
  shouldChecks: ['BPO-MDL-006'],
} as const;

/** D-03: the status after cancel-authorize on an Authorized order, with or without captures. */
const afterCancelStatuses: readonly Status[] = ['Authorized', 'Canceled'];
export const afterCancelAuthorized = {
  id: 'D-03',
  statuses: afterCancelStatuses,
  text: `${afterCancelStatuses.map(code).join(' or ')}, with or without captures; ${code('remainingAmount')} 0`,
  shouldChecks: [],
} as const;

/** D-04: cancel-authorize before approval, or when nothing remains. */
const cancelCreated: readonly Status[] = ['Canceled', 'Created'];
export const cancelWithoutAuthorization = {
  id: 'D-04',
  status: 204,
  created: cancelCreated,
  text: `204; a ${code('Created')} order becomes ${cancelCreated.map(code).join(' or stays ')}; otherwise nothing changes`,
  shouldChecks: [],
} as const;

/**
 * D-05: which rels `operations` lists. The document requires every operation the
 * state makes possible (BPO-LC-002, oracle.requiredRels); our decision also lists
 * these where the document does not require them, so an implementation may list
 * them or leave them out (oracle.allowedRels); anything beyond, or a rel twice, warns.
 */
const optionalRels: readonly { readonly rel: Rel; readonly status: Status }[] = [
  // D-04: the seller may abandon an order the customer has not approved yet.
  { rel: 'cancel-authorize', status: 'Created' },
];
const moreRelsWarn = 'BPO-LC-004' satisfies CheckId;
export const operationsListed = {
  id: 'D-05',
  optional: optionalRels,
  moreWarns: moreRelsWarn,
  text: `every rel the state allows (${optionalRels.map((o) => `on a ${code(o.status)} order ${code(o.rel)} may be left out`).join('; ')}); more rels warn (SHOULD, ${moreRelsWarn})`,
  shouldChecks: [moreRelsWarn],
} as const;

/** D-06: a reversal above captured − reversed. */
export const overReversible = answersOf('D-06', [
  { status: 400, problem: 'validation', naming: 'amount' },
  { status: 409 },
]);

/** D-07: a repeated sellerAuthorizationId or sellerTransactionId. */
export const repeatedSellerId = answersOf('D-07', [
  { status: 201, note: 'a new resource' },
  { status: 409 },
  { status: 400, problem: 'validation', naming: 'the repeated id' },
]);

/** D-09: redirect on an order that no longer awaits the customer. */
export const redirectNotAwaiting = answersOf('D-09', [
  { status: 409, problem: 'invalid-payment-method' },
  { status: 200 },
]);

/** D-12: a paymentOrderId that is not a positive integer. */
export const malformedPaymentOrderId = answersOf('D-12', [
  { status: 400, problem: 'validation', naming: 'paymentOrderId' },
  { status: 404 },
]);

/**
 * D-13: amount 0. The document's problem example refuses 0 for `amount` (a capture's
 * and a reversal's): there it must be refused, 400 naming it (BPO-NEG-001, the
 * model's BPO-MDL-001). The tables' "Min: 0" leaves every other amount open: we
 * refuse it, and an implementation that accepts it is warned by the negative suite
 * and by the model.
 */
const zeroRefusedAt: readonly {
  readonly operationId: string;
  readonly field: string;
  readonly whose: string;
}[] = [
  { operationId: 'createCapture', field: 'amount', whose: "capture's" },
  { operationId: 'createReversal', field: 'amount', whose: "reversal's" },
];
const zeroOpenWarns = { negative: 'BPO-NEG-011', model: 'BPO-MDL-006' } as const satisfies Record<
  string,
  CheckId
>;
export const zeroAmount = {
  id: 'D-13',
  refusedAt: zeroRefusedAt,
  /** Whether 0 in this field of this operation's body must be refused; elsewhere it is open. */
  refused: (operationId: string, field: string): boolean =>
    zeroRefusedAt.some((r) => r.operationId === operationId && r.field === field),
  openWarns: zeroOpenWarns,
  text: `0 as ${placesOf(zeroRefusedAt)}: 400 naming it; as any other amount (${code('authorizationAmount')}, an order line's): 201 warns (SHOULD, ${zeroOpenWarns.negative}, ${zeroOpenWarns.model})`,
  shouldChecks: [zeroOpenWarns.negative, zeroOpenWarns.model],
} as const;

/** D-16: token problems, and another owner's order. */
const otherOwner: readonly number[] = [404, 401];
export const tokenProblems = {
  id: 'D-16',
  status: 401,
  otherOwner,
  text: `401; another ${code('ownerNo')}'s order: ${otherOwner.join(', or ')}`,
  shouldChecks: [],
} as const;

/**
 * D-17: the transport problems the negative suite provokes. Only our decision gives
 * their statuses (the document lists no 405, 413 or 415), so each is judged by a
 * SHOULD check alone; an answer that is an error is still held to the document's
 * problem format by the contract checks, at MUST.
 */
const provoked = {
  tooLarge: { checkId: 'BPO-TR-001', status: 413 },
  notJson: { checkId: 'BPO-TR-002', status: 415 },
  // RFC 9110 gives a 405 an Allow header listing the methods the resource takes.
  wrongMethod: { checkId: 'BPO-TR-003', status: 405, header: 'Allow' },
} as const satisfies Record<string, { checkId: CheckId; status: number; header?: string }>;
const provokedList: readonly { checkId: CheckId; status: number; header?: string }[] =
  Object.values(provoked);
export const transportProblems = {
  id: 'D-17',
  ...provoked,
  text: `400 ${code('validation')} for malformed JSON or a body that is not an object; ${provokedList
    .map((p) => `${p.status}${p.header === undefined ? '' : ` with ${code(p.header)}`}`)
    .join(', ')}: SHOULD-level checks only (${provokedList.map((p) => p.checkId).join(', ')})`,
  shouldChecks: provokedList.map((p) => p.checkId),
} as const;

/**
 * D-18: problem member casing and Type form. Members are read in each casing listed,
 * the document's PascalCase first (checks/problem-body.ts); a casing after the first
 * passes BPO-PB-001 and warns. A problem the document does not list may carry another
 * Type of the document's form, which warns.
 */
const problemCasings: readonly { readonly name: string; readonly spell: (member: string) => string }[] = [
  { name: 'PascalCase', spell: (member) => member },
  // The document's own prose says "the "type" property", and RFC 9457 stacks write camelCase.
  { name: 'camelCase', spell: (member) => member.charAt(0).toLowerCase() + member.slice(1) },
];
const problemWarns = { otherCasing: 'BPO-PB-005', otherType: 'BPO-PB-007' } as const satisfies Record<
  string,
  CheckId
>;
const otherCasings = problemCasings.slice(1).map((c) => c.name);
export const problemCasing = {
  id: 'D-18',
  casings: problemCasings,
  otherCasingWarns: problemWarns.otherCasing,
  otherTypeWarns: problemWarns.otherType,
  text: `${problemCasings.map((c) => c.name).join(' or ')}; ${otherCasings.length === 0 ? '' : `${otherCasings.join(' or ')} warns (SHOULD, ${problemWarns.otherCasing}); `}another ${code('Type')} for a status the document does not list warns (${problemWarns.otherType})`,
  shouldChecks:
    otherCasings.length === 0 ? [problemWarns.otherType] : [problemWarns.otherCasing, problemWarns.otherType],
} as const;

/** Every decision of DECISIONS.md with what the kit accepts there, in table order. */
export const decisionAccepts: readonly Accepts[] = [
  overRemaining,
  currencyMismatch,
  afterCancelAuthorized,
  cancelWithoutAuthorization,
  operationsListed,
  overReversible,
  repeatedSellerId,
  fixed('D-08', '(adapter-driven)'),
  redirectNotAwaiting,
  warns('D-10', '204; a body warns (SHOULD, BPO-CT-004)', ['BPO-CT-004']),
  warns('D-11', `any sum; an empty ${code('orderLines')} warns (SHOULD, BPO-NEG-015)`, ['BPO-NEG-015']),
  malformedPaymentOrderId,
  zeroAmount,
  shouldOnly('D-14', ['BPO-NEG-009']),
  shouldOnly('D-15', ['BPO-NEG-008']),
  tokenProblems,
  transportProblems,
  problemCasing,
  fixed('D-19', '—'),
  fixed('D-20', code('Authorized')),
  warns('D-21', 'any string; another path warns (SHOULD, BPO-LC-003)', ['BPO-LC-003']),
  fixed('D-22', `${code('application/json')} (the only type the kit sends)`),
  fixed('D-23', `${['SE', 'NO', 'DK', 'FI'].map(code).join(', ')}, anchored or not`),
  fixed('D-24', 'the revision asked for'),
  fixed('D-25', `201 with or without ${code('SellerNo')}`),
  fixed('D-26', `${code('false')} or absent`),
  fixed(
    'D-27',
    'any value, or absent (the kit compares no receiptReference: the capture example does not echo its own)',
  ),
  shouldOnly('D-28', ['BPO-NEG-012', 'BPO-NEG-013', 'BPO-NEG-014', 'BPO-NEG-015']),
  fixed('D-29', '503 with a problem body where a target answers it (the kit provokes none)'),
].sort((a, b) => a.id.localeCompare(b.id));

/** "a capture's or reversal's `amount`": the places, grouped by field. */
function placesOf(places: readonly { readonly field: string; readonly whose: string }[]): string {
  return [...new Set(places.map((p) => p.field))]
    .map((field) => {
      const whose = places.filter((p) => p.field === field).map((p) => p.whose);
      return `a ${whose.join(' or ')} ${code(field)}`;
    })
    .join(' or ');
}

function answersOf(
  id: string,
  answers: readonly AcceptedAnswer[],
): Accepts & { readonly answers: readonly AcceptedAnswer[] } {
  return { id, answers, text: renderAnswers(answers), shouldChecks: [] };
}
