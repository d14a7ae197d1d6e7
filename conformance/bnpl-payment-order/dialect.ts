// bnpl-payment-order's contract checks: the generic checks (checks/) bound to its ids
// and to how its document writes problems: PascalCase Type, Title, Status, Instance,
// Detail (camelCase read too, D-18), a `Problems` map naming each failing parameter,
// relative Types ledger/bnpl-payment-order/v1/problems/<name>, and flat amounts.
import { amountsTwoDecimals, membersNamed } from '../checks/amounts-two-decimals.ts';
import { contentTypeDocumented } from '../checks/content-type-documented.ts';
import { noBodyOn204 } from '../checks/no-body-on-204.ts';
import { problemMember } from '../checks/problem-body.ts';
import { problemInstanceUnique } from '../checks/problem-instance-unique.ts';
import { problemMembersPascalCase, problemMembersPresent } from '../checks/problem-members.ts';
import { problemStatusMatchesHttp } from '../checks/problem-status-matches-http.ts';
import { problemTypeDocumented, problemTypeOfDecisions } from '../checks/problem-type-documented.ts';
import { responseSchemaConformance } from '../checks/response-schema-conformance.ts';
import { statusCodeDocumented } from '../checks/status-code-documented.ts';
import type { ContractContext, ContractDialect, ProblemWriting } from '../checks/types.ts';
import { validationProblemListsProblems } from '../checks/validation-problem-lists-problems.ts';
import type { KitSpec } from '../spec.ts';
import { problemCasing } from './accepts.ts';
import { documentedProblem } from './document.ts';

export const problemMembers = ['Type', 'Title', 'Status', 'Instance', 'Detail'] as const;

const prefixOf = (ctx: ContractContext) => (ctx.spec as KitSpec).problemTypePrefix;

export const ledgerProblems: ProblemWriting = {
  members: problemMembers,
  member: problemMember,
  get casing() {
    return ` (in ${problemCasing.casings.map((c) => c.name).join(' or ')})`;
  },
  validationList(body) {
    const problems = problemMember(body, 'Problems');
    if (typeof problems !== 'object' || problems === null || Array.isArray(problems)) {
      return 'the 400 problem has no Problems object naming the failing parameters';
    }
    const entries = Object.entries(problems);
    if (entries.length === 0) return 'the 400 problem has an empty Problems object';
    const bad = entries.filter(
      ([, messages]) =>
        !Array.isArray(messages) || messages.length === 0 || messages.some((m) => typeof m !== 'string'),
    );
    if (bad.length === 0) return undefined;
    return `Problems must map each parameter to a list of messages; not so for ${bad.map(([k]) => k).join(', ')}`;
  },
  // A status the document does not list: the contract's Type, or any name of the document's form (D-18).
  typeProblem(ctx, exchange, type) {
    const status = exchange.response.status;
    const expected = ctx.spec.problemType(exchange.operationId, status);
    if (expected !== undefined) {
      return type === expected
        ? undefined
        : `the ${status} problem's Type is ${JSON.stringify(type)}; the contract gives ${expected}`;
    }
    const prefix = prefixOf(ctx);
    if (
      typeof type === 'string' &&
      type.startsWith(prefix) &&
      /^[a-z][a-z-]*$/.test(type.slice(prefix.length))
    )
      return undefined;
    return `the problem's Type ${JSON.stringify(type)} is not of the form ${prefix}<name>`;
  },
};

/** In the order failures are listed in. */
export const bnplPaymentOrderDialect: ContractDialect = {
  responseCheck: 'BPO-HTTP-001',
  checks: [
    amountsTwoDecimals(
      'BPO-AMT-003',
      membersNamed(new Set(['authorizationAmount', 'remainingAmount', 'amount'])),
    ),
    statusCodeDocumented('BPO-CT-001'),
    contentTypeDocumented('BPO-CT-002'),
    noBodyOn204('BPO-CT-004'),
    problemMembersPresent('BPO-PB-001', ledgerProblems),
    problemStatusMatchesHttp('BPO-PB-002', ledgerProblems),
    problemTypeDocumented('BPO-PB-003', ledgerProblems, prefixOf),
    validationProblemListsProblems('BPO-PB-004', ledgerProblems),
    responseSchemaConformance('BPO-CT-003'),
    problemMembersPascalCase(
      problemCasing.otherCasingWarns,
      [...problemMembers, 'Problems'],
      problemCasing.casings,
    ),
    problemTypeOfDecisions(
      problemCasing.otherTypeWarns,
      ledgerProblems,
      (operationId, status) => documentedProblem(operationId, status) !== undefined,
    ),
    problemInstanceUnique('BPO-PB-006', ledgerProblems),
  ],
};
