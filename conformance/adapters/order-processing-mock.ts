// The built-in Order Processing adapter for bnpl-kit's mock: the customer's access
// token, SCA completed headless and the merchant's reset, through the sandbox control
// API (spec/sandbox-control.yaml, paths read from that contract). The sandbox sits at
// the mock's root, beside the API's base path.
import { request } from 'undici';
import { compileSpec } from '../../lib/openapi.ts';
import type { OrderProcessingAdapter, OrderProcessingContext } from '../order-processing/adapter.ts';

let templates: Promise<Map<string, string>> | undefined;

function sandboxPaths(): Promise<Map<string, string>> {
  templates ??= compileSpec('sandbox-control').then(
    (spec) => new Map([...spec.operations.values()].map((o) => [o.operationId, o.pathTemplate])),
  );
  return templates;
}

/** The mock's root: the base URL without the API's base path. */
export function sandboxRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/cl\/merchant-gateway-service$/, '');
}

async function post(operationId: string, ctx: OrderProcessingContext, body?: unknown): Promise<unknown> {
  const template = (await sandboxPaths()).get(operationId);
  if (template === undefined) throw new Error(`sandbox-control has no ${operationId}`);
  const path = template.replace('{customerRef}', encodeURIComponent(ctx.customerRef));
  const response = await request(`${sandboxRoot(ctx.baseUrl)}${path}`, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) {
    throw new Error(`POST ${path} answered ${response.statusCode}: ${text.slice(0, 200)}`);
  }
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
