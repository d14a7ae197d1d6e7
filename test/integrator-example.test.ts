// The README's "testing your checkout against the mock" example, run as a test so
// the README cannot drift from what works.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/mock/server.ts';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 }); // default scenario rules, any free port
});
beforeEach(() => mock.reset('shop-ci'));
afterAll(() => mock.close());

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${mock.url}/ledger/bnpl-payment-order/v1/shop-ci${path}`, {
    ...init,
    headers: { authorization: 'Bearer test', 'content-type': 'application/json', ...init.headers },
  });

it('captures part of an order the customer approved', async () => {
  const created = await api('/bnpl-payment-orders', {
    method: 'POST',
    body: JSON.stringify({
      authorizationAmount: 1000,
      currency: 'SEK',
      sellerAuthorizationId: 'cart-42',
      customer: { nationalConsumerIdentifier: {}, email: 'anna+approve@example.com', msisdn: '+46701234567' },
      pointOfSale: 'My Web Shop',
      mcc: '5732',
    }),
  });
  const { paymentOrderId } = (await created.json()) as { paymentOrderId: number };

  // +approve: the simulated customer approves as soon as we redirect.
  await api(`/bnpl-payment-orders/${paymentOrderId}/redirect`, {
    method: 'POST',
    body: JSON.stringify({ returnUrl: 'https://shop.example/done', redirectOptions: { languageCode: 'SV' } }),
  });

  const capture = await api(`/bnpl-payment-orders/${paymentOrderId}/captures`, {
    method: 'POST',
    body: JSON.stringify({
      amount: 250,
      currency: 'SEK',
      orderLines: [{ itemDescription: 'Phone case', amount: 250 }],
      sellerTransactionId: 'ship-1',
      receiptReference: 'R-1001',
    }),
  });
  expect(capture.status).toBe(201);

  const order = (await (await api(`/bnpl-payment-orders/${paymentOrderId}`)).json()) as {
    remainingAmount: number;
  };
  expect(order.remainingAmount).toBe(750);
});
