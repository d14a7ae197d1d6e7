// An example adapter module, as a vendor writes one: plain ES module, default
// export with the customer's steps. This one drives bnpl-kit's mock through its
// sandbox control API with fetch; against a real implementation the same functions
// would drive its test pages (e.g. with Playwright) or its own sandbox.
//
//   npm run kit -- conformance bnpl-payment-order --target http://127.0.0.1:4010 \
//     --owner 1 --token t --adapter conformance/adapters/example.mjs

/** POSTs one sandbox step and resolves once the mock answers 200 (the order then shows the step). */
async function step(ctx, action, body) {
  const url = `${ctx.baseUrl}/_sandbox/bnpl-payment-order/${encodeURIComponent(ctx.ownerNo)}/bnpl-payment-orders/${ctx.paymentOrderId}/${action}`;
  await post(url, ctx, action, body);
}

async function post(url, ctx, action, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ctx.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status !== 200)
    throw new Error(`${action} answered ${response.status}: ${await response.text()}`);
}

export default {
  /** ctx: { baseUrl, ownerNo, token, paymentOrderId, profileName, subProfileName } */
  choosePaymentMethod: (ctx) =>
    step(ctx, 'choose', {
      profileName: ctx.profileName,
      ...(ctx.subProfileName ? { subProfileName: ctx.subProfileName } : {}),
    }),
  authorize: (ctx) => step(ctx, 'approve'),
  reject: (ctx) => step(ctx, 'decline'),
  /** Optional: the customer's step fails. */
  fail: (ctx) => step(ctx, 'fail'),
  /** Optional: ctx is { baseUrl, ownerNo, token }; the kit calls it before and after a run. */
  reset: (ctx) => post(`${ctx.baseUrl}/_sandbox/reset`, ctx, 'reset', { ownerNo: ctx.ownerNo }),
};
