// The contract checks, applied to every response the kit receives whatever suite
// sent the request, and `judgeContract`, which runs them on one exchange. Order is
// the order failures are listed in.
import type { CheckId } from '../catalogue.ts';
import type { Failure } from '../results.ts';
import type { HttpExchange } from '../transcript.ts';
import { amountsTwoDecimals } from './amounts-two-decimals.ts';
import { contentTypeDocumented } from './content-type-documented.ts';
import { noBodyOn204 } from './no-body-on-204.ts';
import { problemInstanceUnique } from './problem-instance-unique.ts';
import { problemMembersPascalCase, problemMembersPresent } from './problem-members.ts';
import { problemStatusMatchesHttp } from './problem-status-matches-http.ts';
import { problemTypeDocumented, problemTypeOfDecisions } from './problem-type-documented.ts';
import { responseSchemaConformance } from './response-schema-conformance.ts';
import { statusCodeDocumented } from './status-code-documented.ts';
import type { AnsweredExchange, ContractCheck, ContractContext } from './types.ts';
import { validationProblemListsProblems } from './validation-problem-lists-problems.ts';

export type { ContractContext } from './types.ts';

export const contractChecks: readonly ContractCheck[] = [
  amountsTwoDecimals,
  statusCodeDocumented,
  contentTypeDocumented,
  noBodyOn204,
  problemMembersPresent,
  problemStatusMatchesHttp,
  problemTypeDocumented,
  validationProblemListsProblems,
  responseSchemaConformance,
  problemMembersPascalCase,
  problemTypeOfDecisions,
  problemInstanceUnique,
];

export interface Judgement {
  /** Every check that had something to say, failed or not. */
  readonly evaluated: readonly CheckId[];
  readonly failures: readonly Failure[];
}

/** Runs every contract check that applies to the exchange. */
export function judgeContract(ctx: ContractContext, exchange: HttpExchange): Judgement {
  if (exchange.response === undefined) {
    return {
      evaluated: ['BPO-HTTP-001'],
      failures: [
        {
          checkId: 'BPO-HTTP-001',
          operationId: exchange.operationId,
          message: `#${exchange.n}: ${exchange.request.method} ${exchange.request.path} got no response: ${exchange.error ?? 'unknown error'}`,
        },
      ],
    };
  }
  if (exchange.operationId === undefined) return { evaluated: ['BPO-HTTP-001'], failures: [] };
  const answered = exchange as AnsweredExchange;
  const evaluated: CheckId[] = ['BPO-HTTP-001'];
  const failures: Failure[] = [];
  for (const check of contractChecks) {
    if (!check.applies(ctx, answered)) continue;
    evaluated.push(check.id);
    const failure = check.check(ctx, answered);
    if (failure !== undefined) failures.push(failure);
  }
  return { evaluated, failures };
}
