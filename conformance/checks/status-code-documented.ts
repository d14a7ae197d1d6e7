// BPO-CT-001: the response status is one the operation documents, or one a
// DECISIONS.md entry accepts for this request ("kit accepts" column).
import { type ContractCheck, fail, isDocumentedOrAccepted } from './types.ts';

export const statusCodeDocumented: ContractCheck = {
  id: 'BPO-CT-001',
  applies: () => true,
  check(ctx, exchange) {
    if (isDocumentedOrAccepted(ctx, exchange)) return undefined;
    const documented = [...ctx.spec.operation(exchange.operationId).responses.keys()].join(', ');
    return fail(
      'BPO-CT-001',
      exchange,
      `${exchange.operationId} answered ${exchange.response.status}, which it does not document (documented: ${documented})`,
    );
  },
};
