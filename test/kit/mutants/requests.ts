// Mutants in front of the mock (a proxy), for bugs `faults.respond` cannot reach:
// the mock refuses invalid requests, and answers a method a path does not take,
// before its handlers run, so an implementation that accepts one, or answers a wrong
// method otherwise, is simulated in the proxy.
import type { ProxyRules } from '../proxy.ts';

/** An amount of 0 accepted: a capture of 0 answers 201 as if it had been captured. */
export const zeroAmountAccepted: ProxyRules = {
  request({ method, path, body }) {
    const capture = body as { amount?: unknown } | undefined;
    if (method !== 'POST' || !path.endsWith('/captures') || capture?.amount !== 0) return undefined;
    return { answer: { status: 201, body: { ...capture, captureId: 1 } } };
  },
};

/** A wrong method is answered the way many frameworks do: 405 with Allow, but a bare text body, not a problem. */
export const wrongMethodBareText: ProxyRules = {
  response(_incoming, reply) {
    if (reply.status !== 405) return undefined;
    return { contentType: 'text/plain', body: 'Method Not Allowed' };
  },
};
