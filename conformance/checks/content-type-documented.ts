// A response with a documented body carries the documented media type (parameters
// such as charset aside). bnpl-payment-order judges every answer (BPO-CT-002);
// Order Processing judges successes (OP-CT-003, MUST: application/json, S4) apart from
// errors (OP-CT-004, SHOULD: application/problem+json is our decision).
import type { CheckId } from '../catalogue.ts';
import { mediaTypeOf } from '../transcript.ts';
import { type AnsweredExchange, type ContractCheck, documentedMediaTypes, fail } from './types.ts';

export function contentTypeDocumented(
  id: CheckId,
  which: 'all' | 'success' | 'errors' = 'all',
): ContractCheck {
  const judged = (exchange: AnsweredExchange) =>
    which === 'all' || (which === 'success') === exchange.response.status < 400;
  return {
    id,
    applies: (ctx, exchange) => judged(exchange) && documentedMediaTypes(ctx, exchange) !== undefined,
    check(ctx, exchange) {
      const documented = documentedMediaTypes(ctx, exchange) ?? [];
      const actual = mediaTypeOf(exchange.response.headers);
      if (actual !== undefined && documented.includes(actual)) return undefined;
      return fail(
        id,
        exchange,
        `${exchange.response.status} came with Content-Type ${actual ?? '(none)'}; documented: ${documented.join(', ')}`,
      );
    },
  };
}
