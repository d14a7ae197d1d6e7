// An example Order Processing adapter module, as a vendor writes one: a plain ES
// module whose default export gives the kit what the API does not cover. This one
// drives bnpl-kit's mock through its sandbox control API with fetch; against a real
// implementation the same functions would log the test customer in through the SSO
// widget and complete SCA in the widget page (e.g. with Playwright), or call the
// implementation's own sandbox.
//
//   npm run kit -- conformance order-processing \
//     --target http://127.0.0.1:4010/cl/merchant-gateway-service \
//     --merchant 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b --tenant t --key k --customer 123456789 \
//     --adapter conformance/adapters/order-processing.example.mjs

/** The mock's root: the sandbox sits beside the API's base path. */
const root = (ctx) => ctx.baseUrl.replace(/\/cl\/merchant-gateway-service\/?$/, '');

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  if (response.status !== 200)
    throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export default {
  /** ctx: { baseUrl, merchantId, tenantId, subscriptionKey, customerRef }; resolves to the token. */
  customerAccessToken: async (ctx) =>
    (
      await post(
        `${root(ctx)}/_sandbox/order-processing/customers/${encodeURIComponent(ctx.customerRef)}/access-token`,
      )
    ).customerAccessToken,
  /** ctx also has scaToken and widgetUrl; resolves, once the customer has authenticated, to the sca-token to send. */
  completeSca: async (ctx) => {
    await post(`${root(ctx)}/_sandbox/order-processing/sca/complete`, { scaToken: ctx.scaToken });
    return ctx.scaToken;
  },
  /** Optional: forgets the merchant's authorisations; the kit calls it before the run, before each sequence and after. */
  reset: async (ctx) => {
    await post(`${root(ctx)}/_sandbox/reset`, { merchantId: ctx.merchantId });
  },
};
