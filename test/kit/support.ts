// Helpers for the kit's own tests that need bnpl-kit's mock: a mock (optionally
// changed through its `faults` seam, or behind a proxy that rewrites requests and
// answers) on a free port, with the target the kit should test it as.
import { defaults } from '../../conformance/run.ts';
import type { Target } from '../../conformance/target.ts';
import { type Faults, startMock } from '../../src/mock/server.ts';
import { type ProxyRules, startProxy } from './proxy.ts';

export interface MockTargetOptions {
  readonly faults?: Faults;
  readonly proxy?: ProxyRules | undefined;
  readonly rules?: 'default' | 'none';
  /** The revision the mock serves (default: the latest). */
  readonly revision?: string | undefined;
}

export async function mockTarget(
  options: MockTargetOptions = {},
): Promise<{ mock: { close(): Promise<void> }; target: Target }> {
  const server = await startMock({
    port: 0,
    rules: options.rules ?? 'none',
    seed: 1,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.revision === undefined ? {} : { revision: options.revision }),
  });
  const proxy = options.proxy === undefined ? undefined : await startProxy(server.url, options.proxy);
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
