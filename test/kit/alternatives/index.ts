// Correct alternative implementations the kit must pass: each takes another reading
// the document allows where it is silent, built on the mock through its `faults`
// seam or a proxy that rewrites requests and answers. None may fail a MUST check;
// where the reading is not ours, only the SHOULD checks listed may warn. A false
// alarm on any of them fails `npm test`.
import type { CheckId } from '../../../conformance/catalogue.ts';
import type { Faults } from '../../../src/mock/server.ts';
import type { ProxyRules } from '../proxy.ts';
import {
  cancelOnCreatedIsNoOp,
  cancelWithoutCapturesStaysAuthorized,
  captureOfferedWhenNothingRemains,
} from './lifecycle.ts';
import {
  camelCaseProblems,
  optionalNullAccepted,
  otherTypesForOurProblems,
  problemsNameAPathUnder,
  repeatedSellerIdsConflict,
  unknownMembersIgnored,
  wrongMethodNotFound,
  zeroOrderLinesAccepted,
} from './requests.ts';
import { allRelsAlways, instoreAbsentAndExtraMembers } from './responses.ts';
import { cancelOnCreatedWitness, cancelWithoutCapturesWitness, type Witness } from './witnesses.ts';

export interface Alternative {
  readonly name: string;
  /** The reading, and where the document leaves room for it. */
  readonly description: string;
  readonly faults?: Faults;
  /** A proxy before the mock; a function so each run gets its own state. */
  readonly proxy?: () => ProxyRules | Promise<ProxyRules>;
  /** The SHOULD checks that warn about this reading (each does in the test run); nothing else may fail. */
  readonly warns: readonly CheckId[];
  /** A check that must have been evaluated, showing the run reached the reading. */
  readonly reached?: CheckId;
  /** Where no check shows it: a watcher of the run's traffic that must see the reading at least once. */
  readonly witness?: () => Witness;
}

export const alternatives: readonly Alternative[] = [
  {
    name: 'all-rels-always',
    description: '`operations` lists all four rels in every state, as both document examples do (D-05)',
    faults: { respond: allRelsAlways },
    warns: ['BPO-LC-004'],
  },
  {
    name: 'capture-offered-when-nothing-remains',
    description: 'add-capture stays listed on an Authorized order with remainingAmount 0 (D-05)',
    faults: { lifecycle: captureOfferedWhenNothingRemains },
    warns: ['BPO-LC-004'],
  },
  {
    name: 'cancel-on-created-is-a-no-op',
    description:
      'cancel-authorize on a Created order answers 204 and leaves it Created: no completed authorization (2.1, D-04)',
    faults: { lifecycle: cancelOnCreatedIsNoOp },
    warns: [],
    witness: cancelOnCreatedWitness,
  },
  {
    name: 'cancel-without-captures-stays-authorized',
    description:
      'cancel-authorize without captures leaves the order Authorized with remainingAmount 0 (D-03)',
    faults: { lifecycle: cancelWithoutCapturesStaysAuthorized },
    warns: [],
    witness: cancelWithoutCapturesWitness,
  },
  {
    name: 'repeated-seller-ids-conflict',
    description: 'a repeated sellerAuthorizationId or sellerTransactionId is 409 (D-07)',
    proxy: repeatedSellerIdsConflict,
    warns: [],
    reached: 'BPO-DUP-001',
  },
  {
    name: 'zero-order-lines-accepted',
    description: 'an order line of amount 0 is accepted ("Min: 0"; D-13 refuses it)',
    proxy: () => zeroOrderLinesAccepted,
    warns: ['BPO-NEG-011'],
  },
  {
    name: 'unknown-members-ignored',
    description: 'unknown members of a request are ignored (D-15 refuses them)',
    proxy: () => unknownMembersIgnored(),
    warns: ['BPO-NEG-008'],
  },
  {
    name: 'optional-null-accepted',
    description: '`null` on an optional member is taken as not given (D-28 refuses it)',
    proxy: () => optionalNullAccepted(),
    warns: ['BPO-NEG-013'],
  },
  {
    name: 'camel-case-problems',
    description:
      'problems use camelCase members, as the document\'s prose ("the "type" property") and RFC 9457 do (D-18)',
    proxy: () => camelCaseProblems,
    warns: ['BPO-PB-005'],
  },
  {
    name: 'other-types-for-our-problems',
    description: 'the problems the document does not list (401, 413, 415) carry Types of its own (D-18)',
    proxy: () => otherTypesForOurProblems,
    warns: ['BPO-PB-007'],
  },
  {
    name: 'problems-name-a-path-under-the-field',
    description: 'a 400 names the failing parameter by a path under it (`amount.value`)',
    proxy: () => problemsNameAPathUnder,
    warns: [],
  },
  {
    name: 'wrong-method-not-found',
    description:
      'a DELETE on a payment order is a 404 not-found problem: the router knows only the documented routes (D-17 says 405)',
    proxy: () => wrongMethodNotFound,
    warns: ['BPO-TR-003'],
  },
  {
    name: 'instore-absent-and-extra-members',
    description: 'answers leave out `instore` (D-26) and carry a member the document does not list',
    faults: { respond: instoreAbsentAndExtraMembers },
    warns: [],
  },
];
