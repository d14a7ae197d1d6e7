// The problem's type. bnpl-payment-order: where the operation's "Possible problems"
// table lists the status, the Type is the document's, in its relative form
// ledger/bnpl-payment-order/v1/problems/<name> (BPO-PB-003, MUST). Every other status
// (bnpl-payment-order's 401, 413, 415, …; every Order Processing problem) is judged by
// the API's own reading of its decisions (BPO-PB-007, OP-PB-003, SHOULD).
import { documentedProblem } from '../bnpl-payment-order/document.ts';
import type { CheckId } from '../catalogue.ts';
import {
  bodyObject,
  type ContractCheck,
  type ContractContext,
  fail,
  isError,
  type ProblemWriting,
} from './types.ts';

export function problemTypeDocumented(
  id: CheckId,
  writing: ProblemWriting,
  prefix: (ctx: ContractContext) => string,
): ContractCheck {
  return {
    id,
    applies: (_ctx, exchange) =>
      isError(exchange) &&
      documentedProblem(exchange.operationId, exchange.response.status) !== undefined &&
      bodyObject(exchange) !== undefined,
    check(ctx, exchange) {
      const type = writing.member(bodyObject(exchange), 'Type');
      const name = documentedProblem(exchange.operationId, exchange.response.status);
      const expected = prefix(ctx) + String(name);
      if (type === expected) return undefined;
      return fail(
        id,
        exchange,
        `the ${exchange.response.status} problem's Type is ${JSON.stringify(type)}; the document's table lists ${name}: ${expected}`,
      );
    },
  };
}

/** The type of a problem no document lists, as the API's decisions write it. */
export function problemTypeOfDecisions(
  id: CheckId,
  writing: ProblemWriting,
  listedByDocument: (operationId: string, status: number) => boolean = () => false,
): ContractCheck {
  return {
    id,
    applies: (_ctx, exchange) =>
      isError(exchange) &&
      !listedByDocument(exchange.operationId, exchange.response.status) &&
      bodyObject(exchange) !== undefined,
    check(ctx, exchange) {
      const type = writing.member(bodyObject(exchange), writing.members[0] ?? 'type');
      const wrong = writing.typeProblem(ctx, exchange, type);
      return wrong === undefined ? undefined : fail(id, exchange, wrong);
    },
  };
}
