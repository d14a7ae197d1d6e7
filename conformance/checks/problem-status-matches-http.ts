// BPO-PB-002: the problem's Status member equals the HTTP status (the document's
// problem example: `"Status" : 400` on `HTTP/1.1 400 Error`).
import { problemMember } from './problem-body.ts';
import { bodyObject, type ContractCheck, fail, isError } from './types.ts';

export const problemStatusMatchesHttp: ContractCheck = {
  id: 'BPO-PB-002',
  applies: (_ctx, exchange) =>
    isError(exchange) && problemMember(bodyObject(exchange), 'Status') !== undefined,
  check(_ctx, exchange) {
    const status = problemMember(bodyObject(exchange), 'Status');
    if (status === exchange.response.status) return undefined;
    return fail(
      'BPO-PB-002',
      exchange,
      `the problem says Status ${JSON.stringify(status)} on an HTTP ${exchange.response.status}`,
    );
  },
};
