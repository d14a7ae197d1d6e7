// The response status is one the operation documents, or one a decision accepts for
// this request (bnpl-payment-order: BPO-CT-001, MUST; Order Processing: OP-CT-002,
// SHOULD, since only our decisions document its statuses). And, for an API whose
// statuses only a guideline gives a meaning, the status is of a class it names.
import type { CheckId } from '../catalogue.ts';
import { type ContractCheck, fail, isDocumentedOrAccepted } from './types.ts';

export function statusCodeDocumented(id: CheckId): ContractCheck {
  return {
    id,
    applies: () => true,
    check(ctx, exchange) {
      if (isDocumentedOrAccepted(ctx, exchange)) return undefined;
      const documented = [...ctx.spec.operation(exchange.operationId).responses.keys()].join(', ');
      return fail(
        id,
        exchange,
        `${exchange.operationId} answered ${exchange.response.status}, which it does not document (documented: ${documented})`,
      );
    },
  };
}

/** 2xx, 4xx or 5xx, and none of the statuses the guideline forbids (Order Processing: 422, S15). */
export function statusCodeOfAClass(id: CheckId, forbidden: readonly number[]): ContractCheck {
  return {
    id,
    applies: () => true,
    check(_ctx, exchange) {
      const status = exchange.response.status;
      const klass = Math.floor(status / 100);
      if ((klass === 2 || klass === 4 || klass === 5) && !forbidden.includes(status)) return undefined;
      return fail(
        id,
        exchange,
        `${exchange.operationId} answered ${status}; success is 2xx, an error 4xx or 5xx${forbidden.length === 0 ? '' : `, never ${forbidden.join(' or ')}`}`,
      );
    },
  };
}
