// What the kit accepts where the Order Processing sources are silent and
// spec/order-processing.DECISIONS.md decided: for each decision, the answers a correct
// implementation may give, as data the model and the suites read, and the "kit
// accepts" text the decisions file shows for it (accepts.test.ts keeps the column and
// this data in step). Refusals are judged MUST by their class (4xx) where a source
// says the step is refused; the status and problem our decisions pick are SHOULD.
import type { CheckId } from '../catalogue.ts';

/** The refusals a decision accepts: statuses, and the problem name our decision gives. */
export interface Refusal {
  readonly id: string;
  readonly statuses: readonly number[];
  readonly problem: string;
}

export interface Accepts {
  readonly id: string;
  /** The "kit accepts" cell of the decisions file. */
  readonly text: string;
  /** SHOULD checks that warn where an implementation chose otherwise. */
  readonly shouldChecks: readonly CheckId[];
}

const code = (s: string) => `\`${s}\``;
const fixed = (id: string, text: string, shouldChecks: readonly CheckId[] = []): Accepts => ({
  id,
  text,
  shouldChecks,
});

/** OP-D-22: a customer or SCA token that is not valid: 403 (our decision) or 401. */
const tokenStatuses = [403, 401] as const;
export const scaRefused: Refusal = { id: 'OP-D-22', statuses: tokenStatuses, problem: 'sca-required' };

/** OP-D-03: a header left out is 400 validation naming it (here Authorise's sca-token). */
export const missingHeader: Refusal = { id: 'OP-D-03', statuses: [400], problem: 'validation' };

/** OP-D-24: an amount beyond what is left to settle, reverse or refund. */
const beyondStatuses = [409, 400] as const;
export const beyondFloat: Refusal = {
  id: 'OP-D-24',
  statuses: beyondStatuses,
  problem: 'insufficient-float',
};
export const beyondSettled: Refusal = {
  id: 'OP-D-24',
  statuses: beyondStatuses,
  problem: 'refund-exceeds-settled',
};

/** OP-D-25: a partial the merchant's configuration forbids (the kit's merchant should allow them). */
export const partialRefused: Refusal = { id: 'OP-D-25', statuses: [409], problem: 'partial-not-allowed' };

/** OP-D-26: settle, reverse or adjust on a declined authorisation. */
export const declinedRefused: Refusal = {
  id: 'OP-D-26',
  statuses: [409, 404],
  problem: 'authorisation-declined',
};

/** OP-D-27: another merchant's or customer's resources (401 where keys are bound to merchants, OP-D-02). */
export const otherCustomerStatuses: readonly number[] = [404, 403];
export const otherMerchantStatuses: readonly number[] = [404, 403, 401];

/** OP-D-29: the same idempotency key with another body. */
export const keyReused: Refusal = { id: 'OP-D-29', statuses: [409, 400], problem: 'idempotency-key-reused' };

/** OP-D-04: a malformed path id. */
export const malformedId: readonly number[] = [400, 404];

/** OP-D-02: a missing subscription key: 401; 403 warns; an implementation that takes none is not failed. */
export const missingKey = { id: 'OP-D-02', status: 401 } as const;

/** Every decision of the decisions file with what the kit accepts there, in table order. */
export const decisionAccepts: readonly Accepts[] = [
  fixed('OP-D-01', 'any base URL the adapter names'),
  fixed(
    'OP-D-02',
    '401 for a missing key (403 as a warning); an implementation that also accepts requests without one (mTLS only) is not failed',
  ),
  fixed(
    'OP-D-03',
    `a request with every header MUST succeed; without one: 400 naming it (SHOULD), any 4xx, or success, except Authorise without ${code('sca-token')} once Initiate answered ${code('AuthenticationRequired')}: any 4xx (document step 2)`,
  ),
  fixed('OP-D-04', malformedId.join(' or ')),
  fixed(
    'OP-D-05',
    `missing ${code('basketAmount')} or ${code('productId')}: 400 or 200; an unknown filter value: 400 or ignored`,
  ),
  fixed('OP-D-06', '200; 201 as a warning'),
  fixed(
    'OP-D-07',
    '0, negatives, 3 decimals, strings, other currencies and amounts without their value or currency MUST be refused (any 4xx); the pointer named and the upper bound are SHOULD (OP-NEG-005, OP-NEG-006)',
    ['OP-NEG-005', 'OP-NEG-006'],
  ),
  fixed('OP-D-08', 'any number 0–1'),
  fixed(
    'OP-D-09',
    `${code('application/problem+json')} (plain ${code('application/json')} as a warning); a ${code('type')} whose last segment names the problem is SHOULD`,
  ),
  fixed('OP-D-10', `a 400; ${code('errors')} and its entries SHOULD`),
  fixed('OP-D-11', 'the status class per OP-D-22, OP-D-24, OP-D-26; problem names SHOULD'),
  fixed('OP-D-12', 'ignored (refusing them is a warning)'),
  fixed('OP-D-13', 'the status; the problem body SHOULD'),
  fixed('OP-D-14', 'customerRef variant: any UUID; product variant: absent (present as a warning)'),
  fixed(
    'OP-D-15',
    'Purchase with or without them; missing instalment members on an Instalment option as a warning',
  ),
  fixed(
    'OP-D-16',
    'totalRepayable = basket + interestToPay, monthlyPayment × duration within duration pence of it, and no interest at a 0 rate MUST hold (what the members mean); our formula and rounding up are SHOULD (OP-SPO-003)',
    ['OP-SPO-003'],
  ),
  fixed('OP-D-17', 'filters and order SHOULD (the public samples break them)'),
  fixed('OP-D-18', '200 or 404'),
  fixed('OP-D-19', `the two statuses as named; ${code('widgetUrl')} with ${code('Exempt')} as a warning`),
  fixed('OP-D-20', 'any absolute URL'),
  fixed(
    'OP-D-21',
    `Declined as 200 or 4xx; a ${code('declineReason')} next to Authorised as a warning (S4 shows one); when several checks fail, any of their answers`,
  ),
  fixed('OP-D-22', [...tokenStatuses].sort().join(' or ')),
  fixed(
    'OP-D-23',
    `the same or a new id; ${code('amount')} as increase or new total cannot be told apart by the kit, so the float after it is SHOULD`,
  ),
  fixed(
    'OP-D-24',
    `${beyondStatuses.join(' or ')} for amounts beyond what is left; never a 2xx that moves more money`,
  ),
  fixed(
    'OP-D-25',
    "a partial refused warns (SHOULD, OP-MDL-003): the kit's merchant should allow partials; the whole amount MUST succeed",
    ['OP-MDL-003'],
  ),
  fixed('OP-D-26', declinedRefused.statuses.join(' or ')),
  fixed(
    'OP-D-27',
    `${otherCustomerStatuses.join(' or ')} (401 for another merchant where subscription keys are bound to merchants, OP-D-02)`,
  ),
  fixed('OP-D-28', "the invariants MUST hold; the credit figures are the mock's"),
  fixed(
    'OP-D-29',
    `a replay MUST NOT move money twice; its answer equal to the first SHOULD; a different body: ${keyReused.statuses.join(' or ')}`,
  ),
  fixed('OP-D-30', code('application/json')),
  fixed('OP-D-31', 'values within the bounds MUST be accepted; longer ones accepted or refused'),
  fixed('OP-D-32', 'unknown members ignored'),
  fixed('OP-D-33', '—'),
  fixed('OP-D-34', '—'),
  fixed('OP-D-35', "— (the mock's data)"),
  fixed('OP-D-36', "— (bnpl-kit's own API)"),
  fixed('OP-D-37', '—'),
  fixed('OP-D-38', '—'),
  fixed('OP-D-39', '—'),
  fixed('OP-D-40', '—'),
  fixed('OP-D-41', '—'),
  fixed('OP-D-42', '503 with a problem body where a target answers it'),
  fixed('OP-D-43', '—'),
];
