// The catalogue of deliberately broken implementations the kit must catch: each a
// change to the mock (its `faults` seam, a proxy in front of it, or the revision it
// serves), the suites that should catch it, and the MUST checks expected among the
// failures. Every one contradicts a sentence of the document.
import type { CheckId, SuiteName } from '../../../conformance/catalogue.ts';
import type { Faults } from '../../../src/mock/server.ts';
import type { ProxyRules } from '../proxy.ts';
import {
  cancelKeepsRemaining,
  captureBeyondRemaining,
  failedStepAuthorizes,
  redirectWithoutPaymentMethod,
  reversalBeyondCaptured,
  reversalRestoresRemaining,
} from './lifecycle.ts';
import { wrongMethodBareText, zeroAmountAccepted } from './requests.ts';
import {
  absoluteProblemTypes,
  captureNeverOffered,
  createAnswers200,
  floatRemainingAmount,
  problemAsApplicationJson,
  problemMembersMissing,
  problemStatusAlways400,
  validationWithoutProblems,
} from './responses.ts';

export interface Mutant {
  readonly name: string;
  readonly description: string;
  readonly faults?: Faults;
  /** A proxy before the mock, for requests the mock refuses before `faults` apply. */
  readonly proxy?: ProxyRules;
  /** The revision the mock serves (default: the latest, which the kit certifies against). */
  readonly revision?: string;
  /** The suites to run; the others cannot see this fault. */
  readonly suites: readonly Exclude<SuiteName, 'contract'>[];
  /** At least one of these MUST checks fails. */
  readonly caughtBy: readonly CheckId[];
}

export const mutants: readonly Mutant[] = [
  {
    name: 'capture-beyond-remaining',
    description: 'captures are not checked against remainingAmount',
    faults: { lifecycle: captureBeyondRemaining },
    suites: ['model'],
    caughtBy: ['BPO-MDL-001'],
  },
  {
    name: 'reversal-beyond-captured',
    description: 'reversals are not checked against the captured sum',
    faults: { lifecycle: reversalBeyondCaptured },
    suites: ['model'],
    caughtBy: ['BPO-MDL-001', 'BPO-AMT-002'],
  },
  {
    name: 'float-remaining-amount',
    description: 'remainingAmount computed in floats (1000 − 333.33 = 666.6700000000001)',
    faults: { respond: floatRemainingAmount },
    suites: ['model'],
    caughtBy: ['BPO-AMT-003', 'BPO-AMT-001'],
  },
  {
    name: 'problem-members-missing',
    description: 'problems carry only Type and Status',
    faults: { respond: problemMembersMissing },
    suites: ['security'],
    caughtBy: ['BPO-PB-001'],
  },
  {
    name: 'racing-captures',
    description: 'parallel captures all pass the remainingAmount guard before any is stored',
    faults: { commitDelayMs: 40 },
    suites: ['concurrency'],
    caughtBy: ['BPO-CON-001'],
  },
  {
    name: 'capture-never-offered',
    description: '`operations` lacks add-capture while captures are possible',
    faults: { respond: captureNeverOffered },
    suites: ['model'],
    caughtBy: ['BPO-LC-002'],
  },
  {
    name: 'create-answers-200',
    description: 'create answers 200 instead of 201',
    faults: { respond: createAnswers200 },
    suites: ['model'],
    caughtBy: ['BPO-CT-001', 'BPO-MDL-001'],
  },
  {
    name: 'cancel-keeps-remaining',
    description: 'cancel-authorize after captures leaves remainingAmount',
    faults: { lifecycle: cancelKeepsRemaining },
    suites: ['model'],
    caughtBy: ['BPO-AMT-001'],
  },
  {
    name: 'reversal-restores-remaining',
    description: 'a reversal adds its amount back to remainingAmount',
    faults: { lifecycle: reversalRestoresRemaining },
    suites: ['model'],
    caughtBy: ['BPO-AMT-001'],
  },
  {
    name: 'redirect-without-payment-method',
    description: 'redirect answers 200 before a payment method was chosen',
    faults: { lifecycle: redirectWithoutPaymentMethod },
    suites: ['model'],
    caughtBy: ['BPO-MDL-001'],
  },
  {
    name: 'failed-step-authorizes',
    description: "the customer's failed step authorizes the order",
    faults: { lifecycle: failedStepAuthorizes },
    suites: ['model'],
    caughtBy: ['BPO-LC-001'],
  },
  {
    name: 'problem-as-application-json',
    description: 'problems served as application/json',
    faults: { respond: problemAsApplicationJson },
    suites: ['security'],
    caughtBy: ['BPO-CT-002'],
  },
  {
    name: 'problem-status-mismatch',
    description: 'the problem Status member says 400 on every error',
    faults: { respond: problemStatusAlways400 },
    suites: ['security'],
    caughtBy: ['BPO-PB-002'],
  },
  {
    name: 'validation-without-problems',
    description: 'a 400 without the Problems member',
    faults: { respond: validationWithoutProblems },
    suites: ['model'],
    caughtBy: ['BPO-PB-004'],
  },
  {
    name: 'absolute-problem-types',
    description: 'problem Types as absolute URIs instead of the documented relative form',
    faults: { respond: absoluteProblemTypes },
    suites: ['security'],
    caughtBy: ['BPO-PB-003'],
  },
  {
    name: 'zero-amount-accepted',
    description: 'a capture of 0 is accepted',
    proxy: zeroAmountAccepted,
    suites: ['negative'],
    caughtBy: ['BPO-NEG-001'],
  },
  {
    name: 'wrong-method-bare-text',
    description: 'a DELETE on a payment order is answered 405 with a bare text body, not a problem',
    proxy: wrongMethodBareText,
    suites: ['negative'],
    caughtBy: ['BPO-CT-002', 'BPO-PB-001'],
  },
  {
    name: 'serves-the-old-revision',
    description:
      'an implementation of 2024-10-30 certified against 2026-02-17 (no receiptReference on reversals)',
    revision: '2024-10-30',
    suites: ['negative'],
    caughtBy: ['BPO-NEG-004', 'BPO-MDL-001'],
  },
];
