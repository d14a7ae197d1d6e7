// The problem's status member equals the HTTP status (bnpl-payment-order's problem
// example: `"Status" : 400` on `HTTP/1.1 400 Error`; Order Processing: OP-D-09).
import type { CheckId } from '../catalogue.ts';
import { bodyObject, type ContractCheck, fail, isError, type ProblemWriting } from './types.ts';

export function problemStatusMatchesHttp(id: CheckId, writing: ProblemWriting): ContractCheck {
  const name = writing.members[2] ?? 'status';
  return {
    id,
    applies: (_ctx, exchange) =>
      isError(exchange) && writing.member(bodyObject(exchange), name) !== undefined,
    check(_ctx, exchange) {
      const status = writing.member(bodyObject(exchange), name);
      if (status === exchange.response.status) return undefined;
      return fail(
        id,
        exchange,
        `the problem says ${name} ${JSON.stringify(status)} on an HTTP ${exchange.response.status}`,
      );
    },
  };
}
