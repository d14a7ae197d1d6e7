// Helpers for the kit's own tests that need bnpl-kit's mock: a mock (optionally
// broken through its `faults` seam, or behind a proxy that rewrites requests and
// answers) on a free port, with the target the kit should test it as.

import { defaults } from '../../conformance/run.ts';
import type { Target } from '../../conformance/target.ts';
import { type Faults, startMock } from '../../src/mock/server.ts';
import { type RequestFault, startFaultyProxy } from './mutants/proxy.ts';

export async function mockTarget(
  options: { faults?: Faults; requestFault?: RequestFault | undefined; rules?: 'default' | 'none' } = {},
): Promise<{ mock: { close(): Promise<void> }; target: Target }> {
  const server = await startMock({
    port: 0,
    rules: options.rules ?? 'none',
    seed: 1,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  const proxy =
    options.requestFault === undefined ? undefined : await startFaultyProxy(server.url, options.requestFault);
  const mock = {
    async close() {
      await proxy?.close();
      await server.close();
    },
  };
  return {
    mock,
    target: {
      baseUrl: proxy?.url ?? server.url,
      ownerNo: '1',
      otherOwnerNo: '1-other',
      token: 't',
      profileName: defaults.profileName,
      subProfileNames: [...defaults.subProfileNames],
    },
  };
}
