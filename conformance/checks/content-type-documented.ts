// BPO-CT-002: a response with a documented body carries the documented media type
// (parameters such as charset aside): application/json for resources,
// application/problem+json for every error.
import { mediaTypeOf } from '../transcript.ts';
import { type ContractCheck, documentedMediaTypes, fail } from './types.ts';

export const contentTypeDocumented: ContractCheck = {
  id: 'BPO-CT-002',
  applies: (ctx, exchange) => documentedMediaTypes(ctx, exchange) !== undefined,
  check(ctx, exchange) {
    const documented = documentedMediaTypes(ctx, exchange) ?? [];
    const actual = mediaTypeOf(exchange.response.headers);
    if (actual !== undefined && documented.includes(actual)) return undefined;
    return fail(
      'BPO-CT-002',
      exchange,
      `${exchange.response.status} came with Content-Type ${actual ?? '(none)'}; documented: ${documented.join(', ')}`,
    );
  },
};
