// The default scenario rules of Order Processing (mock-rules/order-processing.default.yaml):
// each trigger forces what it says (a 500 fatal, a slow answer, a dropped connection)
// on Authorise, on the operations of an authorisation and on Settle and Refund, moves
// no money when it refuses or drops, carries the x-bnpl-kit-rule header, and is
// listed by GET /_sandbox/triggers. Also the `when` facets Order Processing has
// (merchantId, customerRef, authorisation) in rules of one's own, and a trigger never
// revealing another merchant's authorisation. Slow answers are asserted with a lower
// bound only: a busy machine can make them slower, never faster.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAjv } from '../lib/ajv.ts';
import { type CompiledSpec, compileSpec } from '../lib/openapi.ts';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import { type Answer, client, expectDocumented, type OrderProcessingProblem } from './support/http.ts';
import {
  type AuthorisationResponse,
  type Journey,
  orderProcessingJourney,
  transactionIdOf,
} from './support/order-processing.ts';

const rulesFile = new URL('../mock-rules/order-processing.default.yaml', import.meta.url);
const ruleHeader = 'x-bnpl-kit-rule';
const slowMs = 2000;

let spec: CompiledSpec;
let mock: RunningMock;
let j: Journey;

beforeAll(async () => {
  spec = await compileSpec('order-processing');
  mock = await startMock({ port: 0 }); // the default rules, as npm start loads them
  j = orderProcessingJourney({
    api: mock.url,
    sandbox: mock.url,
    specs: { api: spec, sandbox: await compileSpec('sandbox-control') },
  });
});
afterAll(async () => {
  await mock.close();
});

const newMerchant = () => randomUUID();

/** Asserts a 500 fatal problem forced by `rule`. */
function expectForcedFatal(answer: Answer, rule: string): void {
  expect(answer.status, answer.text).toBe(500);
  expect(answer.body as OrderProcessingProblem).toMatchObject({
    type: 'https://bnpl-kit.dev/problems/order-processing/fatal',
    status: 500,
  });
  expect(answer.headers[ruleHeader]).toBe(rule);
}

/** Runs `call` and resolves to how long it took, in milliseconds, and its answer. */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; answer: T }> {
  const started = performance.now();
  const answer = await call();
  return { ms: performance.now() - started, answer };
}

describe('mock-rules/order-processing.default.yaml', () => {
  it('should match spec/mock-rules.schema.json and describe every rule', async () => {
    // Arrange
    const schema = JSON.parse(
      await readFile(new URL('../spec/mock-rules.schema.json', import.meta.url), 'utf8'),
    ) as object;
    const file = parse(await readFile(rulesFile, 'utf8')) as {
      api: string;
      rules: { description?: string }[];
    };

    // Act
    const validate = createAjv().compile(schema);

    // Assert
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect(file.api).toBe('order-processing');
    for (const rule of file.rules) expect(rule.description?.length).toBeGreaterThan(20);
  });

  it('should list its rules in GET /_sandbox/triggers, in file order, after the first API’s', async () => {
    // Arrange
    const file = parse(await readFile(rulesFile, 'utf8')) as {
      rules: { name: string; description: string }[];
    };

    // Act
    const answer = await client(mock.url)('GET', '/_sandbox/triggers', { token: null });

    // Assert
    const listed = (answer.body as { rules: { name: string; description: string; source: string }[] }).rules;
    const ours = listed.filter((r) => r.source.endsWith('mock-rules/order-processing.default.yaml'));
    expect(ours.map(({ name, description }) => ({ name, description }))).toEqual(
      file.rules.map(({ name, description }) => ({ name, description })),
    );
    expect(listed.slice(-ours.length)).toEqual(listed.filter((r) => ours.includes(r)));
  });
});

describe('Authorise, by its orderReference', () => {
  it('should answer "fatal" with 500 fatal, authorising nothing and keeping the sca-token usable', async () => {
    // Arrange
    const merchantId = newMerchant();
    const scaToken = await j.scaToken(merchantId, '123456789', 100);

    // Act
    const fatal = await j.authorise(merchantId, '123456789', 100, { orderReference: 'fatal' }, { scaToken });
    const retry = await j.authorise(
      merchantId,
      '123456789',
      100,
      { orderReference: 'order-1' },
      { scaToken },
    );

    // Assert
    expectForcedFatal(fatal, 'authorise-fatal');
    expect(retry.body).toMatchObject({ result: 'Authorised' });
    expect(retry.headers[ruleHeader]).toBeUndefined();
    expect(await j.credit(merchantId, '123456789')).toBe(4900);
  });

  it('should close the connection on "drop", authorising nothing and keeping the sca-token usable', async () => {
    // Arrange
    const merchantId = newMerchant();
    const scaToken = await j.scaToken(merchantId, '123456789', 100);

    // Act
    const dropped = j.authorise(merchantId, '123456789', 100, { orderReference: 'drop' }, { scaToken });
    await expect(dropped).rejects.toThrow();
    const creditAfterDrop = await j.credit(merchantId, '123456789');
    const retry = await j.authorise(
      merchantId,
      '123456789',
      100,
      { orderReference: 'order-1' },
      { scaToken },
    );

    // Assert: the journal saw the drop (status 0) and names the rule.
    expect(creditAfterDrop).toBe(5000);
    expect(retry.body).toMatchObject({ result: 'Authorised' });
    const journal = await client(mock.url)('GET', `/_sandbox/requests?merchantId=${merchantId}`, {
      token: null,
    });
    const entries = (journal.body as { entries: { operationId: string; status: number; rule?: string }[] })
      .entries;
    expect(entries.find((e) => e.status === 0)).toMatchObject({
      operationId: 'Authorise',
      rule: 'authorise-dropped',
    });
  });
});

describe('the operations on a "-later" authorisation, by its orderReference', () => {
  it('should authorise "fatal-later", then answer 500 to UpwardAdjustment, Settle and Reverse, moving nothing', async () => {
    // Arrange
    const merchantId = newMerchant();
    const authorised = await j.authorise(merchantId, '123456789', 100, { orderReference: 'fatal-later' });
    const { authorisationId } = authorised.body as AuthorisationResponse;

    // Act
    const answers = [
      await j.adjust(merchantId, '123456789', authorisationId, 10),
      await j.settle(merchantId, '123456789', authorisationId, 10),
      await j.reverse(merchantId, '123456789', authorisationId, 10),
    ];

    // Assert
    expect(authorised.body).toMatchObject({ result: 'Authorised' });
    expect(authorised.headers[ruleHeader]).toBeUndefined();
    for (const answer of answers) expectForcedFatal(answer, 'authorisation-fatal-later');
    expect(await j.authorisation(merchantId, authorisationId)).toMatchObject({
      authorised: { value: 100 },
      settled: { value: 0 },
      reversed: { value: 0 },
    });
  });

  it('should close the connection on every step of a "drop-later" authorisation, moving nothing', async () => {
    // Arrange
    const merchantId = newMerchant();
    const authorisationId = await j.authorised(merchantId, '123456789', 100, {
      orderReference: 'drop-later',
    });

    // Act + Assert
    await expect(j.adjust(merchantId, '123456789', authorisationId, 10)).rejects.toThrow();
    await expect(j.settle(merchantId, '123456789', authorisationId, 10)).rejects.toThrow();
    await expect(j.reverse(merchantId, '123456789', authorisationId, 10)).rejects.toThrow();
    expect(await j.authorisation(merchantId, authorisationId)).toMatchObject({
      authorised: { value: 100 },
      remainingFloat: { value: 100 },
    });
  });

  it('should never apply a trigger to another merchant’s or customer’s request: theirs is 404 (OP-D-27)', async () => {
    // Arrange: the owner's authorisation would answer 500 to any settle.
    const owner = newMerchant();
    const authorisationId = await j.authorised(owner, '123456789', 100, { orderReference: 'fatal-later' });

    // Act
    const otherMerchant = await j.settle(newMerchant(), '123456789', authorisationId, 10);
    const otherCustomer = await j.settle(owner, 'my-own-customer', authorisationId, 10);

    // Assert: a rule must not reveal that the id exists elsewhere.
    for (const answer of [otherMerchant, otherCustomer]) {
      expect(answer.status, answer.text).toBe(404);
      expect(answer.headers[ruleHeader]).toBeUndefined();
    }
  });
});

describe('Settle and Refund, by their description', () => {
  it('should answer "fatal" with 500 on Settle and on Refund, moving nothing', async () => {
    // Arrange
    const merchantId = newMerchant();
    const authorisationId = await j.authorised(merchantId, '123456789', 100);
    const transactionId = transactionIdOf(await j.settle(merchantId, '123456789', authorisationId, 50));

    // Act
    const settle = await j.settle(merchantId, '123456789', authorisationId, 10, {
      body: { description: 'fatal' },
    });
    const refund = await j.refund(merchantId, '123456789', transactionId, 10, {
      body: { description: 'fatal' },
    });

    // Assert
    expectForcedFatal(settle, 'money-movement-fatal');
    expectForcedFatal(refund, 'money-movement-fatal');
    expect(await j.authorisation(merchantId, authorisationId)).toMatchObject({
      settled: { value: 50 },
      transactions: [{ transactionId, refunded: { value: 0 } }],
    });
  });

  it('should close the connection on "drop" for Settle and Refund, moving nothing; a retry succeeds', async () => {
    // Arrange
    const merchantId = newMerchant();
    const authorisationId = await j.authorised(merchantId, '123456789', 100);
    const transactionId = transactionIdOf(await j.settle(merchantId, '123456789', authorisationId, 50));
    const key = randomUUID();

    // Act
    await expect(
      j.settle(merchantId, '123456789', authorisationId, 10, {
        body: { description: 'drop' },
        idempotencyKey: key,
      }),
    ).rejects.toThrow();
    await expect(
      j.refund(merchantId, '123456789', transactionId, 10, { body: { description: 'drop' } }),
    ).rejects.toThrow();
    const before = await j.authorisation(merchantId, authorisationId);
    // The dropped request kept nothing, not even its idempotency key.
    const retry = await j.settle(merchantId, '123456789', authorisationId, 10, { idempotencyKey: key });

    // Assert
    expect(before).toMatchObject({ settled: { value: 50 }, transactions: [{ refunded: { value: 0 } }] });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('slow answers', () => {
  it('should delay Authorise "slow", every step of a "slow-later" authorisation, and Settle and Refund "slow" by at least 2 s, then answer as usual', async () => {
    // Arrange
    const merchantId = newMerchant();
    const [slowLater, plain] = await Promise.all([
      j.authorised(merchantId, '123456789', 100, { orderReference: 'slow-later' }),
      j.authorised(merchantId, '123456789', 100),
    ]);
    const transactionId = transactionIdOf(await j.settle(merchantId, '123456789', plain, 50));
    const scaToken = await j.scaToken(merchantId, '123456789', 10);

    // Act: every slow trigger at once, so the suite waits about 2 s, not 12.
    const results = await Promise.all([
      timed(() => j.authorise(merchantId, '123456789', 10, { orderReference: 'slow' }, { scaToken })),
      timed(() => j.adjust(merchantId, '123456789', slowLater, 10)),
      timed(() => j.settle(merchantId, '123456789', slowLater, 10)),
      timed(() => j.reverse(merchantId, '123456789', slowLater, 10)),
      timed(() => j.settle(merchantId, '123456789', plain, 10, { body: { description: 'slow' } })),
      timed(() => j.refund(merchantId, '123456789', transactionId, 10, { body: { description: 'slow' } })),
    ]);

    // Assert
    expect(results.map((r) => r.answer.headers[ruleHeader])).toEqual([
      'authorise-slow',
      'authorisation-slow-later',
      'authorisation-slow-later',
      'authorisation-slow-later',
      'money-movement-slow',
      'money-movement-slow',
    ]);
    for (const { ms, answer } of results) {
      expect(answer.status, answer.text).toBe(200);
      expect(ms).toBeGreaterThanOrEqual(slowMs - 10);
    }
    expect(results[0]?.answer.body).toMatchObject({ result: 'Authorised' });
    expect(await j.authorisation(merchantId, slowLater)).toMatchObject({
      authorised: { value: 110 },
      settled: { value: 10 },
      reversed: { value: 10 },
    });
  });
});

describe('rules of one’s own', () => {
  it('should match on merchantId, customerRef and the authorisation, and answer with a documented problem', async () => {
    // Arrange: written as YAML, the way a rules file is.
    const merchantId = newMerchant();
    const rules = parse(`
api: order-processing
rules:
  - name: one-merchant-declined-float
    when:
      operationId: Settle
      merchantId: { equals: ${merchantId} }
      customerRef: { pattern: '^vip-' }
      authorisation: { amount.value: { gte: 100 } }
    then:
      problem: { type: insufficient-float, detail: Planned for this merchant. }
`) as unknown;
    const own = await startMock({ port: 0, rules: [rules], apis: ['order-processing'] });
    try {
      const journey = orderProcessingJourney({ api: own.url, sandbox: own.url });
      const big = await journey.authorised(merchantId, 'vip-1', 100);
      const small = await journey.authorised(merchantId, 'vip-1', 99.99);
      const other = await journey.authorised(merchantId, 'regular-1', 100);

      // Act: `authorisation` matches the Authorise request as it was sent (amount in pounds).
      const matched = await journey.settle(merchantId, 'vip-1', big, 1);
      const smaller = await journey.settle(merchantId, 'vip-1', small, 1);
      const otherCustomer = await journey.settle(merchantId, 'regular-1', other, 1);

      // Assert
      expectDocumented(spec, 'Settle', matched, 409);
      expect(matched.body).toMatchObject({ detail: 'Planned for this merchant.' });
      expect(matched.headers[ruleHeader]).toBe('one-merchant-declined-float');
      expect([smaller.status, otherCustomer.status]).toEqual([200, 200]);
    } finally {
      await own.close();
    }
  });

  it('should force on every operation the documented 500, and the 404 the spend options document', async () => {
    // Arrange: the mock never answers 404 to spend options by itself (unknown refs behave like
    // 123456789, OP-D-18), nor 500; a rule can, and each answer must still be the contract's.
    const fatalMerchant = newMerchant();
    const missingMerchant = newMerchant();
    const rules = parse(`
api: order-processing
rules:
  - name: all-fatal
    when:
      operationId: [SpendOptionsForProduct, SpendOptionsForCustomerRef, Initiate, Authorise, UpwardAdjustment, Settle, Reverse, Refund]
      merchantId: { equals: ${fatalMerchant} }
    then:
      problem: { type: fatal }
  - name: no-options
    when:
      operationId: [SpendOptionsForProduct, SpendOptionsForCustomerRef]
      merchantId: { equals: ${missingMerchant} }
    then:
      problem: { type: not-found, detail: No options for this merchant. }
`) as unknown;
    const own = await startMock({ port: 0, rules: [rules], apis: ['order-processing'] });
    try {
      const journey = orderProcessingJourney({ api: own.url, sandbox: own.url });
      const id = randomUUID();
      const requests: [string, 'GET' | 'POST', string][] = [
        ['SpendOptionsForProduct', 'GET', '/merchant/spend-options?productId=p&basketAmount=10'],
        ['SpendOptionsForCustomerRef', 'GET', '/merchant/123456789/spend-options?basketAmount=10'],
        ['Initiate', 'POST', '/merchant/123456789/initiate'],
        ['Authorise', 'POST', '/merchant/123456789/authorisation'],
        ['UpwardAdjustment', 'POST', `/merchant/123456789/authorisation/${id}/upward-adjustment`],
        ['Settle', 'POST', `/merchant/123456789/authorisation/${id}/settle`],
        ['Reverse', 'POST', `/merchant/123456789/authorisation/${id}/reverse`],
        ['Refund', 'POST', `/merchant/123456789/transaction/${id}/refund`],
      ];
      const send = (merchantId: string, [operationId, method, path]: (typeof requests)[number]) =>
        journey.op(operationId, method, path, {
          merchantId,
          customerAccessToken: 'cat_x',
          scaToken: 'sca_x',
          ...(method === 'POST'
            ? { json: { amount: { value: 10, currencyCode: 'GBP' }, orderReference: 'o' } }
            : {}),
        });

      // Act
      const fatal = await Promise.all(requests.map((request) => send(fatalMerchant, request)));
      const missing = await Promise.all(
        requests.slice(0, 2).map((request) => send(missingMerchant, request)),
      );

      // Assert
      for (const [i, [operationId]] of requests.entries()) {
        expectDocumented(spec, operationId, fatal[i] as Answer, 500);
        if (i < missing.length) expectDocumented(spec, operationId, missing[i] as Answer, 404);
      }
      expect(missing[0]?.body).toMatchObject({ detail: 'No options for this merchant.' });
    } finally {
      await own.close();
    }
  });

  it.each([
    [
      'a matcher of the first API',
      "ownerNo: { equals: '1' }",
      /when.ownerNo does not apply to order-processing/,
    ],
    ['a problem Settle does not document', '', /does not document status 403/],
  ])('should refuse %s', async (_, matcher, message) => {
    const rules = parse(`
api: order-processing
rules:
  - name: refused
    when:
      operationId: Settle
      ${matcher}
    then:
      problem: { type: ${matcher === '' ? 'sca-required' : 'fatal'} }
`) as unknown;
    await expect(startMock({ port: 0, rules: [rules], apis: ['order-processing'] })).rejects.toThrow(message);
  });
});
