// Scenario rules: the shipped default set reaches every status and problem without a
// browser, custom rules behave like MSW handlers (first match, once), and the loader
// refuses every malformed rule with a message naming it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileSpec } from '../lib/openapi.ts';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import {
  captureBody,
  client,
  createBody,
  expectDocumented,
  ownerPath,
  redirectBody,
  reversalBody,
} from './support/http.ts';

const base = ownerPath('1');

describe('the default rules (mock-rules/)', () => {
  let mock: RunningMock;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    mock = await startMock({ port: 0 });
    call = client(mock.url);
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.reset();
  });

  const create = async (overrides: Record<string, unknown>) => {
    const answer = await call('POST', base, { json: createBody(overrides) });
    return answer;
  };
  const orderAfterRedirect = async (email: string) => {
    const created = await create({ customer: { nationalConsumerIdentifier: {}, email, msisdn: '+4670' } });
    const id = (created.body as { paymentOrderId: number }).paymentOrderId;
    const redirect = await call('POST', `${base}/${id}/redirect`, { json: redirectBody });
    expect(redirect.status).toBe(200);
    return {
      id,
      created,
      order: (await call('GET', `${base}/${id}`)).body as { status: string; remainingAmount: number },
    };
  };

  it.each([
    ['anna+approve@example.com', 'Authorized', 'customer-approves'],
    ['anna+decline@example.com', 'Rejected', 'customer-declined'],
    ['anna+fail@example.com', 'Failed', 'customer-step-fails'],
  ])('should take %s to %s when the seller redirects', async (email, status, rule) => {
    const { order, created } = await orderAfterRedirect(email);
    expect(created.headers['x-bnpl-kit-rule']).toBe(rule);
    expect(order.status).toBe(status);
  });

  it('should leave a +slow order Created at redirect and approve it later', async () => {
    const { order } = await orderAfterRedirect('anna+slow@example.com');
    expect(order.status).toBe('Created');
  });

  it.each([
    [
      'create',
      () => ['POST', base, { json: createBody({ sellerAuthorizationId: 'fatal' }) }] as const,
      'createBnplPaymentOrder',
    ],
  ])('should force 500 fatal on %s', async (_, build, operationId) => {
    const [method, path, options] = build();
    const answer = await call(method, path, options);
    expect(answer.status).toBe(500);
    expect((answer.body as { Type: string }).Type).toBe('ledger/bnpl-payment-order/v1/problems/fatal');
    expectDocumented(await compileSpec('bnpl-payment-order'), operationId, answer);
  });

  it('should force 500 fatal on every later operation of a fatal-later order', async () => {
    const created = await create({ sellerAuthorizationId: 'fatal-later' });
    expect(created.status).toBe(201);
    const id = (created.body as { paymentOrderId: number }).paymentOrderId;
    for (const [method, path, json] of [
      ['GET', `${base}/${id}`, undefined],
      ['POST', `${base}/${id}/captures`, captureBody(1)],
      ['POST', `${base}/${id}/reversals`, reversalBody(1)],
      ['POST', `${base}/${id}/cancel-authorize`, undefined],
      ['POST', `${base}/${id}/redirect`, redirectBody],
    ] as const) {
      const answer = await call(method, path, json === undefined ? {} : { json });
      expect(answer.status, `${method} ${path}`).toBe(500);
    }
  });

  it('should drop the connection for sellerTransactionId "drop" and record nothing', async () => {
    const created = await create({
      customer: { nationalConsumerIdentifier: {}, email: 'a+approve@example.com', msisdn: '1' },
    });
    const id = (created.body as { paymentOrderId: number }).paymentOrderId;
    await call('POST', `${base}/${id}/redirect`, { json: redirectBody });
    await expect(
      call('POST', `${base}/${id}/captures`, { json: captureBody(1, { sellerTransactionId: 'drop' }) }),
    ).rejects.toThrow();
    const order = (await call('GET', `${base}/${id}`)).body as { remainingAmount: number };
    expect(order.remainingAmount).toBe(1000);
  });

  it('should delay a capture with sellerTransactionId "slow" by at least 2 s', async () => {
    const created = await create({
      customer: { nationalConsumerIdentifier: {}, email: 'a+approve@example.com', msisdn: '1' },
    });
    const id = (created.body as { paymentOrderId: number }).paymentOrderId;
    await call('POST', `${base}/${id}/redirect`, { json: redirectBody });
    const started = performance.now();
    const answer = await call('POST', `${base}/${id}/captures`, {
      json: captureBody(1, { sellerTransactionId: 'slow' }),
    });
    // A lower bound only: a busy machine can make it slower, never faster.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1990);
    expect(answer.status).toBe(201);
  });

  it('should list the active triggers', async () => {
    const triggers = (await call('GET', '/_sandbox/triggers')).body as {
      rules: { name: string; source: string }[];
    };
    expect(triggers.rules.map((r) => r.name)).toEqual(mock.rules.map((r) => r.name));
    expect(triggers.rules.length).toBeGreaterThanOrEqual(8);
    expect(triggers.rules[0]?.source).toMatch(/mock-rules\/bnpl-payment-order\.default\.yaml$/);
  });
});

describe('custom rules', () => {
  it('should apply the first matching rule, retire a once rule, and script a delayed customer', async () => {
    const mock = await startMock({
      port: 0,
      rules: [
        {
          api: 'bnpl-payment-order',
          rules: [
            {
              name: 'first-capture-fails',
              once: true,
              when: { operationId: 'createCapture', body: { amount: { gte: 100 } } },
              then: { problem: { type: 'fatal', detail: 'Planned outage' } },
            },
            { name: 'never-reached', when: { operationId: 'createCapture' }, then: { latencyMs: 0 } },
            {
              name: 'approve-soon',
              when: { operationId: 'createBnplPaymentOrder', ownerNo: { equals: 'ci-7' } },
              then: { customer: { outcome: 'approve', afterMs: 150 } },
            },
          ],
        },
      ],
    });
    try {
      const call = client(mock.url);
      const created = await call('POST', ownerPath('ci-7'), { json: createBody() });
      const id = (created.body as { paymentOrderId: number }).paymentOrderId;
      await call('POST', `${ownerPath('ci-7')}/${id}/redirect`, { json: redirectBody });
      await expect
        .poll(
          async () => ((await call('GET', `${ownerPath('ci-7')}/${id}`)).body as { status: string }).status,
          {
            timeout: 5000,
          },
        )
        .toBe('Authorized');
      const first = await call('POST', `${ownerPath('ci-7')}/${id}/captures`, { json: captureBody(100) });
      expect(first.status).toBe(500);
      expect((first.body as { Detail: string }).Detail).toBe('Planned outage');
      const second = await call('POST', `${ownerPath('ci-7')}/${id}/captures`, { json: captureBody(100) });
      expect(second.status).toBe(201);
      expect(second.headers['x-bnpl-kit-rule']).toBe('never-reached');
    } finally {
      await mock.close();
    }
  });
});

describe('the rules loader', () => {
  const file = (rule: Record<string, unknown>) => [{ api: 'bnpl-payment-order', rules: [rule] }];
  it.each<[string, unknown[], RegExp]>([
    [
      'an unknown key',
      file({ name: 'x', when: { operationId: 'createCapture' }, then: { latencyMs: 1 }, typo: 1 }),
      /schema/,
    ],
    [
      'an unknown operationId',
      file({ name: 'x', when: { operationId: 'createPayment' }, then: { latencyMs: 1 } }),
      /unknown operationId createPayment/,
    ],
    [
      'an unknown problem type',
      file({ name: 'x', when: { operationId: 'createCapture' }, then: { problem: { type: 'teapot' } } }),
      /unknown problem type teapot/,
    ],
    [
      'a status the operation does not document',
      file({
        name: 'x',
        when: { operationId: 'createCapture' },
        then: { problem: { type: 'invalid-payment-method' } },
      }),
      /does not document status 409/,
    ],
    [
      'a customer outcome outside create',
      file({ name: 'x', when: { operationId: 'redirect' }, then: { customer: { outcome: 'approve' } } }),
      /only to createBnplPaymentOrder/,
    ],
    [
      'an invalid pattern',
      file({
        name: 'x',
        when: { operationId: 'createCapture', body: { amount: { pattern: '(' } } },
        then: { latencyMs: 1 },
      }),
      /pattern|regex/,
    ],
    ['an empty then', file({ name: 'x', when: { operationId: 'createCapture' }, then: {} }), /schema/],
    [
      "a matcher of another API's requests",
      file({
        name: 'x',
        when: { operationId: 'createCapture', merchantId: { equals: 'm' } },
        then: { latencyMs: 1 },
      }),
      /when.merchantId does not apply to bnpl-payment-order/,
    ],
    [
      'two rules with one name',
      [
        {
          api: 'bnpl-payment-order',
          rules: [
            { name: 'x', when: { operationId: 'createCapture' }, then: { latencyMs: 1 } },
            { name: 'x', when: { operationId: 'createCapture' }, then: { latencyMs: 1 } },
          ],
        },
      ],
      /used twice/,
    ],
  ])('should refuse %s', async (_, rules, message) => {
    await expect(startMock({ port: 0, rules })).rejects.toThrow(message);
  });

  it('should refuse a rules path that does not exist', async () => {
    await expect(startMock({ port: 0, rules: '/nonexistent/rules' })).rejects.toThrow(/does not exist/);
  });
});
