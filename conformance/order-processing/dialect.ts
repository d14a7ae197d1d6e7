// Order Processing's contract checks: the generic checks (checks/) bound to its ids
// and to how its contract writes problems: RFC 9457 lower-case type, title, status,
// detail, instance (OP-D-09), a 400's `errors` list of { detail, pointer | header |
// parameter } (OP-D-10), a type whose last segment names the problem, and amounts as
// { value, currencyCode } objects (S2). The sources show no error model, so every
// problem check is SHOULD; the statuses' classes, the success media type, the
// documented members and the amounts are MUST.
import { amountObjects, amountsTwoDecimals } from '../checks/amounts-two-decimals.ts';
import { contentTypeDocumented } from '../checks/content-type-documented.ts';
import { problemInstanceUnique } from '../checks/problem-instance-unique.ts';
import { problemMembersPresent } from '../checks/problem-members.ts';
import { problemStatusMatchesHttp } from '../checks/problem-status-matches-http.ts';
import { problemTypeOfDecisions } from '../checks/problem-type-documented.ts';
import { responseSchemaConformance } from '../checks/response-schema-conformance.ts';
import { statusCodeDocumented, statusCodeOfAClass } from '../checks/status-code-documented.ts';
import type { ContractDialect, ProblemWriting } from '../checks/types.ts';
import { validationProblemListsProblems } from '../checks/validation-problem-lists-problems.ts';
import type { OpSpec } from './spec.ts';

const places = ['pointer', 'header', 'parameter'] as const;

/** The last segment of a problem type (`…/order-processing/insufficient-float` → `insufficient-float`). */
export function problemName(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  return type.split(/[/#:]/).pop();
}

export const rfc9457Problems: ProblemWriting = {
  members: ['type', 'title', 'status', 'instance', 'detail'],
  member: (body, name) => (body !== undefined && Object.hasOwn(body, name) ? body[name] : undefined),
  casing: '',
  validationList(body) {
    const errors = body?.errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      return 'the 400 problem has no errors list naming what failed';
    }
    const bad = errors.filter((e) => {
      if (typeof e !== 'object' || e === null) return true;
      const entry = e as Record<string, unknown>;
      const named = places.filter((p) => typeof entry[p] === 'string');
      return typeof entry.detail !== 'string' || named.length !== 1;
    });
    if (bad.length === 0) return undefined;
    return `each entry of errors is { detail, pointer | header | parameter }; not so: ${bad.map((e) => JSON.stringify(e)).join(', ')}`;
  },
  typeProblem(ctx, exchange, type) {
    const spec = ctx.spec as OpSpec;
    const status = exchange.response.status;
    const listed = spec.problemNames(exchange.operationId, status);
    const names = listed.length > 0 ? listed : spec.problemsWithStatus(status);
    const name = problemName(type);
    if (name !== undefined && names.includes(name)) return undefined;
    return `the ${status} problem's type is ${JSON.stringify(type)}; its last segment should name ${names.length === 0 ? 'a problem of the contract' : names.join(' or ')}`;
  },
};

export const orderProcessingDialect: ContractDialect = {
  responseCheck: 'OP-HTTP-001',
  checks: [
    amountsTwoDecimals('OP-AMT-001', amountObjects, 0),
    statusCodeOfAClass('OP-CT-001', [422]),
    statusCodeDocumented('OP-CT-002'),
    contentTypeDocumented('OP-CT-003', 'success'),
    contentTypeDocumented('OP-CT-004', 'errors'),
    problemMembersPresent('OP-PB-001', rfc9457Problems),
    problemStatusMatchesHttp('OP-PB-002', rfc9457Problems),
    validationProblemListsProblems('OP-PB-004', rfc9457Problems),
    responseSchemaConformance('OP-CT-005'),
    responseSchemaConformance('OP-CT-006', (ctx, exchange) =>
      (ctx.spec as OpSpec).validateFull(exchange.operationId, exchange.response.status),
    ),
    problemTypeOfDecisions('OP-PB-003', rfc9457Problems),
    problemInstanceUnique('OP-PB-005', rfc9457Problems),
  ],
};
