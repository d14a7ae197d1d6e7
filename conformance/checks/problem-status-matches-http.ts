// BPO-PB-002: the problem's Status member equals the HTTP status (the document's
// problem table; RFC 9457 says the same of `status`).
import { bodyObject, type ContractCheck, fail, isError } from './types.ts';

export const problemStatusMatchesHttp: ContractCheck = {
  id: 'BPO-PB-002',
  applies: (_ctx, exchange) => isError(exchange) && bodyObject(exchange)?.Status !== undefined,
  check(_ctx, exchange) {
    const status = bodyObject(exchange)?.Status;
    if (status === exchange.response.status) return undefined;
    return fail(
      'BPO-PB-002',
      exchange,
      `the problem says Status ${JSON.stringify(status)} on an HTTP ${exchange.response.status}`,
    );
  },
};
