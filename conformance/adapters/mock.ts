// The built-in adapter for bnpl-kit's mock: the customer's steps and the clean-up
// through the sandbox control API (spec/sandbox-control.yaml), paths read from that
// contract.
import type { Adapter, CustomerContext, ResetContext } from '../adapter.ts';
import { postSandbox } from './sandbox.ts';

async function act(operationId: string, ctx: CustomerContext | ResetContext, body?: unknown): Promise<void> {
  // The sandbox answers 200 with the order once the step is applied, so resolving here
  // means the order reflects it.
  await postSandbox(
    operationId,
    ctx.baseUrl.replace(/\/+$/, ''),
    (template) =>
      template
        .replace('{ownerNo}', encodeURIComponent(ctx.ownerNo))
        .replace('{paymentOrderId}', 'paymentOrderId' in ctx ? String(ctx.paymentOrderId) : ''),
    { authorization: `Bearer ${ctx.token}` },
    body,
  );
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
