// Mutants in front of the mock (a proxy), for bugs `faults.respond` cannot reach:
// the mock refuses invalid requests before its handlers run, so an implementation
// that accepts one is simulated by answering it in the proxy.
import type { ProxyRules } from '../proxy.ts';

/** An amount of 0 accepted: a capture of 0 answers 201 as if it had been captured. */
export const zeroAmountAccepted: ProxyRules = {
  request({ method, path, body }) {
    const capture = body as { amount?: unknown } | undefined;
    if (method !== 'POST' || !path.endsWith('/captures') || capture?.amount !== 0) return undefined;
    return { answer: { status: 201, body: { ...capture, captureId: 1 } } };
  },
};
