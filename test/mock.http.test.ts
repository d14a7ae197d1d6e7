// The mock over real HTTP: the lifecycle end to end, every documented problem of
// every operation, the transport errors, auth and owner isolation, and atomicity
// under parallel requests. Every answer of a spec operation is also checked against
// the spec (expectDocumented).
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CompiledSpec, compileSpec } from '../lib/openapi.ts';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import {
  type Answer,
  type CallOptions,
  captureBody,
  client,
  createBody,
  expectDocumented,
  ownerPath,
  redirectBody,
  reversalBody,
  sandboxPath,
} from './support/http.ts';

let spec: CompiledSpec;
let mock: RunningMock;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  spec = await compileSpec('bnpl-payment-order');
  mock = await startMock({ port: 0, rules: 'none' });
  call = client(mock.url);
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
});

const owner = '1';
const base = ownerPath(owner);

/** Calls a spec operation and checks the answer against the spec. */
async function op(operationId: string, method: string, path: string, options?: CallOptions): Promise<Answer> {
  const answer = await call(method, path, options);
  expectDocumented(spec, operationId, answer);
  return answer;
}

async function createOrder(overrides: Record<string, unknown> = {}, ownerNo = owner): Promise<number> {
  const answer = await op('createBnplPaymentOrder', 'POST', ownerPath(ownerNo), {
    json: createBody(overrides),
  });
  expect(answer.status).toBe(201);
  return (answer.body as { paymentOrderId: number }).paymentOrderId;
}

async function authorizedOrder(amount = 1000, ownerNo = owner): Promise<number> {
  const id = await createOrder({ authorizationAmount: amount }, ownerNo);
  expect(
    (await call('POST', `${sandboxPath(ownerNo, id)}/choose`, { json: { profileName: 'BA_Invoice' } }))
      .status,
  ).toBe(200);
  expect((await call('POST', `${sandboxPath(ownerNo, id)}/approve`)).status).toBe(200);
  return id;
}

const getOrder = async (id: number, ownerNo = owner) =>
  (await op('getBnplPaymentOrder', 'GET', `${ownerPath(ownerNo)}/${id}`)).body as {
    status: string;
    remainingAmount: number;
    authorizationAmount: number;
    operations: { rel: string; href: string }[];
  };

const problemOf = (answer: Answer) =>
  answer.body as { Type: string; Status: number; Problems?: Record<string, string[]>; Detail: string };

describe('the bnpl-payment-order lifecycle over HTTP', () => {
  it('should take an order from create to cancel-authorize as the document describes', async () => {
    // Arrange: a created order (document 1.2)
    const created = await op('createBnplPaymentOrder', 'POST', base, { json: createBody() });
    expect(created.status).toBe(201);
    const order = created.body as {
      paymentOrderId: number;
      status: string;
      remainingAmount: number;
      '@id': string;
    };
    expect(order).toMatchObject({ status: 'Created', remainingAmount: 0 });
    expect(order['@id']).toBe(`${base}/${order.paymentOrderId}`);
    const path = `${base}/${order.paymentOrderId}`;

    // redirect before a payment method is chosen (document 5.1)
    const early = await op('redirect', 'POST', `${path}/redirect`, { json: redirectBody });
    expect(early.status).toBe(409);
    expect(problemOf(early).Type).toBe('ledger/bnpl-payment-order/v1/problems/invalid-payment-method');

    // the customer chooses, the seller redirects, the customer approves
    await call('POST', `${sandboxPath(owner, order.paymentOrderId)}/choose`, {
      json: { profileName: 'BA_PartPayment', subProfileName: 'InstallmentAccount_12' },
    });
    const redirect = await op('redirect', 'POST', `${path}/redirect`, { json: redirectBody });
    expect(redirect.status).toBe(200);
    expect((redirect.body as { redirectUrl: string }).redirectUrl).toMatch(/\/checkout\?returnUrl=/);
    await call('POST', `${sandboxPath(owner, order.paymentOrderId)}/approve`);
    expect(await getOrder(order.paymentOrderId)).toMatchObject({
      status: 'Authorized',
      remainingAmount: 1000,
    });

    // Act: two partial captures, a reversal, cancel-authorize
    expect(
      (await op('createCapture', 'POST', `${path}/captures`, { json: captureBody(333.33) })).status,
    ).toBe(201);
    const second = await op('createCapture', 'POST', `${path}/captures`, { json: captureBody(0.07) });
    expect(second.body).toMatchObject({ amount: 0.07, currency: 'SEK' });
    expect((await getOrder(order.paymentOrderId)).remainingAmount).toBe(666.6);
    const reversal = await op('createReversal', 'POST', `${path}/reversals`, { json: reversalBody(100) });
    expect(reversal.status).toBe(201);
    const cancel = await op('createCancelAuthorize', 'POST', `${path}/cancel-authorize`, { json: {} });
    expect(cancel.status).toBe(204);

    // Assert: captured money stays, nothing remains, only a reversal is offered (D-03, D-05)
    const final = await getOrder(order.paymentOrderId);
    expect(final).toMatchObject({ status: 'Authorized', remainingAmount: 0 });
    expect(final.operations.map((o) => o.rel)).toEqual(['add-reversal']);
  });

  it('should keep remainingAmount exact where floats drift: 1000 - 333.33', async () => {
    const id = await authorizedOrder(1000);
    await op('createCapture', 'POST', `${base}/${id}/captures`, { json: captureBody(333.33) });
    expect((await getOrder(id)).remainingAmount).toBe(666.67);
  });

  it('should cancel an order without captures into Canceled with nothing offered', async () => {
    const id = await authorizedOrder();
    await op('createCancelAuthorize', 'POST', `${base}/${id}/cancel-authorize`);
    expect(await getOrder(id)).toMatchObject({ status: 'Canceled', remainingAmount: 0, operations: [] });
    // A second cancel-authorize is a no-op (D-04).
    expect((await op('createCancelAuthorize', 'POST', `${base}/${id}/cancel-authorize`)).status).toBe(204);
  });

  it.each([
    ['decline', 'Rejected'],
    ['fail', 'Failed'],
  ])('should let the customer %s, leaving the order %s with nothing to capture', async (action, status) => {
    const id = await createOrder();
    const answer = await call('POST', `${sandboxPath(owner, id)}/${action}`);
    expect(answer.status).toBe(200);
    expect(await getOrder(id)).toMatchObject({ status, remainingAmount: 0, operations: [] });
    const capture = await op('createCapture', 'POST', `${base}/${id}/captures`, { json: captureBody(1) });
    expect(problemOf(capture).Problems).toHaveProperty('amount');
  });

  it('should choose the only allowed profile at creation, so redirect works at once (D-08)', async () => {
    const id = await createOrder({
      restrictToProfiles: [{ profileName: 'BA_PartPayment', subProfiles: [{ subProfileName: 'X' }] }],
    });
    expect((await op('redirect', 'POST', `${base}/${id}/redirect`, { json: redirectBody })).status).toBe(200);
  });

  it('should refuse a profile outside restrictToProfiles', async () => {
    const id = await createOrder({ restrictToProfiles: [{ profileName: 'A' }, { profileName: 'B' }] });
    const answer = await call('POST', `${sandboxPath(owner, id)}/choose`, { json: { profileName: 'C' } });
    expect(answer.status).toBe(400);
    expect(problemOf(answer).Problems).toHaveProperty('profileName');
  });
});

describe('every documented problem', () => {
  it.each<
    [string, string, (id: number) => [string, string, CallOptions], number, string, string | undefined]
  >([
    [
      'get: paymentOrderId not a number',
      'getBnplPaymentOrder',
      () => ['GET', `${base}/abc`, {}],
      400,
      'validation',
      'paymentOrderId',
    ],
    [
      'get: unknown order',
      'getBnplPaymentOrder',
      () => ['GET', `${base}/42`, {}],
      404,
      'not-found',
      undefined,
    ],
    [
      'get: no token',
      'getBnplPaymentOrder',
      (id) => ['GET', `${base}/${id}`, { token: null }],
      401,
      'unauthorized',
      undefined,
    ],
    [
      'create: amount 0',
      'createBnplPaymentOrder',
      () => ['POST', base, { json: createBody({ authorizationAmount: 0 }) }],
      400,
      'validation',
      'authorizationAmount',
    ],
    [
      'create: unknown currency',
      'createBnplPaymentOrder',
      () => ['POST', base, { json: createBody({ currency: 'USD' }) }],
      400,
      'validation',
      'currency',
    ],
    [
      'create: missing email',
      'createBnplPaymentOrder',
      () => [
        'POST',
        base,
        { json: createBody({ customer: { nationalConsumerIdentifier: {}, msisdn: '1' } }) },
      ],
      400,
      'validation',
      'customer.email',
    ],
    [
      'capture: unknown order',
      'createCapture',
      () => ['POST', `${base}/42/captures`, { json: captureBody(1) }],
      404,
      'not-found',
      undefined,
    ],
    [
      'capture: bad receiptReference',
      'createCapture',
      (id) => ['POST', `${base}/${id}/captures`, { json: captureBody(1, { receiptReference: 'no spaces' }) }],
      400,
      'validation',
      'receiptReference',
    ],
    [
      'capture: above remainingAmount (D-01)',
      'createCapture',
      (id) => ['POST', `${base}/${id}/captures`, { json: captureBody(1000.01) }],
      400,
      'validation',
      'amount',
    ],
    [
      'capture: other currency (D-02)',
      'createCapture',
      (id) => ['POST', `${base}/${id}/captures`, { json: captureBody(1, { currency: 'EUR' }) }],
      400,
      'validation',
      'currency',
    ],
    [
      'capture: three decimals',
      'createCapture',
      (id) => ['POST', `${base}/${id}/captures`, { json: captureBody(1.001) }],
      400,
      'validation',
      'amount',
    ],
    [
      'reversal: nothing captured (D-06)',
      'createReversal',
      (id) => ['POST', `${base}/${id}/reversals`, { json: reversalBody(1) }],
      400,
      'validation',
      'amount',
    ],
    [
      'reversal: unknown order',
      'createReversal',
      () => ['POST', `${base}/42/reversals`, { json: reversalBody(1) }],
      404,
      'not-found',
      undefined,
    ],
    [
      'cancel-authorize: unknown order',
      'createCancelAuthorize',
      () => ['POST', `${base}/42/cancel-authorize`, {}],
      404,
      'not-found',
      undefined,
    ],
    [
      'cancel-authorize: a non-empty body',
      'createCancelAuthorize',
      (id) => ['POST', `${base}/${id}/cancel-authorize`, { json: { x: 1 } }],
      400,
      'validation',
      'x',
    ],
    [
      'redirect: after approval (D-09)',
      'redirect',
      (id) => ['POST', `${base}/${id}/redirect`, { json: redirectBody }],
      409,
      'invalid-payment-method',
      undefined,
    ],
    [
      'redirect: bad languageCode',
      'redirect',
      (id) => [
        'POST',
        `${base}/${id}/redirect`,
        { json: { ...redirectBody, redirectOptions: { languageCode: 'FI' } } },
      ],
      400,
      'validation',
      'redirectOptions.languageCode',
    ],
    [
      'redirect: unknown order',
      'redirect',
      () => ['POST', `${base}/42/redirect`, { json: redirectBody }],
      404,
      'not-found',
      undefined,
    ],
    [
      'create: malformed JSON',
      'createBnplPaymentOrder',
      () => ['POST', base, { raw: '{"a":', headers: { 'content-type': 'application/json' } }],
      400,
      'validation',
      'body',
    ],
    [
      'create: a JSON array',
      'createBnplPaymentOrder',
      () => ['POST', base, { json: [1, 2] }],
      400,
      'validation',
      'body',
    ],
    ['create: no body', 'createBnplPaymentOrder', () => ['POST', base, {}], 400, 'validation', 'body'],
    [
      'create: text/plain',
      'createBnplPaymentOrder',
      () => ['POST', base, { raw: '{}', headers: { 'content-type': 'text/plain' } }],
      415,
      'unsupported-media-type',
      undefined,
    ],
    [
      'create: over 1 MiB',
      'createBnplPaymentOrder',
      () => ['POST', base, { json: createBody({ pointOfSale: 'x'.repeat(1024 * 1024) }) }],
      413,
      'payload-too-large',
      undefined,
    ],
  ])('should answer %s', async (_, operationId, build, status, type, parameter) => {
    const id = await authorizedOrder();
    const [method, path, options] = build(id);
    const answer = await op(operationId, method, path, options);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    const problem = problemOf(answer);
    expect(problem.Type).toBe(`ledger/bnpl-payment-order/v1/problems/${type}`);
    expect(problem.Status).toBe(status);
    if (parameter !== undefined) expect(Object.keys(problem.Problems ?? {})).toContain(parameter);
  });

  it('should give every problem a unique Instance', async () => {
    const a = problemOf(await call('GET', `${base}/1`));
    const b = problemOf(await call('GET', `${base}/1`));
    expect(a).not.toHaveProperty('Instance', (b as { Instance?: string }).Instance);
  });

  it.each([['application/json; charset=utf-8'], ['text/json'], ['application/vnd.bnpl+json']])(
    'should accept the JSON media type %s (D-22)',
    async (contentType) => {
      const answer = await op('createBnplPaymentOrder', 'POST', base, {
        raw: JSON.stringify(createBody()),
        headers: { 'content-type': contentType },
      });
      expect(answer.status).toBe(201);
    },
  );

  it('should answer HEAD like GET, without a body', async () => {
    const id = await createOrder();
    const head = await call('HEAD', `${base}/${id}`);
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
  });

  it('should answer an unknown path and a wrong method as problems', async () => {
    const unknown = await call('GET', '/ledger/nope');
    expect(unknown.status).toBe(404);
    expect(problemOf(unknown).Type).toBe('ledger/bnpl-payment-order/v1/problems/not-found');
    const wrong = await call('DELETE', `${base}/1`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD');
    expect(problemOf(wrong).Status).toBe(405);
  });
});

describe('auth and owner isolation', () => {
  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer '], ['token']])(
    'should refuse the Authorization header %j with 401',
    async (header) => {
      const answer = await op('getBnplPaymentOrder', 'GET', `${base}/1`, {
        headers: { authorization: header },
      });
      expect(answer.status).toBe(401);
    },
  );

  it('should hide an order from another ownerNo and keep it unchanged when that owner tries to capture', async () => {
    const id = await authorizedOrder(1000, 'alice');
    expect((await op('getBnplPaymentOrder', 'GET', `${ownerPath('bob')}/${id}`)).status).toBe(404);
    const capture = await op('createCapture', 'POST', `${ownerPath('bob')}/${id}/captures`, {
      json: captureBody(10),
    });
    expect(capture.status).toBe(404);
    expect((await getOrder(id, 'alice')).remainingAmount).toBe(1000);
  });

  it('should reset one owner without touching another', async () => {
    const kept = await createOrder({}, 'alice');
    await createOrder({}, 'bob');
    const reset = await call('POST', '/_sandbox/reset', { json: { ownerNo: 'bob' } });
    expect(reset.body).toEqual({ ordersRemoved: 1, authorisationsRemoved: 0, ownerNo: 'bob' });
    expect((await getOrder(kept, 'alice')).status).toBe('Created');
  });
});

describe('with bound tokens (--tokens)', () => {
  it('should accept a token only for its own ownerNo (D-16)', async () => {
    const bound = await startMock({ port: 0, rules: 'none', tokens: { 'alice-token': 'alice' } });
    try {
      const callBound = client(bound.url);
      const ok = await callBound('POST', ownerPath('alice'), { json: createBody(), token: 'alice-token' });
      expect(ok.status).toBe(201);
      const other = await callBound('POST', ownerPath('bob'), { json: createBody(), token: 'alice-token' });
      expect(other.status).toBe(401);
      const unknown = await callBound('POST', ownerPath('alice'), { json: createBody(), token: 'nobody' });
      expect(unknown.status).toBe(401);
      expectDocumented(spec, 'createBnplPaymentOrder', other);
    } finally {
      await bound.close();
    }
  });
});

describe('parallel requests on one order', () => {
  it('should never capture more than remainingAmount, and agree with the order read afterwards', async () => {
    const id = await authorizedOrder(1000);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('POST', `${base}/${id}/captures`, { json: captureBody(30, { sellerTransactionId: `c${i}` }) }),
      ),
    );
    const succeeded = answers.filter((a) => a.status === 201);
    expect(succeeded).toHaveLength(33);
    expect(answers.filter((a) => a.status === 400)).toHaveLength(17);
    const order = await getOrder(id);
    expect(order.remainingAmount).toBe(10);
  });

  it('should never reverse more than was captured', async () => {
    const id = await authorizedOrder(1000);
    await call('POST', `${base}/${id}/captures`, { json: captureBody(100) });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call('POST', `${base}/${id}/reversals`, { json: reversalBody(7, { sellerTransactionId: `r${i}` }) }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(14);
    const last = await call('POST', `${base}/${id}/reversals`, { json: reversalBody(2.01) });
    expect(problemOf(last).Problems?.amount).toEqual(['Expected value between [0,01]-[2] actual [2,01]']);
  });
});

describe('the sandbox', () => {
  it('should keep a journal, newest first, filtered by owner', async () => {
    await createOrder({}, 'alice');
    await call('GET', `${ownerPath('bob')}/1`);
    const journal = (await call('GET', '/_sandbox/requests?limit=10')).body as {
      entries: { method: string; ownerNo?: string; status: number; operationId?: string }[];
    };
    expect(journal.entries[0]).toMatchObject({
      method: 'GET',
      ownerNo: 'bob',
      status: 404,
      operationId: 'getBnplPaymentOrder',
    });
    expect(journal.entries[1]).toMatchObject({ method: 'POST', ownerNo: 'alice', status: 201 });
    const alice = (await call('GET', '/_sandbox/requests?ownerNo=alice')).body as { entries: unknown[] };
    expect(alice.entries).toHaveLength(1);
    expect((await call('GET', '/_sandbox/requests?limit=0')).status).toBe(400);
  });

  it('should serve the contracts and a reference page without a CDN', async () => {
    const yaml = await call('GET', '/openapi/bnpl-payment-order.yaml', { token: null });
    expect(yaml.status).toBe(200);
    expect(yaml.text).toContain('operationId: createBnplPaymentOrder');
    const docs = await call('GET', '/docs', { token: null });
    expect(docs.text).toContain('/docs/swagger-ui-bundle.js');
    expect(docs.text).not.toMatch(/https?:\/\//);
    const bundle = await call('GET', '/docs/swagger-ui-bundle.js', { token: null });
    expect(bundle.status).toBe(200);
    expect(bundle.contentType).toMatch(/javascript/);
    expect((await call('GET', '/docs/../../package.json', { token: null })).status).toBe(404);
  });
});

describe('revisions of bnpl-payment-order', () => {
  it('should serve the latest revision (2026-02-17) by default: instore shown, receiptReference required', async () => {
    // Arrange
    const latest = await compileSpec('bnpl-payment-order');
    const inStore = await op('createBnplPaymentOrder', 'POST', base, { json: createBody({ instore: true }) });
    const online = (await call('POST', base, { json: createBody() })).body as { paymentOrderId: number };
    const id = await authorizedOrder(100);
    await call('POST', `${base}/${id}/captures`, { json: captureBody(50) });

    // Act
    const { receiptReference: _left, ...withoutReceipt } = reversalBody(10);
    const refused = await call('POST', `${base}/${id}/reversals`, { json: withoutReceipt });
    const reversed = await call('POST', `${base}/${id}/reversals`, { json: reversalBody(10) });

    // Assert
    expect(inStore.body).toMatchObject({ instore: true });
    expect((await getOrder(online.paymentOrderId)) as unknown).toMatchObject({ instore: false });
    expect(refused.status).toBe(400);
    expect(Object.keys(problemOf(refused).Problems ?? {})).toEqual(['receiptReference']);
    expect(reversed.status).toBe(201);
    expect(reversed.body).toMatchObject({ amount: 10, receiptReference: 'receipt-1' });
    expectDocumented(latest, 'createReversal', reversed);
  });

  it('should serve revision 2024-10-30 as before when asked to', async () => {
    // Arrange
    const old = await startMock({ port: 0, rules: 'none', revision: '2024-10-30' });
    const oldCall = client(old.url);
    try {
      const created = await oldCall('POST', base, { json: createBody() });
      const id = (created.body as { paymentOrderId: number }).paymentOrderId;

      // Act
      const withInstore = await oldCall('POST', base, { json: createBody({ instore: true }) });
      const { receiptReference: _left, ...reversal } = reversalBody(10);
      const reversed = await oldCall('POST', `${base}/${id}/reversals`, { json: reversal });

      // Assert
      expect(created.body).not.toHaveProperty('instore');
      expect(withInstore.status).toBe(400);
      expect(Object.keys(problemOf(withInstore).Problems ?? {})).toEqual(['instore']);
      // Refused for the amount (nothing captured), not for the missing receiptReference.
      expect(Object.keys(problemOf(reversed).Problems ?? {})).toEqual(['amount']);
    } finally {
      await old.close();
    }
  });

  it('should refuse to start on a revision that does not exist', async () => {
    await expect(startMock({ port: 0, revision: '2025-01-01' })).rejects.toThrow(/no revision 2025-01-01/);
  });
});

describe('refusals say why in words (issue 12)', () => {
  it("should name the cause of a refused capture in Detail and keep the document's range message", async () => {
    // Arrange
    const created = await createOrder();
    const authorized = await authorizedOrder(100);
    await call('POST', `${base}/${authorized}/captures`, { json: captureBody(100) });

    // Act
    const onCreated = problemOf(
      await call('POST', `${base}/${created}/captures`, { json: captureBody(100) }),
    );
    const nothingLeft = problemOf(
      await call('POST', `${base}/${authorized}/captures`, { json: captureBody(1) }),
    );
    const tooMuch = problemOf(
      await call('POST', `${base}/${await authorizedOrder(50)}/captures`, { json: captureBody(60) }),
    );
    const otherCurrency = problemOf(
      await call('POST', `${base}/${authorized}/reversals`, { json: reversalBody(1, { currency: 'NOK' }) }),
    );

    // Assert
    expect(onCreated.Detail).toBe(`Payment order ${created} is Created: nothing is authorized to capture.`);
    expect(onCreated.Problems).toEqual({ amount: ['Expected value between [0,01]-[0] actual [100]'] });
    expect(nothingLeft.Detail).toMatch(/has nothing left to capture \(remainingAmount is 0\)/);
    expect(tooMuch.Detail).toMatch(/has 50\.00 SEK left to capture; the capture asks for 60\.00 SEK\./);
    expect(otherCurrency.Detail).toMatch(/is in SEK; the reversal is in NOK\./);
  });

  it("should say 'Problems' as the member is spelt in a validation Detail", async () => {
    const answer = await call('POST', base, { json: createBody({ authorizationAmount: 0 }) });
    expect(problemOf(answer).Detail).toContain("the 'Problems' property");
  });

  it('should give each sandbox refusal a title of its own', async () => {
    // Arrange
    const created = await createOrder();
    const authorized = await authorizedOrder();
    const titleOf = (answer: Answer) => (answer.body as { Title: string }).Title;

    // Act
    const approveEarly = await call('POST', `${sandboxPath(owner, created)}/approve`);
    const chooseLate = await call('POST', `${sandboxPath(owner, authorized)}/choose`, {
      json: { profileName: 'BA_Invoice' },
    });
    await call('POST', `${base}/${created}/cancel-authorize`);
    const redirectCanceled = await call('POST', `${base}/${created}/redirect`, { json: redirectBody });

    // Assert
    const titles = [approveEarly, chooseLate, redirectCanceled].map(titleOf);
    expect(titles).toEqual([
      'Unable to approve before choosing a payment method',
      'Unable to choose a payment method: the payment order no longer awaits the customer',
      'Unable to redirect: the payment order no longer awaits the customer',
    ]);
    expect([approveEarly, chooseLate, redirectCanceled].map((a) => a.status)).toEqual([409, 409, 409]);
  });
});

describe('the front door (issue 12)', () => {
  it('should answer GET / with an index naming each API, its contract, /docs and the sandbox', async () => {
    // Act
    const json = await call('GET', '/', { token: null });
    const html = await call('GET', '/', {
      token: null,
      headers: { accept: 'text/html,application/xhtml+xml' },
    });

    // Assert
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      apis: [
        {
          name: 'bnpl-payment-order',
          revision: '2026-02-17',
          contract: `${mock.url}/openapi/bnpl-payment-order.yaml`,
        },
        {
          name: 'order-processing',
          revision: '1.0',
          base: `${mock.url}/cl/merchant-gateway-service`,
          contract: `${mock.url}/openapi/order-processing.yaml`,
        },
      ],
      docs: `${mock.url}/docs`,
      sandbox: { reset: `${mock.url}/_sandbox/reset` },
    });
    expect(html.contentType).toMatch(/text\/html/);
    expect(html.text).toContain('href="/openapi/bnpl-payment-order.yaml"');
    expect(html.text).toContain('href="/docs"');
  });

  it('should serve a favicon instead of a 404', async () => {
    const answer = await request(`${mock.url}/favicon.ico`);
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('image/x-icon');
    // ICONDIR: reserved 0, type 1 (icon), one image.
    expect([...bytes.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
  });

  it('should serve each contract with the server it is reached at, for every revision', async () => {
    for (const file of [
      'bnpl-payment-order.yaml',
      'bnpl-payment-order.2024-10-30.yaml',
      'bnpl-payment-order.2026-02-17.yaml',
      'sandbox-control.yaml',
    ]) {
      const answer = await call('GET', `/openapi/${file}`, { token: null });
      const servers = (parse(answer.text) as { servers: { url: string }[] }).servers;
      expect(answer.status, file).toBe(200);
      expect(servers[0]?.url, file).toBe(mock.url);
    }
    const old = parse(
      (await call('GET', '/openapi/bnpl-payment-order.2024-10-30.yaml', { token: null })).text,
    ) as {
      info: { version: string };
    };
    expect(old.info.version).toBe('2024-10-30');
    // The latest revision under its own name too, with what 2026-02-17 added.
    const latest = parse(
      (await call('GET', '/openapi/bnpl-payment-order.2026-02-17.yaml', { token: null })).text,
    ) as {
      info: { version: string };
      components: { schemas: Record<string, { properties?: object; required?: string[] }> };
    };
    expect(latest.info.version).toBe('2026-02-17');
    expect(latest.components.schemas.BnplPaymentOrderRequest?.properties).toHaveProperty('instore');
    expect(latest.components.schemas.ReversalRequest?.required).toContain('receiptReference');
  });
});

describe('the shared sandbox and Order Processing tenants (merchant UUIDs in any case)', () => {
  it('should filter the journal and reset by a merchantId written in upper case', async () => {
    // Arrange: a request of merchant m, written in lower case by the client.
    const merchantId = 'bf62723f-f664-4527-b95b-4dfee33e427d';
    const headers = {
      'Ocp-Apim-Subscription-Key': 'k',
      'context-merchantId': merchantId,
      'context-tenantId': 't',
      'client-session-id': 's',
    };
    const listed = await call(
      'GET',
      '/cl/merchant-gateway-service/merchant/spend-options?productId=default&basketAmount=120',
      { token: null, headers },
    );
    expect(listed.status).toBe(200);

    // Act
    const upper = merchantId.toUpperCase();
    const journal = (await call('GET', `/_sandbox/requests?merchantId=${upper}`, { token: null })).body as {
      entries: { operationId?: string }[];
    };
    const reset = await call('POST', '/_sandbox/reset', { token: null, json: { merchantId: upper } });
    const after = (await call('GET', `/_sandbox/requests?merchantId=${merchantId}`, { token: null }))
      .body as {
      entries: unknown[];
    };

    // Assert
    expect(journal.entries.map((e) => e.operationId)).toEqual(['SpendOptionsForProduct']);
    expect(reset.body).toEqual({ ordersRemoved: 0, authorisationsRemoved: 0, merchantId: upper });
    expect(after.entries).toEqual([]);
  });

  it('should answer a reset of a tenant no served API has with zero counts, touching nothing', async () => {
    const only = await startMock({ port: 0, rules: 'none', apis: ['bnpl-payment-order'] });
    try {
      const order = await client(only.url)('POST', base, { json: createBody() });
      const reset = await client(only.url)('POST', '/_sandbox/reset', {
        token: null,
        json: { merchantId: 'bf62723f-f664-4527-b95b-4dfee33e427d' },
      });
      const id = (order.body as { paymentOrderId: number }).paymentOrderId;
      expect(reset.body).toEqual({ ordersRemoved: 0, merchantId: 'bf62723f-f664-4527-b95b-4dfee33e427d' });
      expect((await client(only.url)('GET', `${base}/${id}`)).status).toBe(200);
    } finally {
      await only.close();
    }
  });
});

describe('mock.inject (in-process requests)', () => {
  it('should answer as the server does, through the same store and journal', async () => {
    // Act: create in-process, then read over HTTP.
    const created = await mock.inject({
      method: 'POST',
      path: base,
      headers: { authorization: 'Bearer t' },
      body: createBody({ sellerAuthorizationId: 'injected' }),
    });
    const id = (created.json as { paymentOrderId: number }).paymentOrderId;
    const read = await getOrder(id);
    const refused = await mock.inject({ method: 'POST', path: base, body: createBody() });
    const tooLarge = await mock.inject({
      method: 'POST',
      path: base,
      headers: { authorization: 'Bearer t' },
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    const journal = (await call('GET', '/_sandbox/requests?limit=5', { token: null })).body as {
      entries: { status: number }[];
    };

    // Assert
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toMatch(/application\/json/);
    expectDocumented(spec, 'createBnplPaymentOrder', {
      ...created,
      contentType: created.headers['content-type'] ?? '',
      body: created.json,
      text: created.body,
    });
    expect(read.status).toBe('Created');
    expect(refused.status).toBe(401);
    expect(tooLarge.status).toBe(413);
    expect(journal.entries.map((e) => e.status)).toEqual(expect.arrayContaining([201, 401, 413]));
  });
});
