// BPO-CT-004: 204 carries no body (DECISIONS.md D-10: HTTP forbids one; the
// document's `{}` cannot be sent).
import { type ContractCheck, fail } from './types.ts';

export const noBodyOn204: ContractCheck = {
  id: 'BPO-CT-004',
  applies: (_ctx, exchange) => exchange.response.status === 204,
  check(_ctx, exchange) {
    if (exchange.response.body === '') return undefined;
    return fail('BPO-CT-004', exchange, `204 came with a body: ${exchange.response.body.slice(0, 80)}`);
  },
};
