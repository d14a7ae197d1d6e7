// The checks catalogue: every claim the conformance kit can make about an
// implementation, with its stable id, its level, the document sentences it rests on
// and the DECISIONS.md entries it follows. A MUST check quotes the document (or the
// provider's changelog for a later revision): failing it means the implementation
// contradicts what the document says. A check that rests on a decision of ours is
// SHOULD: a warning, a failure only with --strict. Reports, JUnit and the README
// list read from here; the suites only refer to ids. Ids never change meaning.
import { type Quote, quotes as q } from './bnpl-payment-order/document.ts';
import { orderProcessingDefinitions } from './order-processing/catalogue.ts';

export type Level = 'MUST' | 'SHOULD';
export type SuiteName = 'contract' | 'model' | 'negative' | 'concurrency' | 'security';

export interface CheckDefinition {
  readonly id: string;
  readonly level: Level;
  readonly suite: SuiteName;
  readonly title: string;
  /** Sections of the source document ("1.2", "Problems", "every request"; Order Processing: a step "3" or a research source id "S15"). */
  readonly sections: readonly string[];
  /** The sentences a MUST check rests on, verbatim. */
  readonly quotes: readonly Quote[];
  /** Entries of the API's decisions file (`D-nn`, `OP-D-nn`) the check follows, with what the kit accepts there. */
  readonly decisions: readonly string[];
  /** How the check differs between revisions of the contract, if it does. */
  readonly revisions?: string;
}

// Sections of the operations (x-bnpl-section), written out so the catalogue reads on its own;
// catalogue.test.ts keeps them in step with the spec.
const allOperations = ['1.1', '1.2', '2.1', '3.1', '4.1', '5.1'];
const bodyOperations = ['1.2', '3.1', '4.1', '5.1'];

const definitions = [
  // --- contract: applied to every response the kit receives -------------------------
  {
    id: 'BPO-HTTP-001',
    level: 'MUST',
    suite: 'contract',
    title: 'Every request gets an HTTP response',
    sections: ['Problems'],
    quotes: [q.errorsAreProblems],
    decisions: [],
  },
  {
    id: 'BPO-CT-001',
    level: 'MUST',
    suite: 'contract',
    title: 'The status code is documented for the operation (or a decision accepts it for the request)',
    sections: allOperations,
    quotes: [q.possibleProblems, q.created201],
    decisions: ['D-01', 'D-06', 'D-07', 'D-16', 'D-17'],
  },
  {
    id: 'BPO-CT-002',
    level: 'MUST',
    suite: 'contract',
    title: 'The Content-Type is the documented media type (application/json, application/problem+json)',
    sections: [...allOperations, 'Problems'],
    quotes: [q.created201, q.problemMediaType],
    decisions: [],
  },
  {
    id: 'BPO-CT-003',
    level: 'MUST',
    suite: 'contract',
    title:
      'A resource body has the documented members with the documented types (members and rels the document does not list are allowed)',
    sections: ['1.1', '1.2', '3.1', '4.1', '5.1'],
    quotes: [q.authorizedExample, q.captureExample, q.reversalExample, q.statusEnum],
    decisions: [],
    revisions: '2026-02-17: the order may show `instore`, a reversal `receiptReference`',
  },
  {
    id: 'BPO-CT-004',
    level: 'SHOULD',
    suite: 'contract',
    title: '204 carries no body (the document shows `{}`)',
    sections: ['2.1'],
    quotes: [],
    decisions: ['D-10'],
  },
  {
    id: 'BPO-PB-001',
    level: 'MUST',
    suite: 'contract',
    title: 'An error is a problem with Type, Title, Status, Instance and Detail (PascalCase or camelCase)',
    sections: ['Problems'],
    quotes: [q.errorsAreProblems, q.problemExample, q.typeProperty],
    decisions: ['D-18'],
  },
  {
    id: 'BPO-PB-002',
    level: 'MUST',
    suite: 'contract',
    title: "The problem's Status equals the HTTP status",
    sections: ['Problems'],
    quotes: [q.problemMediaType, q.problemExample],
    decisions: [],
  },
  {
    id: 'BPO-PB-003',
    level: 'MUST',
    suite: 'contract',
    title: "A problem the operation's table lists has its Type: ledger/bnpl-payment-order/v1/problems/<name>",
    sections: ['Problems', ...allOperations],
    quotes: [q.problemExample, q.possibleProblems, q.typeProperty],
    decisions: [],
  },
  {
    id: 'BPO-PB-004',
    level: 'MUST',
    suite: 'contract',
    title: 'A validation problem (400) lists each failing parameter in Problems',
    sections: ['Problems'],
    quotes: [q.problemsList],
    decisions: [],
  },
  {
    id: 'BPO-PB-005',
    level: 'SHOULD',
    suite: 'contract',
    title: "Problems use the document's PascalCase members, not camelCase",
    sections: ['Problems'],
    quotes: [],
    decisions: ['D-18'],
  },
  {
    id: 'BPO-PB-006',
    level: 'SHOULD',
    suite: 'contract',
    title: 'Each problem occurrence has its own Instance',
    sections: ['Problems'],
    quotes: [],
    decisions: ['D-18'],
  },
  {
    id: 'BPO-PB-007',
    level: 'SHOULD',
    suite: 'contract',
    title:
      'A problem the document does not list (401, 405, 413, 415, 409 on money movements, 404 on redirect) has the Type the contract gives it',
    sections: ['Problems'],
    quotes: [],
    decisions: ['D-01', 'D-06', 'D-07', 'D-09', 'D-16', 'D-17', 'D-18'],
  },
  {
    id: 'BPO-AMT-003',
    level: 'MUST',
    suite: 'contract',
    title: 'Every amount in a response has at most 2 decimals',
    sections: ['1.2', '3.1', '4.1', 'Problems'],
    quotes: [q.authorizationAmountRow, q.amountZeroRefused],
    decisions: ['D-19'],
  },
  // --- model: random command sequences judged against the kit's oracle --------------
  {
    id: 'BPO-MDL-001',
    level: 'MUST',
    suite: 'model',
    title: 'The status code of each step is one the document allows (and the decisions accept)',
    sections: allOperations,
    quotes: [q.captures, q.reversals, q.redirect409, q.created201, q.cancel204],
    decisions: ['D-01', 'D-04', 'D-06', 'D-09', 'D-13'],
    revisions: '2026-02-17: creates sometimes carry `instore` and the optional `SellerNo` query parameter',
  },
  {
    id: 'BPO-MDL-002',
    level: 'MUST',
    suite: 'model',
    title: "A refused step answers the problem Type the operation's table lists for the status",
    sections: ['Problems', '3.1', '4.1', '5.1'],
    quotes: [q.validationRow, q.redirect409],
    decisions: [],
  },
  {
    id: 'BPO-MDL-003',
    level: 'MUST',
    suite: 'model',
    title: 'A refused step names the offending parameter (or a path under it) in Problems',
    sections: ['Problems', '1.2', '3.1', '4.1'],
    quotes: [q.problemsList, q.validationRow],
    decisions: ['D-01', 'D-06'],
  },
  {
    id: 'BPO-MDL-004',
    level: 'MUST',
    suite: 'model',
    title:
      'A created order, capture or reversal echoes the request (amounts, currency; a new order is Created with remainingAmount 0)',
    sections: ['1.2', '3.1', '4.1'],
    quotes: [q.createdExample, q.captureExample, q.reversalExample],
    decisions: ['D-26'],
    revisions: '2026-02-17: an order that shows `instore` shows what was sent (`false` when left out)',
  },
  {
    id: 'BPO-MDL-005',
    level: 'MUST',
    suite: 'model',
    title: 'The order read back keeps its paymentOrderId, authorizationAmount and currency',
    sections: ['1.1'],
    quotes: [q.orderIdentity],
    decisions: [],
  },
  {
    id: 'BPO-MDL-006',
    level: 'SHOULD',
    suite: 'model',
    title: 'A step the document leaves open is answered as our decisions say (currency mismatch, amount 0)',
    sections: ['1.2', '3.1', '4.1'],
    quotes: [],
    decisions: ['D-02', 'D-13', 'D-28'],
  },
  {
    id: 'BPO-LC-001',
    level: 'MUST',
    suite: 'model',
    title: 'The status read back after each step is one the document allows',
    sections: ['1.1', '1.2', '2.1'],
    quotes: [q.statusEnum, q.createdExample, q.authorizedExample, q.cancel],
    decisions: ['D-03', 'D-04', 'D-20'],
  },
  {
    id: 'BPO-LC-002',
    level: 'MUST',
    suite: 'model',
    title: '`operations` lists every operation the state allows, each a well-formed {rel, method POST, href}',
    sections: ['1.1', '1.2'],
    quotes: [q.operations, q.operationExample, q.captures, q.reversals, q.cancel],
    decisions: ['D-05'],
  },
  {
    id: 'BPO-LC-003',
    level: 'SHOULD',
    suite: 'model',
    title: "Each operation's href is the order's path plus the operation's",
    sections: ['1.1'],
    quotes: [],
    decisions: ['D-21'],
  },
  {
    id: 'BPO-LC-004',
    level: 'SHOULD',
    suite: 'model',
    title: '`operations` lists nothing the state does not allow, and no rel twice',
    sections: ['1.1'],
    quotes: [],
    decisions: ['D-05'],
  },
  {
    id: 'BPO-AMT-001',
    level: 'MUST',
    suite: 'model',
    title:
      'remainingAmount = authorizationAmount − captured sum (0 before authorization and after cancel-authorize)',
    sections: ['1.1', '1.2', '2.1', '3.1'],
    quotes: [q.remainingAmount, q.authorizedExample, q.captures, q.cancel],
    decisions: ['D-03', 'D-06'],
  },
  {
    id: 'BPO-AMT-002',
    level: 'MUST',
    suite: 'model',
    title: 'The reversed sum never exceeds the captured sum',
    sections: ['4.1'],
    quotes: [q.reversals],
    decisions: ['D-06'],
  },
  {
    id: 'BPO-CUST-001',
    level: 'MUST',
    suite: 'model',
    title:
      "The customer's step (through the adapter: choose, approve, decline, fail) completes on an order awaiting the customer",
    sections: ['Introduction', '5.1'],
    quotes: [q.customerChooses, q.statusEnum],
    decisions: ['D-08'],
  },
  {
    id: 'BPO-DUP-001',
    level: 'MUST',
    suite: 'model',
    title:
      'A repeated sellerAuthorizationId or sellerTransactionId is a new resource (201), 409, or 400 naming it',
    sections: ['1.2', '3.1', '4.1'],
    quotes: [q.sellerAuthorizationId, q.possibleProblems],
    decisions: ['D-07'],
  },
  // --- negative: request breakages derived from the request schemas ----------------
  {
    id: 'BPO-NEG-001',
    level: 'MUST',
    suite: 'negative',
    title:
      'An amount below 0, over 100000000 or with 3 decimals, or a capture or reversal `amount` of 0, is 400 naming it',
    sections: ['1.2', '3.1', '4.1', 'Problems'],
    quotes: [q.authorizationAmountRow, q.amountRow, q.amountZeroRefused, q.validationRow],
    decisions: ['D-13'],
  },
  {
    id: 'BPO-NEG-002',
    level: 'MUST',
    suite: 'negative',
    title: 'A value of the wrong JSON structure (object, array or scalar) is 400 naming the field',
    sections: bodyOperations,
    quotes: [q.requiredColumn, q.validationRow],
    decisions: [],
  },
  {
    id: 'BPO-NEG-003',
    level: 'MUST',
    suite: 'negative',
    title: 'null on a required member (or an array item) is 400 naming it',
    sections: bodyOperations,
    quotes: [q.requiredRow, q.validationRow],
    decisions: [],
  },
  {
    id: 'BPO-NEG-004',
    level: 'MUST',
    suite: 'negative',
    title: 'A missing required member is 400 naming it',
    sections: bodyOperations,
    quotes: [q.requiredRow, q.validationRow, q.receiptReferenceMandatory],
    decisions: [],
    revisions: '2026-02-17: also `receiptReference` on reversals',
  },
  {
    id: 'BPO-NEG-005',
    level: 'MUST',
    suite: 'negative',
    title: 'A value outside the enum (currency, languageCode) is 400 naming the field',
    sections: bodyOperations,
    quotes: [q.currencyEnum, q.languageCodeEnum, q.validationRow],
    decisions: [],
  },
  {
    id: 'BPO-NEG-006',
    level: 'MUST',
    suite: 'negative',
    title:
      "A value against the document's pattern (countryCode, itemDescription, receiptReference) is 400 naming it",
    sections: ['1.2', '3.1'],
    quotes: [q.countryCodePattern, q.itemDescriptionPattern, q.receiptReferencePattern, q.validationRow],
    decisions: ['D-23'],
    revisions: '2026-02-17: also `receiptReference` on reversals',
  },
  {
    id: 'BPO-NEG-007',
    level: 'MUST',
    suite: 'negative',
    title: 'Malformed JSON or a body that is not an object is 400 validation',
    sections: bodyOperations,
    quotes: [q.validationRow],
    decisions: ['D-17'],
  },
  {
    id: 'BPO-NEG-008',
    level: 'SHOULD',
    suite: 'negative',
    title: 'An unknown member in a request body is 400 naming it',
    sections: bodyOperations,
    quotes: [],
    decisions: ['D-15'],
    revisions: '2024-10-30: `receiptReference` on a reversal is an unknown member',
  },
  {
    id: 'BPO-NEG-009',
    level: 'SHOULD',
    suite: 'negative',
    title: 'An email that is not an email address, or an mcc that is not 4 digits, is 400 naming the field',
    sections: ['1.2'],
    quotes: [],
    decisions: ['D-14'],
  },
  {
    id: 'BPO-NEG-010',
    level: 'MUST',
    suite: 'negative',
    title: 'A malformed paymentOrderId is 400 naming paymentOrderId, or 404',
    sections: ['1.1'],
    quotes: [q.paymentOrderIdType, q.validationRow, q.notFoundRow],
    decisions: ['D-12'],
  },
  {
    id: 'BPO-NEG-011',
    level: 'SHOULD',
    suite: 'negative',
    title: 'An authorizationAmount or order line amount of 0 is 400 naming it',
    sections: ['1.2', '3.1'],
    quotes: [],
    decisions: ['D-13'],
  },
  {
    id: 'BPO-NEG-012',
    level: 'SHOULD',
    suite: 'negative',
    title: 'A number sent as a string (or a string as a number) is 400 naming the field',
    sections: bodyOperations,
    quotes: [],
    decisions: ['D-28'],
  },
  {
    id: 'BPO-NEG-013',
    level: 'SHOULD',
    suite: 'negative',
    title: 'null on an optional member is 400 naming it',
    sections: ['1.2'],
    quotes: [],
    decisions: ['D-28'],
  },
  {
    id: 'BPO-NEG-014',
    level: 'SHOULD',
    suite: 'negative',
    title: 'A lower-case enum value (sek, sv) is 400 naming the field',
    sections: bodyOperations,
    quotes: [],
    decisions: ['D-28'],
  },
  {
    id: 'BPO-NEG-015',
    level: 'SHOULD',
    suite: 'negative',
    title: 'An empty string, an empty orderLines or a returnUrl that is not a URI is 400 naming the field',
    sections: bodyOperations,
    quotes: [],
    decisions: ['D-11', 'D-28'],
  },
  {
    id: 'BPO-TR-001',
    level: 'SHOULD',
    suite: 'negative',
    title: 'A request body over 1 MiB is 413 payload-too-large',
    sections: bodyOperations,
    quotes: [],
    decisions: ['D-17'],
  },
  {
    id: 'BPO-TR-002',
    level: 'SHOULD',
    suite: 'negative',
    title: 'A body that is not JSON (text/plain) is 415 unsupported-media-type',
    sections: bodyOperations,
    quotes: [],
    decisions: ['D-17', 'D-22'],
  },
  {
    id: 'BPO-TR-003',
    level: 'SHOULD',
    suite: 'negative',
    title:
      'A method the path does not take (DELETE on a payment order) is 405 method-not-allowed with an Allow header naming GET',
    sections: ['1.1'],
    quotes: [],
    decisions: ['D-17'],
  },
  // --- concurrency: bursts over separate connections -------------------------------
  {
    id: 'BPO-CON-001',
    level: 'MUST',
    suite: 'concurrency',
    title: 'Parallel captures never exceed remainingAmount, and the order read back agrees with the 201s',
    sections: ['3.1'],
    quotes: [q.captures],
    decisions: ['D-01'],
  },
  {
    id: 'BPO-CON-002',
    level: 'MUST',
    suite: 'concurrency',
    title:
      'Parallel reversals never exceed the captured sum, and what remains reversible agrees with the 201s',
    sections: ['4.1'],
    quotes: [q.reversals],
    decisions: ['D-06'],
  },
  // --- security ------------------------------------------------------------------
  {
    id: 'BPO-SEC-001',
    level: 'MUST',
    suite: 'security',
    title: 'A request without Authorization is 401 and changes nothing',
    sections: ['every request'],
    quotes: [q.authorization],
    decisions: ['D-16'],
  },
  {
    id: 'BPO-SEC-002',
    level: 'MUST',
    suite: 'security',
    title: 'A malformed Authorization (not "Bearer <token>") is 401 and changes nothing',
    sections: ['every request'],
    quotes: [q.authorization],
    decisions: ['D-16'],
  },
  {
    id: 'BPO-SEC-003',
    level: 'MUST',
    suite: 'security',
    title: "Another ownerNo's order is 404 (or 401) when read, captured or cancelled, and stays unchanged",
    sections: ['1.1', '3.1', '2.1'],
    quotes: [q.notFoundRow],
    decisions: ['D-16'],
  },
  {
    id: 'BPO-SEC-004',
    level: 'MUST',
    suite: 'security',
    title: 'An unknown paymentOrderId is 404 not-found',
    sections: ['1.1', '3.1'],
    quotes: [q.notFoundRow],
    decisions: [],
  },
] as const satisfies readonly CheckDefinition[];

/** The ids of bnpl-payment-order's checks. */
export type BpoCheckId = (typeof definitions)[number]['id'];
/** The ids of Order Processing's checks (order-processing/catalogue.ts). */
export type OpCheckId = (typeof orderProcessingDefinitions)[number]['id'];
export type CheckId = BpoCheckId | OpCheckId;

/** bnpl-payment-order's catalogue. */
export const catalogue: ReadonlyMap<CheckId, CheckDefinition> = new Map(definitions.map((d) => [d.id, d]));

/** Order Processing's catalogue. */
export const orderProcessingCatalogue: ReadonlyMap<CheckId, CheckDefinition> = new Map(
  orderProcessingDefinitions.map((d) => [d.id, d]),
);

/** Each API's catalogue, by the API's name. */
export const catalogues: Readonly<Record<string, ReadonlyMap<CheckId, CheckDefinition>>> = {
  'bnpl-payment-order': catalogue,
  'order-processing': orderProcessingCatalogue,
};

const everyCheck: ReadonlyMap<CheckId, CheckDefinition> = new Map([
  ...catalogue,
  ...orderProcessingCatalogue,
]);

export function definitionOf(id: CheckId): CheckDefinition {
  const definition = everyCheck.get(id);
  // Ids are typed, so a miss is a bug in the kit.
  if (definition === undefined) throw new Error(`conformance: unknown check ${id}`);
  return definition;
}

export function levelOf(id: CheckId): Level {
  return definitionOf(id).level;
}
