// Helpers for the Order Processing kit's own tests that need bnpl-kit's mock: a mock
// (optionally changed through its `orderProcessingFaults` seam, or behind a proxy that
// rewrites requests and answers) on a free port, with the target the kit should test
// it as.
import type { OrderProcessingTarget } from '../../../conformance/order-processing/target.ts';
import { type OrderProcessingFaults, startMock } from '../../../src/mock/server.ts';
import { type ProxyRules, startProxy } from '../proxy.ts';

export const merchantId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
export const basePath = '/cl/merchant-gateway-service';

export interface OpMockOptions {
  readonly faults?: OrderProcessingFaults | undefined;
  /** A proxy before the mock; a function gets the mock's URL (for rules that call the sandbox). */
  readonly proxy?: ProxyRules | ((mockUrl: string) => ProxyRules) | undefined;
  readonly rules?: 'default' | 'none';
  readonly otherCustomerRef?: string;
}

export async function opMockTarget(
  options: OpMockOptions = {},
): Promise<{ mock: { close(): Promise<void> }; target: OrderProcessingTarget }> {
  const server = await startMock({
    port: 0,
    rules: options.rules ?? 'none',
    seed: 1,
    apis: ['order-processing'],
    ...(options.faults === undefined ? {} : { orderProcessingFaults: options.faults }),
  });
  const rules = typeof options.proxy === 'function' ? options.proxy(server.url) : options.proxy;
  const proxy = rules === undefined ? undefined : await startProxy(server.url, rules);
  return {
    mock: {
      async close() {
        await proxy?.close();
        await server.close();
      },
    },
    target: {
      baseUrl: `${proxy?.url ?? server.url}${basePath}`,
      merchantId,
      tenantId: 'kit-tenant',
      subscriptionKey: 'kit-key',
      customerRef: '123456789',
      ...(options.otherCustomerRef === undefined ? {} : { otherCustomerRef: options.otherCustomerRef }),
    },
  };
}
