// The built-in Order Processing adapter for bnpl-kit's mock: the customer's access
// token, SCA completed headless and the merchant's reset, through the sandbox control
// API (spec/sandbox-control.yaml, paths read from that contract). The sandbox sits at
// the mock's root, beside the API's base path.
import type { OrderProcessingAdapter, OrderProcessingContext } from '../order-processing/adapter.ts';
import { postSandbox } from './sandbox.ts';

/** The mock's root: the base URL without the API's base path. */
export function sandboxRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/cl\/merchant-gateway-service$/, '');
}

async function post(operationId: string, ctx: OrderProcessingContext, body?: unknown): Promise<unknown> {
  const text = await postSandbox(
    operationId,
    sandboxRoot(ctx.baseUrl),
    (template) => template.replace('{customerRef}', encodeURIComponent(ctx.customerRef)),
    {},
    body,
  );
  return JSON.parse(text) as unknown;
}

export const orderProcessingMockAdapter: OrderProcessingAdapter = {
  async customerAccessToken(ctx) {
    const answer = (await post('issueCustomerAccessToken', ctx)) as { customerAccessToken: string };
    return answer.customerAccessToken;
  },
  async completeSca(ctx) {
    await post('completeSca', ctx, { scaToken: ctx.scaToken });
    return ctx.scaToken;
  },
  async reset(ctx) {
    await post('reset', ctx, { merchantId: ctx.merchantId });
  },
};
