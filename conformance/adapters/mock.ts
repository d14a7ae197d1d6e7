// The built-in adapter for bnpl-kit's mock: the customer's steps and the clean-up
// through the sandbox control API (spec/sandbox-control.yaml), paths read from that
// contract.
import { request } from 'undici';
import { compileSpec } from '../../lib/openapi.ts';
import type { Adapter, CustomerContext, ResetContext } from '../adapter.ts';

let templates: Promise<Map<string, string>> | undefined;

function sandboxPaths(): Promise<Map<string, string>> {
  templates ??= compileSpec('sandbox-control').then(
    (spec) => new Map([...spec.operations.values()].map((o) => [o.operationId, o.pathTemplate])),
  );
  return templates;
}

async function act(operationId: string, ctx: CustomerContext | ResetContext, body?: unknown): Promise<void> {
  const template = (await sandboxPaths()).get(operationId);
  if (template === undefined) throw new Error(`sandbox-control has no ${operationId}`);
  const path = template
    .replace('{ownerNo}', encodeURIComponent(ctx.ownerNo))
    .replace('{paymentOrderId}', 'paymentOrderId' in ctx ? String(ctx.paymentOrderId) : '');
  const response = await request(`${ctx.baseUrl.replace(/\/+$/, '')}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ctx.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  // The sandbox answers 200 with the order once the step is applied, so resolving here
  // means the order reflects it.
  if (response.statusCode !== 200) {
    throw new Error(`POST ${path} answered ${response.statusCode}: ${text.slice(0, 200)}`);
  }
}

export const mockAdapter: Adapter = {
  choosePaymentMethod: (ctx) =>
    act('choosePaymentMethod', ctx, {
      profileName: ctx.profileName,
      ...(ctx.subProfileName === undefined ? {} : { subProfileName: ctx.subProfileName }),
    }),
  authorize: (ctx) => act('approve', ctx),
  reject: (ctx) => act('decline', ctx),
  fail: (ctx) => act('fail', ctx),
  reset: (ctx) => act('reset', ctx, { ownerNo: ctx.ownerNo }),
};
