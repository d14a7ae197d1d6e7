// BPO-PB-003: the problem's Type is the one the operation documents for the status
// (validation for 400, not-found for 404, ...), in the document's relative form
// ledger/bnpl-payment-order/v1/problems/<name>. For a status a decision accepts
// without documenting it (409 on a capture), any name of that form passes.
import { bodyObject, type ContractCheck, fail, isError } from './types.ts';

export const problemTypeDocumented: ContractCheck = {
  id: 'BPO-PB-003',
  applies: (_ctx, exchange) => isError(exchange) && bodyObject(exchange)?.Type !== undefined,
  check(ctx, exchange) {
    const type = bodyObject(exchange)?.Type;
    const expected = ctx.spec.problemType(exchange.operationId, exchange.response.status);
    if (expected !== undefined) {
      if (type === expected) return undefined;
      return fail(
        'BPO-PB-003',
        exchange,
        `the ${exchange.response.status} problem's Type is ${JSON.stringify(type)}; documented: ${expected}`,
      );
    }
    const prefix = ctx.spec.problemTypePrefix;
    if (
      typeof type === 'string' &&
      type.startsWith(prefix) &&
      /^[a-z][a-z-]*$/.test(type.slice(prefix.length))
    ) {
      return undefined;
    }
    return fail(
      'BPO-PB-003',
      exchange,
      `the problem's Type ${JSON.stringify(type)} is not of the form ${prefix}<name>`,
    );
  },
};
