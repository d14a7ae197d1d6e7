// BPO-CT-004 (SHOULD): 204 carries no body. HTTP forbids one (D-10), but the
// document itself shows `{}` after its 204, so a body is a warning, not a failure.
import { type ContractCheck, fail } from './types.ts';

export const noBodyOn204: ContractCheck = {
  id: 'BPO-CT-004',
  applies: (_ctx, exchange) => exchange.response.status === 204,
  check(_ctx, exchange) {
    if (exchange.response.body === '') return undefined;
    return fail('BPO-CT-004', exchange, `204 came with a body: ${exchange.response.body.slice(0, 80)}`);
  },
};
