// The checks catalogue: every claim the conformance kit can make about an
// implementation, with its stable id, its level and the document section (or
// DECISIONS.md entry) it derives from. Reports, JUnit and the README list read from
// here; the suites only refer to ids. Ids never change meaning once published.

export type Level = 'MUST' | 'SHOULD';
export type SuiteName = 'contract' | 'model' | 'negative' | 'concurrency' | 'security';

export interface CheckDefinition {
  readonly id: string;
  readonly level: Level;
  readonly suite: SuiteName;
  readonly title: string;
  /** Sections of the source document ("1.2", "Problems", "every request"). */
  readonly sections: readonly string[];
  /** Entries of spec/DECISIONS.md the check follows, with what the kit accepts there. */
  readonly decisions: readonly string[];
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
    sections: ['every request'],
    decisions: [],
  },
  {
    id: 'BPO-CT-001',
    level: 'MUST',
    suite: 'contract',
    title: 'The status code is documented for the operation',
    sections: allOperations,
    decisions: ['D-01', 'D-06', 'D-07'],
  },
  {
    id: 'BPO-CT-002',
    level: 'MUST',
    suite: 'contract',
    title: 'The Content-Type is the documented media type (application/json, application/problem+json)',
    sections: [...allOperations, 'Problems'],
    decisions: [],
  },
  {
    id: 'BPO-CT-003',
    level: 'MUST',
    suite: 'contract',
    title: "The body validates against the operation's documented schema",
    sections: allOperations,
    decisions: [],
  },
  {
    id: 'BPO-CT-004',
    level: 'MUST',
    suite: 'contract',
    title: '204 carries no body',
    sections: ['2.1'],
    decisions: ['D-10'],
  },
  {
    id: 'BPO-PB-001',
    level: 'MUST',
    suite: 'contract',
    title:
      'An error is a problem with the documented PascalCase members Type, Title, Status, Detail, Instance',
    sections: ['Problems'],
    decisions: ['D-18'],
  },
  {
    id: 'BPO-PB-002',
    level: 'MUST',
    suite: 'contract',
    title: "The problem's Status equals the HTTP status",
    sections: ['Problems'],
    decisions: [],
  },
  {
    id: 'BPO-PB-003',
    level: 'MUST',
    suite: 'contract',
    title:
      "The problem's Type is the one documented for the status (ledger/bnpl-payment-order/v1/problems/<name>)",
    sections: ['Problems', ...allOperations],
    decisions: ['D-18'],
  },
  {
    id: 'BPO-PB-004',
    level: 'MUST',
    suite: 'contract',
    title: 'A validation problem (400) lists each failing parameter in Problems',
    sections: ['Problems'],
    decisions: [],
  },
  {
    id: 'BPO-PB-005',
    level: 'SHOULD',
    suite: 'contract',
    title: 'Problems do not use RFC 9457 lower-case (camelCase) members',
    sections: ['Problems'],
    decisions: ['D-18'],
  },
  {
    id: 'BPO-PB-006',
    level: 'SHOULD',
    suite: 'contract',
    title: 'Each problem occurrence has its own Instance',
    sections: ['Problems'],
    decisions: ['D-18'],
  },
  {
    id: 'BPO-AMT-003',
    level: 'MUST',
    suite: 'contract',
    title: 'Every amount in a response has at most 2 decimals',
    sections: ['1.2', '3.1', '4.1'],
    decisions: ['D-19'],
  },
  // --- model: random command sequences judged against the lifecycle ----------------
  {
    id: 'BPO-MDL-001',
    level: 'MUST',
    suite: 'model',
    title: 'The status code is one the lifecycle model predicts for the step',
    sections: allOperations,
    decisions: ['D-01', 'D-02', 'D-04', 'D-06', 'D-09', 'D-13'],
  },
  {
    id: 'BPO-MDL-002',
    level: 'MUST',
    suite: 'model',
    title: 'A refused step answers the problem Type the lifecycle rule names',
    sections: ['Problems', '3.1', '4.1', '5.1'],
    decisions: ['D-01', 'D-02', 'D-06', 'D-09'],
  },
  {
    id: 'BPO-MDL-003',
    level: 'MUST',
    suite: 'model',
    title: 'A refused step names the offending parameter in Problems',
    sections: ['Problems', '1.2', '3.1', '4.1'],
    decisions: ['D-01', 'D-02', 'D-06', 'D-13'],
  },
  {
    id: 'BPO-MDL-004',
    level: 'MUST',
    suite: 'model',
    title: 'A created order, capture or reversal echoes the request (amount, currency, status Created)',
    sections: ['1.2', '3.1', '4.1'],
    decisions: [],
  },
  {
    id: 'BPO-MDL-005',
    level: 'MUST',
    suite: 'model',
    title: 'The order read back keeps its paymentOrderId, authorizationAmount and currency',
    sections: ['1.1'],
    decisions: [],
  },
  {
    id: 'BPO-LC-001',
    level: 'MUST',
    suite: 'model',
    title: 'The status read back after each step agrees with the lifecycle',
    sections: ['1.1', '1.2', '2.1'],
    decisions: ['D-03', 'D-04', 'D-20'],
  },
  {
    id: 'BPO-LC-002',
    level: 'MUST',
    suite: 'model',
    title: '`operations` lists exactly the rels the state allows',
    sections: ['1.1'],
    decisions: ['D-05'],
  },
  {
    id: 'BPO-LC-003',
    level: 'SHOULD',
    suite: 'model',
    title: "Each operation is a POST whose href is the order's path plus the operation's",
    sections: ['1.1'],
    decisions: ['D-21'],
  },
  {
    id: 'BPO-AMT-001',
    level: 'MUST',
    suite: 'model',
    title:
      'remainingAmount = authorizationAmount − captured sum (0 before authorization and after cancel-authorize)',
    sections: ['1.1', '1.2', '2.1', '3.1'],
    decisions: ['D-03'],
  },
  {
    id: 'BPO-AMT-002',
    level: 'MUST',
    suite: 'model',
    title: 'The reversed sum never exceeds the captured sum',
    sections: ['4.1'],
    decisions: ['D-06'],
  },
  {
    id: 'BPO-CUST-001',
    level: 'MUST',
    suite: 'model',
    title: "The customer's step (through the adapter) completes on an order awaiting the customer",
    sections: ['5.1'],
    decisions: ['D-08'],
  },
  // --- negative: request breakages derived from the request schemas ----------------
  {
    id: 'BPO-NEG-001',
    level: 'MUST',
    suite: 'negative',
    title: 'An amount out of range (0, negative, over 100000000) or with 3 decimals is 400 naming the field',
    sections: ['1.2', '3.1', '4.1'],
    decisions: ['D-13'],
  },
  {
    id: 'BPO-NEG-002',
    level: 'MUST',
    suite: 'negative',
    title: 'A value of the wrong JSON type is 400 naming the field',
    sections: bodyOperations,
    decisions: [],
  },
  {
    id: 'BPO-NEG-003',
    level: 'MUST',
    suite: 'negative',
    title: 'A null value is 400 naming the field',
    sections: bodyOperations,
    decisions: [],
  },
  {
    id: 'BPO-NEG-004',
    level: 'MUST',
    suite: 'negative',
    title: 'A missing required field is 400 naming the field',
    sections: bodyOperations,
    decisions: [],
  },
  {
    id: 'BPO-NEG-005',
    level: 'MUST',
    suite: 'negative',
    title: 'A value outside the enum (currency, languageCode) is 400 naming the field',
    sections: bodyOperations,
    decisions: [],
  },
  {
    id: 'BPO-NEG-006',
    level: 'MUST',
    suite: 'negative',
    title: 'A pattern, length, item-count or URI violation is 400 naming the field',
    sections: bodyOperations,
    decisions: ['D-23'],
  },
  {
    id: 'BPO-NEG-007',
    level: 'MUST',
    suite: 'negative',
    title: 'Malformed JSON or a body that is not an object is 400 validation',
    sections: bodyOperations,
    decisions: ['D-17'],
  },
  {
    id: 'BPO-NEG-008',
    level: 'SHOULD',
    suite: 'negative',
    title: 'An unknown member in a request body is 400 naming it',
    sections: bodyOperations,
    decisions: ['D-15'],
  },
  {
    id: 'BPO-NEG-009',
    level: 'SHOULD',
    suite: 'negative',
    title: 'An email that is not an email address, or an mcc that is not 4 digits, is 400 naming the field',
    sections: ['1.2'],
    decisions: ['D-14'],
  },
  {
    id: 'BPO-NEG-010',
    level: 'MUST',
    suite: 'negative',
    title: 'A malformed paymentOrderId is 400 naming paymentOrderId, or 404',
    sections: ['1.1'],
    decisions: ['D-12'],
  },
  // --- concurrency: bursts over separate connections -------------------------------
  {
    id: 'BPO-CON-001',
    level: 'MUST',
    suite: 'concurrency',
    title: 'Parallel captures never exceed remainingAmount, and the order read back agrees with the 201s',
    sections: ['3.1'],
    decisions: ['D-01'],
  },
  {
    id: 'BPO-CON-002',
    level: 'MUST',
    suite: 'concurrency',
    title:
      'Parallel reversals never exceed the captured sum, and what remains reversible agrees with the 201s',
    sections: ['4.1'],
    decisions: ['D-06'],
  },
  // --- security ------------------------------------------------------------------
  {
    id: 'BPO-SEC-001',
    level: 'MUST',
    suite: 'security',
    title: 'A request without Authorization is 401 and changes nothing',
    sections: ['every request'],
    decisions: ['D-16'],
  },
  {
    id: 'BPO-SEC-002',
    level: 'MUST',
    suite: 'security',
    title: 'A malformed Authorization (not "Bearer <token>") is 401 and changes nothing',
    sections: ['every request'],
    decisions: ['D-16'],
  },
  {
    id: 'BPO-SEC-003',
    level: 'MUST',
    suite: 'security',
    title: "Another ownerNo's order is 404 (or 401) when read, captured or cancelled, and stays unchanged",
    sections: ['1.1', '3.1', '2.1'],
    decisions: ['D-16'],
  },
  {
    id: 'BPO-SEC-004',
    level: 'MUST',
    suite: 'security',
    title: 'An unknown paymentOrderId is 404 not-found',
    sections: ['1.1', '3.1'],
    decisions: [],
  },
] as const satisfies readonly CheckDefinition[];

export type CheckId = (typeof definitions)[number]['id'];

export const catalogue: ReadonlyMap<CheckId, CheckDefinition> = new Map(definitions.map((d) => [d.id, d]));

export function definitionOf(id: CheckId): CheckDefinition {
  const definition = catalogue.get(id);
  // Ids are typed, so a miss is a bug in the kit.
  if (definition === undefined) throw new Error(`conformance: unknown check ${id}`);
  return definition;
}
