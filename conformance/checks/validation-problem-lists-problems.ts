// A 400 validation problem says which parameters failed, where its API puts that:
// bnpl-payment-order's `Problems` map (BPO-PB-004, the document's problem example);
// Order Processing's `errors` list (OP-PB-004, OP-D-10). Which parameter must be named
// is judged where the kit knows the offending input (model and negative suites).
import type { CheckId } from '../catalogue.ts';
import { bodyObject, type ContractCheck, fail, type ProblemWriting } from './types.ts';

export function validationProblemListsProblems(id: CheckId, writing: ProblemWriting): ContractCheck {
  return {
    id,
    applies: (_ctx, exchange) => exchange.response.status === 400,
    check(_ctx, exchange) {
      const wrong = writing.validationList(bodyObject(exchange));
      return wrong === undefined ? undefined : fail(id, exchange, wrong);
    },
  };
}
