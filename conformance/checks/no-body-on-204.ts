// 204 carries no body (BPO-CT-004, SHOULD). HTTP forbids one (D-10), but the
// bnpl-payment-order document itself shows `{}` after its 204, so a body is a warning.
import type { CheckId } from '../catalogue.ts';
import { type ContractCheck, fail } from './types.ts';

export function noBodyOn204(id: CheckId): ContractCheck {
  return {
    id,
    applies: (_ctx, exchange) => exchange.response.status === 204,
    check(_ctx, exchange) {
      if (exchange.response.body === '') return undefined;
      return fail(id, exchange, `204 came with a body: ${exchange.response.body.slice(0, 80)}`);
    },
  };
}
