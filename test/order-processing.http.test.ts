// The Order Processing mock over real HTTP: every documented answer and problem of
// every operation (spend options, Initiate, Authorise with the checks of OP-D-21 in
// order, UpwardAdjustment, Settle, Reverse, Refund), the credit arithmetic seen
// through the sandbox, merchant and customer isolation, the subscription key, the
// headers, idempotency keys, parallel money movements on one authorisation or
// transaction, the sandbox control endpoints, and the transport problems. Every answer
// of an operation is checked against spec/order-processing.yaml, and every sandbox
// answer against spec/sandbox-control.yaml, as it arrives. Each test works under a
// merchant UUID of its own, so credit and idempotency keys never leak between tests.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../generated/order-processing.ts';
import { type CompiledSpec, compileSpec } from '../lib/openapi.ts';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import {
  type Answer,
  client,
  expectCatalogued,
  expectDocumented,
  gbp,
  type OrderProcessingProblem,
  orderProcessingBase,
  orderProcessingHeaders,
  strictMerchantId,
} from './support/http.ts';
import {
  type AuthorisationResponse,
  type InitiateResponse,
  type Journey,
  orderProcessingJourney,
  transactionIdOf,
} from './support/order-processing.ts';

type Schemas = components['schemas'];
type SpendOption = Schemas['CustomerSpendOption'];

let spec: CompiledSpec;
let sandboxSpec: CompiledSpec;
let mock: RunningMock;
let j: Journey;
let raw: ReturnType<typeof client>;

beforeAll(async () => {
  [spec, sandboxSpec] = await Promise.all([compileSpec('order-processing'), compileSpec('sandbox-control')]);
  mock = await startMock({ port: 0, rules: 'none' });
  j = orderProcessingJourney({
    api: mock.url,
    sandbox: mock.url,
    specs: { api: spec, sandbox: sandboxSpec },
  });
  raw = client(mock.url);
});
afterAll(async () => {
  await mock.close();
});

/** A merchant of its own for each test: credit and idempotency keys are per merchant. */
const newMerchant = () => randomUUID();
const problemType = (name: string) => `https://bnpl-kit.dev/problems/order-processing/${name}`;
const problemOf = (answer: Answer) => answer.body as OrderProcessingProblem;
const sandboxPath = '/_sandbox/order-processing';

/** Asserts the answer is the problem `name`, with the given status. */
function expectProblem(answer: Answer, status: number, name: string): OrderProcessingProblem {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  const problem = problemOf(answer);
  expect(problem).toMatchObject({ type: problemType(name), status });
  return problem;
}

/** Asserts a 400 validation problem listing exactly these `errors` locations (detail aside). */
function expectInvalid(answer: Answer, ...locations: Record<string, string>[]): void {
  const problem = expectProblem(answer, 400, 'validation');
  const listed = (problem.errors ?? []).map(({ detail: _detail, ...where }) => where);
  expect(listed, answer.text).toEqual(locations);
  for (const entry of problem.errors ?? []) expect(entry.detail, answer.text).toMatch(/\S/);
}

const pointer = (p: string) => ({ pointer: p });
const header = (h: string) => ({ header: h });
const parameter = (p: string) => ({ parameter: p });

const pathId = randomUUID();
const common = ['context-merchantId', 'context-tenantId', 'client-session-id'];
const posted = [...common, 'idempotency-key'];
/** Every operation: its id, method, a path reaching it, and the headers it requires. */
const operations: [string, 'GET' | 'POST', string, string[]][] = [
  ['SpendOptionsForProduct', 'GET', '/merchant/spend-options?productId=p&basketAmount=10', common],
  ['SpendOptionsForCustomerRef', 'GET', '/merchant/123456789/spend-options?basketAmount=10', common],
  ['Initiate', 'POST', '/merchant/123456789/initiate', [...posted, 'customer-access-token']],
  [
    'Authorise',
    'POST',
    '/merchant/123456789/authorisation',
    [...posted, 'customer-access-token', 'sca-token'],
  ],
  [
    'UpwardAdjustment',
    'POST',
    `/merchant/123456789/authorisation/${pathId}/upward-adjustment`,
    [...posted, 'customer-access-token'],
  ],
  ['Settle', 'POST', `/merchant/123456789/authorisation/${pathId}/settle`, posted],
  ['Reverse', 'POST', `/merchant/123456789/authorisation/${pathId}/reverse`, posted],
  ['Refund', 'POST', `/merchant/123456789/transaction/${pathId}/refund`, posted],
];
const postOperations = operations.filter(([, method]) => method === 'POST');
/** A body every POST operation takes, and the tokens the customer's operations need. */
const body = { amount: gbp(10), orderReference: 'o-1' };
const full = { customerAccessToken: 'cat_x', scaToken: 'sca_x' };

describe('spend options', () => {
  const forProduct = (query: string, merchantId = newMerchant()) =>
    j.op('SpendOptionsForProduct', 'GET', `/merchant/spend-options?${query}`, { merchantId });
  const forCustomer = (customerRef: string, query: string, merchantId = newMerchant()) =>
    j.op('SpendOptionsForCustomerRef', 'GET', `/merchant/${customerRef}/spend-options?${query}`, {
      merchantId,
    });
  const optionsOf = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(200);
    return (answer.body as { options: SpendOption[] }).options;
  };
  const codes = (answer: Answer) => optionsOf(answer).map((o) => o.offerCode);

  const all = ['NEWPAY-6M-0', 'NEWPAY-12M-199', 'PROMO-24M-0', 'NEWPAY-REVOLVING-299'];
  const operations = [
    ['SpendOptionsForProduct', (query: string) => forProduct(`productId=default&${query}`)],
    ['SpendOptionsForCustomerRef', (query: string) => forCustomer('123456789', query)],
  ] as const;

  it('should illustrate every instalment option for £100.00 as OP-D-16 computes it, without spendOptionId for a product', async () => {
    // Act
    const options = optionsOf(await forProduct('productId=default&basketAmount=100'));

    // Assert: £100 reaches the 6- and 12-month options (not the £250 promotion), then revolving credit.
    expect(options.map((o) => [o.offerCode, o.illustration])).toEqual([
      ['NEWPAY-6M-0', { monthlyPayment: gbp(16.67), interestToPay: gbp(0), totalRepayable: gbp(100) }],
      ['NEWPAY-12M-199', { monthlyPayment: gbp(10), interestToPay: gbp(19.9), totalRepayable: gbp(119.9) }],
      ['NEWPAY-REVOLVING-299', undefined],
    ]);
    for (const option of options) expect(option).not.toHaveProperty('spendOptionId');
    expect(options[2]).not.toHaveProperty('duration');
    expect(options[2]).not.toHaveProperty('offerSource');
  });

  it('should give each of a customer’s options a spendOptionId equal to its offerId (OP-D-14)', async () => {
    const options = optionsOf(await forCustomer('123456789', 'basketAmount=300'));
    expect(options.map((o) => o.offerCode)).toEqual(all);
    for (const option of options) expect(option.spendOptionId).toBe(option.offerId);
  });

  it('should give an unknown productId the default product (OP-D-18)', async () => {
    const known = await forProduct('productId=default&basketAmount=300');
    const unknown = await forProduct('productId=my-own-product_7&basketAmount=300');
    expect(unknown.body).toEqual(known.body);
  });

  it('should give an unknown customerRef the options of 123456789 (OP-D-18)', async () => {
    const known = await forCustomer('123456789', 'basketAmount=300');
    const unknown = await forCustomer('4vMgYYLnQJ', 'basketAmount=300');
    expect(unknown.body).toEqual(known.body);
  });

  describe.each(operations)('%s filters and order (OP-D-17), basket £300', (_, list) => {
    it.each<[string, string[]]>([
      ['', all],
      ['zeroPercentOnly=true', ['NEWPAY-6M-0', 'PROMO-24M-0']],
      ['zeroPercentOnly=false', all],
      ['promoOnly=true', ['PROMO-24M-0']],
      ['promoOnly=false', all],
      ['spendType=Instalment', ['NEWPAY-6M-0', 'NEWPAY-12M-199', 'PROMO-24M-0']],
      ['spendType=Purchase', ['NEWPAY-REVOLVING-299']],
      [
        'orderBy=InstalmentPaymentAmount',
        ['PROMO-24M-0', 'NEWPAY-12M-199', 'NEWPAY-6M-0', 'NEWPAY-REVOLVING-299'],
      ],
      ['zeroPercentOnly=true&orderBy=InstalmentPaymentAmount', ['PROMO-24M-0', 'NEWPAY-6M-0']],
      ['promoOnly=true&spendType=Purchase', []],
      ['treatmentId=ignored', all],
    ])('should answer %j with %j', async (query, want) => {
      expect(codes(await list(`basketAmount=300&${query}`))).toEqual(want);
    });

    it('should sort by ascending monthly payment with orderBy, Purchase last', async () => {
      const options = optionsOf(await list('basketAmount=300&orderBy=InstalmentPaymentAmount'));
      const monthly = options.flatMap((o) => (o.illustration ? [o.illustration.monthlyPayment.value] : []));
      expect(monthly).toEqual([12.5, 29.98, 50]);
      expect(options.at(-1)?.spendType).toBe('Purchase');
    });

    it.each<[number, string[]]>([
      [0.01, ['NEWPAY-REVOLVING-299']],
      [49.99, ['NEWPAY-REVOLVING-299']],
      [50, ['NEWPAY-6M-0', 'NEWPAY-REVOLVING-299']],
      [250, all],
      [100000, all],
    ])('should offer an instalment option only from its minimum basket: £%s → %j', async (basket, want) => {
      expect(codes(await list(`basketAmount=${basket}`))).toEqual(want);
    });

    it.each([
      ['0', 'basketAmount'],
      ['-1', 'basketAmount'],
      ['100000.01', 'basketAmount'],
      ['1.001', 'basketAmount'],
      ['abc', 'basketAmount'],
    ])('should refuse basketAmount=%s naming %s', async (basket, name) => {
      expectInvalid(await list(`basketAmount=${basket}`), parameter(name));
    });

    it.each([
      ['promoOnly=yes', 'promoOnly'],
      ['zeroPercentOnly=1', 'zeroPercentOnly'],
      ['spendType=Loan', 'spendType'],
      ['orderBy=Name', 'orderBy'],
    ])('should refuse %s naming it', async (query, name) => {
      expectInvalid(await list(`basketAmount=100&${query}`), parameter(name));
    });
  });

  it.each([
    ['basketAmount=100', [parameter('productId')]],
    ['productId=default', [parameter('basketAmount')]],
    ['productId=a.b&basketAmount=100', [parameter('productId')]],
    ['', [parameter('productId'), parameter('basketAmount')]],
  ])('should refuse SpendOptionsForProduct?%s naming what is missing or malformed', async (query, want) => {
    expectInvalid(await forProduct(query), ...want);
  });

  it('should refuse a malformed customerRef and a missing basketAmount together', async () => {
    expectInvalid(await forCustomer('a.b', ''), parameter('customerRef'), parameter('basketAmount'));
  });
});

describe('Initiate (OP-D-19, OP-D-20)', () => {
  const initiated = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(200);
    return answer.body as InitiateResponse;
  };

  it.each<[string, number, { exemptionOverride?: boolean }, InitiateResponse['scaStatus']]>([
    ['123456789', 29.99, {}, 'Exempt'],
    ['123456789', 30, {}, 'AuthenticationRequired'],
    ['123456789', 10, { exemptionOverride: true }, 'AuthenticationRequired'],
    ['123456789', 10, { exemptionOverride: false }, 'Exempt'],
    ['always-sca', 0.01, {}, 'AuthenticationRequired'],
    ['limit-100', 29.99, {}, 'Exempt'],
    ['always-declined', 29.99, {}, 'Exempt'],
    ['my-own-customer', 29.99, {}, 'Exempt'],
    ['my-own-customer', 30, {}, 'AuthenticationRequired'],
  ])('should answer %s for £%s %j with %s', async (customerRef, value, extra, scaStatus) => {
    // Act
    const answer = initiated(await j.initiate(newMerchant(), customerRef, value, extra));

    // Assert: widgetUrl exactly when authentication is required, shaped like the real widget's.
    expect(answer.scaStatus).toBe(scaStatus);
    if (scaStatus === 'Exempt') expect(answer).not.toHaveProperty('widgetUrl');
    else {
      expect(answer.widgetUrl).toBe(
        `${mock.url}/_sandbox/pages/order-processing/newpay/identity?scaToken=${encodeURIComponent(answer.scaToken)}`,
      );
    }
  });

  it('should give every Initiate a token of its own', async () => {
    const merchantId = newMerchant();
    const tokens = await Promise.all(
      [1, 2, 3].map(async () => initiated(await j.initiate(merchantId, '123456789', 10)).scaToken),
    );
    expect(new Set(tokens).size).toBe(3);
  });

  it('should check spendOptionId for its form only (OP-D-19), and ignore members it does not know', async () => {
    const answer = await j.op('Initiate', 'POST', '/merchant/123456789/initiate', {
      merchantId: newMerchant(),
      customerAccessToken: await j.accessToken('123456789'),
      json: { amount: gbp(10), spendOptionId: randomUUID(), treatmentId: 'older-generation' },
    });
    expect(initiated(answer).scaStatus).toBe('Exempt');
  });

  it.each([
    ['a token issued for another customer', async () => j.accessToken('always-sca')],
    ['a token the sandbox never issued', async () => 'cat_not-issued'],
  ])('should answer 403 customer-token-invalid for %s', async (_, token) => {
    const answer = await j.initiate(
      newMerchant(),
      '123456789',
      10,
      {},
      { customerAccessToken: await token() },
    );
    expect(expectProblem(answer, 403, 'customer-token-invalid').detail).toMatch(/customer/);
  });

  it.each<[string, unknown, Record<string, string>[]]>([
    ['amount 0', { amount: gbp(0) }, [pointer('#/amount/value')]],
    ['amount above 100000.00', { amount: gbp(100000.01) }, [pointer('#/amount/value')]],
    ['three decimals', { amount: gbp(1.005) }, [pointer('#/amount/value')]],
    ['a dollar amount', { amount: { value: 1, currencyCode: 'USD' } }, [pointer('#/amount/currencyCode')]],
    [
      'an amount as a string',
      { amount: { value: '10.00', currencyCode: 'GBP' } },
      [pointer('#/amount/value')],
    ],
    ['no amount', {}, [pointer('#/amount')]],
    [
      'a malformed spendOptionId and exemptionOverride',
      { amount: gbp(1), spendOptionId: 'x', exemptionOverride: 'yes' },
      [pointer('#/spendOptionId'), pointer('#/exemptionOverride')],
    ],
  ])('should refuse %s with 400 naming it', async (_, body, want) => {
    const answer = await j.op('Initiate', 'POST', '/merchant/123456789/initiate', {
      merchantId: newMerchant(),
      customerAccessToken: await j.accessToken('123456789'),
      json: body,
    });
    expectInvalid(answer, ...want);
  });
});

describe('Authorise: the checks of OP-D-21, in order', () => {
  const merchantId = newMerchant();
  const notOffered = randomUUID();
  const twelveMonths = '00699d75-a10f-4f50-9d3c-9b201445a40a'; // offered from £100.00

  it('(1) should answer 403 customer-token-invalid first, whatever else is wrong', async () => {
    const answer = await j.authorise(
      merchantId,
      '123456789',
      50,
      { spendOptionId: notOffered },
      { customerAccessToken: await j.accessToken('limit-100'), scaToken: 'sca_not-issued' },
    );
    expect(expectProblem(answer, 403, 'customer-token-invalid').detail).toContain('customer-access-token');
  });

  it.each([
    ['not one of the customer’s options', notOffered],
    ['an option offered only from a larger basket', twelveMonths],
  ])('(2) should answer 400 at #/spendOptionId for %s, before the sca-token', async (_, spendOptionId) => {
    const answer = await j.authorise(
      merchantId,
      '123456789',
      50,
      { spendOptionId },
      { scaToken: 'sca_not-issued' },
    );
    expectInvalid(answer, pointer('#/spendOptionId'));
  });

  it('(2) should accept a spendOptionId the customer is offered for the amount', async () => {
    const answer = await j.authorise(merchantId, '123456789', 150, { spendOptionId: twelveMonths });
    expect((answer.body as AuthorisationResponse).result).toBe('Authorised');
  });

  describe('(3) the sca-token', () => {
    const initiatedToken = async (merchant: string, customerRef: string, value: number, extra = {}) =>
      ((await j.initiate(merchant, customerRef, value, extra)).body as InitiateResponse).scaToken;
    const refusedWith = async (
      scaToken: string,
      value = 50,
      customerRef = '123456789',
      merchant = merchantId,
    ) => {
      const answer = await j.authorise(merchant, customerRef, value, {}, { scaToken });
      return expectProblem(answer, 403, 'sca-required').detail;
    };

    it('should refuse a token Initiate never issued', async () => {
      expect(await refusedWith('sca_not-issued')).toMatch(/Initiate/);
    });

    it('should refuse a token still waiting for the customer', async () => {
      expect(await refusedWith(await initiatedToken(merchantId, '123456789', 50))).toMatch(
        /awaits the customer/,
      );
    });

    it('should refuse a token the customer failed', async () => {
      const token = await initiatedToken(merchantId, '123456789', 50);
      expect((await j.failSca(token)).status).toBe(200);
      expect(await refusedWith(token)).toMatch(/failed/);
    });

    it('should refuse a token already used by an authorisation', async () => {
      const token = await j.scaToken(merchantId, '123456789', 50);
      const first = await j.authorise(merchantId, '123456789', 50, {}, { scaToken: token });
      expect(first.status).toBe(200);
      expect(await refusedWith(token)).toContain(
        `already used by authorisation ${(first.body as AuthorisationResponse).authorisationId}`,
      );
    });

    it('should refuse a token of another merchant', async () => {
      const token = await j.scaToken(newMerchant(), '123456789', 50);
      expect(await refusedWith(token)).toMatch(/another merchant or customer/);
    });

    it('should refuse a token of another customer', async () => {
      const token = await j.scaToken(merchantId, 'always-sca', 50);
      expect(await refusedWith(token)).toMatch(/another merchant or customer/);
    });

    it('should refuse a token that covers less than the amount', async () => {
      const token = await j.scaToken(merchantId, '123456789', 49.99);
      expect(await refusedWith(token, 50)).toMatch(/covers 49\.99 GBP; 50\.00 GBP asked/);
    });

    it('should accept an exempt token at once, and a completed token for less than it covers', async () => {
      const exempt = await initiatedToken(merchantId, '123456789', 20);
      const completed = await j.scaToken(merchantId, '123456789', 500);
      const first = await j.authorise(merchantId, '123456789', 20, {}, { scaToken: exempt });
      const second = await j.authorise(merchantId, '123456789', 400, {}, { scaToken: completed });
      expect([first, second].map((a) => (a.body as AuthorisationResponse).result)).toEqual([
        'Authorised',
        'Authorised',
      ]);
    });
  });

  describe('(4) credit', () => {
    it('should decline a customer configured as declined with its reason, and use the sca-token up', async () => {
      // Arrange
      const merchant = newMerchant();
      const token = await j.scaToken(merchant, 'always-declined', 20);

      // Act
      const declined = await j.authorise(merchant, 'always-declined', 20, {}, { scaToken: token });
      const again = await j.authorise(merchant, 'always-declined', 20, {}, { scaToken: token });

      // Assert
      expect(declined.status).toBe(200);
      expect(declined.body).toEqual({
        authorisationId: expect.any(String),
        result: 'Declined',
        declineReason: 'Declined (Account closed)',
      });
      expectProblem(again, 403, 'sca-required');
    });

    it.each([
      [100, 'Authorised'],
      [100.01, 'Declined'],
    ])('should answer limit-100 for £%s: %s', async (value, result) => {
      const answer = await j.authorise(newMerchant(), 'limit-100', value);
      expect(answer.body).toMatchObject({ result });
      if (result === 'Declined') {
        expect((answer.body as AuthorisationResponse).declineReason).toBe(
          'Declined (Please speak to your credit issuer)',
        );
      } else expect(answer.body).not.toHaveProperty('declineReason');
    });

    it('should decline once the credit is used up, and authorise again after a reversal', async () => {
      // Arrange
      const merchant = newMerchant();
      const first = await j.authorised(merchant, 'limit-100', 60);

      // Act
      const over = await j.authorise(merchant, 'limit-100', 40.01);
      await j.reverse(merchant, 'limit-100', first, 0.01);
      const fits = await j.authorise(merchant, 'limit-100', 40.01);

      // Assert
      expect(over.body).toMatchObject({ result: 'Declined' });
      expect(fits.body).toMatchObject({ result: 'Authorised' });
      expect(await j.credit(merchant, 'limit-100')).toBe(0);
    });

    it('should hold nothing for a declined authorisation and refuse settle, reverse and adjust with 409', async () => {
      // Arrange
      const merchant = newMerchant();
      const answer = await j.authorise(merchant, 'always-declined', 25);
      const { authorisationId } = answer.body as AuthorisationResponse;

      // Act
      const steps = await Promise.all([
        j.settle(merchant, 'always-declined', authorisationId, 1),
        j.reverse(merchant, 'always-declined', authorisationId, 1),
        j.adjust(merchant, 'always-declined', authorisationId, 1),
      ]);

      // Assert
      for (const step of steps) {
        expect(expectProblem(step, 409, 'authorisation-declined').detail).toContain(
          'Declined (Account closed)',
        );
      }
      expect(await j.authorisation(merchant, authorisationId)).toEqual({
        authorisationId,
        customerRef: 'always-declined',
        result: 'Declined',
        declineReason: 'Declined (Account closed)',
        authorised: gbp(0),
        settled: gbp(0),
        reversed: gbp(0),
        remainingFloat: gbp(0),
        transactions: [],
      });
      expect(await j.credit(merchant, 'always-declined')).toBe(5000);
    });
  });

  it('should treat an unknown customerRef like 123456789 with credit of its own', async () => {
    // Arrange
    const merchant = newMerchant();
    await j.authorised(merchant, '123456789', 4000);

    // Act
    const exempt = (await j.initiate(merchant, 'shop-customer-42', 29.99)).body as InitiateResponse;
    const own = await j.authorise(merchant, 'shop-customer-42', 4500);

    // Assert
    expect(exempt.scaStatus).toBe('Exempt');
    expect(own.body).toMatchObject({ result: 'Authorised' });
    expect(await j.credit(merchant, 'shop-customer-42')).toBe(500);
    expect(await j.credit(merchant, '123456789')).toBe(1000);
  });

  it.each<[string, Record<string, unknown>, Record<string, string>[]]>([
    ['an empty orderReference', { orderReference: '' }, [pointer('#/orderReference')]],
    [
      'an orderReference of 257 characters',
      { orderReference: 'x'.repeat(257) },
      [pointer('#/orderReference')],
    ],
    ['a description of 257 characters', { description: 'x'.repeat(257) }, [pointer('#/description')]],
    [
      'a verificationId of 257 characters',
      { verificationId: 'x'.repeat(257) },
      [pointer('#/verificationId')],
    ],
    ['a malformed spendOptionId', { spendOptionId: 'efb4929f' }, [pointer('#/spendOptionId')]],
  ])('should refuse %s with 400 naming it', async (_, body, want) => {
    const answer = await j.authorise(merchantId, '123456789', 10, body, { scaToken: 'sca_unused' });
    expectInvalid(answer, ...want);
  });

  it('should accept the older generation’s members and ignore them (OP-D-12)', async () => {
    const answer = await j.authorise(merchantId, '123456789', 10, {
      description: 'A fridge',
      verificationId: 'string',
      ...({ spendType: 'Purchase', treatmentId: randomUUID() } as object),
    });
    expect(answer.body).toMatchObject({ result: 'Authorised' });
  });
});

describe('UpwardAdjustment (OP-D-23)', () => {
  it('should grow the authorised amount and the float by the increase, keeping the id', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);

    // Act
    const answer = await j.adjust(merchantId, '123456789', id, 50.5);

    // Assert
    expect(answer.body).toEqual({ authorisationId: id, result: 'Authorised' });
    expect(await j.authorisation(merchantId, id)).toMatchObject({
      authorised: gbp(150.5),
      remainingFloat: gbp(150.5),
    });
    expect(await j.credit(merchantId, '123456789')).toBe(4849.5);
  });

  it('should decline an increase above the available credit and change nothing', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, 'limit-100', 80);

    // Act
    const answer = await j.adjust(merchantId, 'limit-100', id, 20.01);

    // Assert
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      authorisationId: id,
      result: 'Declined',
      declineReason: 'Declined (Please speak to your credit issuer)',
    });
    expect(await j.authorisation(merchantId, id)).toMatchObject({
      authorised: gbp(80),
      remainingFloat: gbp(80),
    });
    expect(await j.credit(merchantId, 'limit-100')).toBe(20);
  });

  it('should adjust an authorisation whose float is 0', async () => {
    // Arrange: everything settled.
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 40);
    expect((await j.settle(merchantId, '123456789', id, 40)).status).toBe(200);

    // Act
    const answer = await j.adjust(merchantId, '123456789', id, 10);
    const settled = await j.settle(merchantId, '123456789', id, 10);

    // Assert
    expect(answer.body).toEqual({ authorisationId: id, result: 'Authorised' });
    expect(settled.status).toBe(200);
    expect(await j.authorisation(merchantId, id)).toMatchObject({
      authorised: gbp(50),
      settled: gbp(50),
      remainingFloat: gbp(0),
    });
  });

  it('should answer 403 for an access token of another customer, and change nothing', async () => {
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const answer = await j.adjust(merchantId, '123456789', id, 10, {
      customerAccessToken: await j.accessToken('always-sca'),
    });
    expectProblem(answer, 403, 'customer-token-invalid');
    expect((await j.authorisation(merchantId, id)).authorised).toEqual(gbp(100));
  });

  it('should refuse a malformed authorisationId and amount together with 400', async () => {
    const answer = await j.adjust(newMerchant(), '123456789', 'not-a-uuid', 0);
    expectInvalid(answer, parameter('authorisationId'), pointer('#/amount/value'));
  });
});

describe('Settle, Reverse and Refund (OP-D-24, OP-D-25)', () => {
  it('should move money step by step, keeping the credit arithmetic of OP-D-28 after each kind of step', async () => {
    const merchantId = newMerchant();
    const customer = '123456789';
    const credit = () => j.credit(merchantId, customer);
    expect(await credit()).toBe(5000);

    // Authorise £600: held.
    const id = await j.authorised(merchantId, customer, 600);
    expect(await credit()).toBe(4400);

    // Settle £250 (part): held becomes owed, credit unchanged.
    const transactionId = transactionIdOf(
      await j.settle(merchantId, customer, id, 250, { body: { description: 'first box' } }),
    );
    expect(await credit()).toBe(4400);

    // Reverse £100 (part): released.
    const reversal = await j.reverse(merchantId, customer, id, 100);
    expect(reversal.body).toEqual({ authorisationReversalId: expect.any(String), remainingFloat: gbp(250) });
    expect(await credit()).toBe(4500);

    // Refund £50 of the settlement (part): repaid.
    const refund = await j.refund(merchantId, customer, transactionId, 50, {
      body: { description: 'a broken part' },
    });
    expect(refund.body).toEqual({ refundTransactionId: expect.any(String) });
    expect(await credit()).toBe(4550);

    // Adjust up by £20: held.
    expect((await j.adjust(merchantId, customer, id, 20)).body).toMatchObject({ result: 'Authorised' });
    expect(await credit()).toBe(4530);

    // Settle the whole rest (£270), refund the whole rest of the first transaction (£200).
    const second = transactionIdOf(await j.settle(merchantId, customer, id, 270));
    expect(await credit()).toBe(4530);
    expect((await j.refund(merchantId, customer, transactionId, 200)).status).toBe(200);
    expect(await credit()).toBe(4730);

    // Assert: the sandbox's view agrees, every id distinct.
    expect(await j.authorisation(merchantId, id)).toEqual({
      authorisationId: id,
      customerRef: customer,
      result: 'Authorised',
      authorised: gbp(620),
      settled: gbp(520),
      reversed: gbp(100),
      remainingFloat: gbp(0),
      transactions: [
        { transactionId, settled: gbp(250), refunded: gbp(250) },
        { transactionId: second, settled: gbp(270), refunded: gbp(0) },
      ],
    });
    expect(
      new Set([
        id,
        transactionId,
        second,
        (refund.body as { refundTransactionId: string }).refundTransactionId,
      ]).size,
    ).toBe(4);
  });

  it('should reverse everything left, answering a remainingFloat of 0', async () => {
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    await j.settle(merchantId, '123456789', id, 33.33);
    const answer = await j.reverse(merchantId, '123456789', id, 66.67);
    expect((answer.body as Schemas['ReverseResponse']).remainingFloat).toEqual(gbp(0));
    expect(await j.credit(merchantId, '123456789')).toBe(4966.67);
  });

  it.each(['settle', 'reverse'] as const)(
    'should answer %s beyond the float with 409 insufficient-float and move nothing',
    async (step) => {
      // Arrange
      const merchantId = newMerchant();
      const id = await j.authorised(merchantId, '123456789', 100);
      await j.settle(merchantId, '123456789', id, 60);

      // Act
      const answer = await j[step](merchantId, '123456789', id, 40.01);

      // Assert
      expect(expectProblem(answer, 409, 'insufficient-float').detail).toContain('40.00 GBP left');
      expect(await j.authorisation(merchantId, id)).toMatchObject({
        settled: gbp(60),
        remainingFloat: gbp(40),
      });
    },
  );

  it('should answer a refund beyond what is left of the transaction with 409 refund-exceeds-settled', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const transactionId = transactionIdOf(await j.settle(merchantId, '123456789', id, 60));
    await j.refund(merchantId, '123456789', transactionId, 10);

    // Act
    const answer = await j.refund(merchantId, '123456789', transactionId, 50.01);

    // Assert
    expect(expectProblem(answer, 409, 'refund-exceeds-settled').detail).toContain('50.00 GBP left to refund');
    expect((await j.authorisation(merchantId, id)).transactions).toEqual([
      { transactionId, settled: gbp(60), refunded: gbp(10) },
    ]);
  });

  describe('the merchant that forbids partials (11111111-1111-4111-8111-111111111111)', () => {
    const m = strictMerchantId;

    it.each(['settle', 'reverse'] as const)(
      'should refuse a partial %s with 409 partial-not-allowed, then take the whole float',
      async (step) => {
        // Arrange
        const id = await j.authorised(m, 'strict-customer', 100);

        // Act
        const partial = await j[step](m, 'strict-customer', id, 99.99);
        const beyond = await j[step](m, 'strict-customer', id, 100.01);
        const whole = await j[step](m, 'strict-customer', id, 100);

        // Assert: beyond the float is insufficient-float, checked before partial-not-allowed.
        expect(expectProblem(partial, 409, 'partial-not-allowed').detail).toContain('100.00 GBP');
        expectProblem(beyond, 409, 'insufficient-float');
        expect(whole.status).toBe(200);
        expect((await j.authorisation(m, id)).remainingFloat).toEqual(gbp(0));
      },
    );

    it('should refuse a partial refund, then refund the whole settlement', async () => {
      const id = await j.authorised(m, 'strict-customer', 100);
      const transactionId = transactionIdOf(await j.settle(m, 'strict-customer', id, 100));
      expectProblem(await j.refund(m, 'strict-customer', transactionId, 50), 409, 'partial-not-allowed');
      expectProblem(
        await j.refund(m, 'strict-customer', transactionId, 100.01),
        409,
        'refund-exceeds-settled',
      );
      expect((await j.refund(m, 'strict-customer', transactionId, 100)).status).toBe(200);
    });
  });

  it.each<[string, (m: string, id: string) => Promise<Answer>]>([
    ['settle', (m, id) => j.settle(m, '123456789', id, 1)],
    ['reverse', (m, id) => j.reverse(m, '123456789', id, 1)],
    ['upward-adjustment', (m, id) => j.adjust(m, '123456789', id, 1)],
    ['refund', (m, id) => j.refund(m, '123456789', id, 1)],
  ])('should answer %s on an id never issued with 404 not-found', async (_, step) => {
    const answer = await step(newMerchant(), randomUUID());
    expect(expectProblem(answer, 404, 'not-found').detail).toMatch(/^No (authorisation|transaction) /);
  });

  it.each<[string, (id: string) => Promise<Answer>, string]>([
    ['settle', (id) => j.settle(newMerchant(), '123456789', id, 1), 'authorisationId'],
    ['reverse', (id) => j.reverse(newMerchant(), '123456789', id, 1), 'authorisationId'],
    ['refund', (id) => j.refund(newMerchant(), '123456789', id, 1), 'transactionId'],
  ])('should refuse %s on a malformed id with 400 naming it', async (_, step, name) => {
    expectInvalid(await step('12345'), parameter(name));
  });

  it.each<[string, unknown, Record<string, string>[]]>([
    ['amount 0', { amount: gbp(0) }, [pointer('#/amount/value')]],
    ['a negative amount', { amount: gbp(-1) }, [pointer('#/amount/value')]],
    ['euros', { amount: { value: 1, currencyCode: 'EUR' } }, [pointer('#/amount/currencyCode')]],
    [
      'a description of 257 characters',
      { amount: gbp(1), description: 'x'.repeat(257) },
      [pointer('#/description')],
    ],
    ['an amount without value', { amount: { currencyCode: 'GBP' } }, [pointer('#/amount/value')]],
  ])('should refuse a settle with %s, naming it', async (_, body, want) => {
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 10);
    const answer = await j.op('Settle', 'POST', `/merchant/123456789/authorisation/${id}/settle`, {
      merchantId,
      json: body,
    });
    expectInvalid(answer, ...want);
  });
});

describe('isolation (OP-D-27, OP-D-28)', () => {
  it('should hide an authorisation from another merchant and another customerRef, unchanged', async () => {
    // Arrange
    const owner = newMerchant();
    const other = newMerchant();
    const id = await j.authorised(owner, '123456789', 100);
    const transactionId = transactionIdOf(await j.settle(owner, '123456789', id, 50));
    const before = await j.authorisation(owner, id);

    // Act
    const attempts = await Promise.all([
      j.settle(other, '123456789', id, 1),
      j.reverse(other, '123456789', id, 1),
      j.adjust(other, '123456789', id, 1),
      j.refund(other, '123456789', transactionId, 1),
      j.settle(owner, 'my-own-customer', id, 1),
      j.reverse(owner, 'my-own-customer', id, 1),
      j.adjust(owner, 'my-own-customer', id, 1),
      j.refund(owner, 'my-own-customer', transactionId, 1),
      j.sandbox(
        'getOrderProcessingAuthorisation',
        'GET',
        `${sandboxPath}/merchants/${other}/authorisations/${id}`,
      ),
    ]);

    // Assert
    for (const attempt of attempts) expectProblem(attempt, 404, 'not-found');
    expect(await j.authorisation(owner, id)).toEqual(before);
  });

  it('should keep credit per merchant: one merchant’s authorisations leave another’s credit whole', async () => {
    const a = newMerchant();
    const b = newMerchant();
    await j.authorised(a, 'limit-100', 90);
    expect(await j.credit(a, 'limit-100')).toBe(10);
    expect(await j.credit(b, 'limit-100')).toBe(100);
    expect((await j.authorise(b, 'limit-100', 90)).body).toMatchObject({ result: 'Authorised' });
  });

  it('should find a merchant’s authorisation whatever the case of its merchantId and ids', async () => {
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const answer = await j.settle(merchantId.toUpperCase(), '123456789', id.toUpperCase(), 10);
    expect(answer.status, answer.text).toBe(200);
    expect((await j.authorisation(merchantId.toUpperCase(), id)).settled).toEqual(gbp(10));
  });
});

describe('the subscription key (OP-D-02)', () => {
  it.each([
    ['missing', { omit: ['Ocp-Apim-Subscription-Key'] }],
    ['empty', { subscriptionKey: '' }],
    ['blank', { subscriptionKey: '   ' }],
  ])('should answer 401 unauthorized when the key is %s, before anything else', async (_, options) => {
    // A request that is wrong in every other way too: the key is checked first.
    const get = await j.op('SpendOptionsForProduct', 'GET', '/merchant/spend-options', {
      merchantId: 'not-a-uuid',
      ...options,
    });
    const post = await j.op('Settle', 'POST', `/merchant/123456789/authorisation/${randomUUID()}/settle`, {
      merchantId: newMerchant(),
      json: { amount: gbp(1) },
      ...options,
    });
    expectProblem(get, 401, 'unauthorized');
    expectProblem(post, 401, 'unauthorized');
  });

  it.each(operations)(
    'should answer %s without a key with its documented 401',
    async (operationId, method, path) => {
      const answer = await j.op(operationId, method, path, {
        merchantId: newMerchant(),
        ...full,
        json: method === 'POST' ? body : undefined,
        omit: ['Ocp-Apim-Subscription-Key'],
      });
      expectProblem(answer, 401, 'unauthorized');
    },
  );

  it('should accept a bound key only for its own merchant when the mock has a keys file', async () => {
    // Arrange
    const mine = newMerchant();
    const bound = await startMock({ port: 0, rules: 'none', keys: { 'key-of-mine': mine } });
    try {
      const journey = orderProcessingJourney({
        api: bound.url,
        sandbox: bound.url,
        specs: { api: spec, sandbox: sandboxSpec },
        subscriptionKey: 'key-of-mine',
      });
      const list = (merchantId: string, subscriptionKey: string) =>
        journey.op('SpendOptionsForProduct', 'GET', '/merchant/spend-options?productId=p&basketAmount=10', {
          merchantId,
          subscriptionKey,
        });

      // Act
      const own = await list(mine, 'key-of-mine');
      const ownUpper = await list(mine.toUpperCase(), 'key-of-mine');
      const other = await list(newMerchant(), 'key-of-mine');
      const unknown = await list(mine, 'key-of-nobody');
      const authorised = await journey.authorise(mine, '123456789', 10);

      // Assert
      expect(own.status).toBe(200);
      expect(ownUpper.status).toBe(200);
      expectProblem(other, 401, 'unauthorized');
      expectProblem(unknown, 401, 'unauthorized');
      expect(authorised.body).toMatchObject({ result: 'Authorised' });
    } finally {
      await bound.close();
    }
  });
});

describe('headers (OP-D-03)', () => {
  describe.each(operations)('%s', (operationId, method, path, required) => {
    it.each(required)('should answer 400 naming %s when it is missing', async (name) => {
      const answer = await j.op(operationId, method, path, {
        merchantId: newMerchant(),
        ...full,
        json: method === 'POST' ? body : undefined,
        omit: [name],
      });
      expectInvalid(answer, header(name));
    });

    it('should name every missing header at once', async () => {
      const answer = await j.op(operationId, method, path, {
        merchantId: newMerchant(),
        json: method === 'POST' ? body : undefined,
        omit: required,
      });
      const named = (problemOf(answer).errors ?? []).map((e) => e.header).sort();
      expect(answer.status).toBe(400);
      expect(named).toEqual([...required].sort());
    });
  });

  it.each<[string, Record<string, string>]>([
    ['context-merchantId', { 'context-merchantId': 'merchant-1' }],
    ['context-tenantId', { 'context-tenantId': 'x'.repeat(65) }],
    ['context-tenantId', { 'context-tenantId': '' }],
    ['client-session-id', { 'client-session-id': 'x'.repeat(129) }],
    ['idempotency-key', { 'idempotency-key': 'EE735673-05F2-4C56-8A68' }],
    ['customer-access-token', { 'customer-access-token': '' }],
    ['sca-token', { 'sca-token': '' }],
  ])('should answer 400 naming %s when it is malformed (%j)', async (name, headers) => {
    const answer = await j.op('Authorise', 'POST', '/merchant/123456789/authorisation', {
      merchantId: newMerchant(),
      ...full,
      json: body,
      headers,
    });
    expectInvalid(answer, header(name));
  });

  it('should accept the bounds: a tenant of 64 characters, a session of 128, an upper-case idempotency key', async () => {
    const answer = await j.op('Initiate', 'POST', '/merchant/123456789/initiate', {
      merchantId: newMerchant().toUpperCase(),
      customerAccessToken: await j.accessToken('123456789'),
      idempotencyKey: randomUUID().toUpperCase(),
      json: { amount: gbp(10) },
      headers: { 'context-tenantId': 't'.repeat(64), 'client-session-id': 's'.repeat(128) },
    });
    expect(answer.status, answer.text).toBe(200);
  });

  it('should list headers, parameters and body members in one 400', async () => {
    const answer = await j.op('Settle', 'POST', '/merchant/a.b/authorisation/x/settle', {
      merchantId: 'm',
      json: { amount: gbp(0) },
    });
    expectInvalid(
      answer,
      parameter('customerRef'),
      parameter('authorisationId'),
      header('context-merchantId'),
      pointer('#/amount/value'),
    );
  });
});

describe('idempotency keys (OP-D-29)', () => {
  it('should replay a settle byte for byte with idempotent-replayed: true, and settle once', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const key = randomUUID();

    // Act
    const first = await j.settle(merchantId, '123456789', id, 30, { idempotencyKey: key });
    const replay = await j.settle(merchantId, '123456789', id, 30, { idempotencyKey: key.toUpperCase() });

    // Assert
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(replay.status).toBe(200);
    expect(replay.text).toBe(first.text);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await j.authorisation(merchantId, id)).toMatchObject({
      settled: gbp(30),
      remainingFloat: gbp(70),
    });
  });

  it('should replay a 409 problem with its instance, and move nothing though the float grew since', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const key = randomUUID();
    const first = await j.settle(merchantId, '123456789', id, 150, { idempotencyKey: key });
    await j.adjust(merchantId, '123456789', id, 100);

    // Act
    const replay = await j.settle(merchantId, '123456789', id, 150, { idempotencyKey: key });

    // Assert
    expectProblem(first, 409, 'insufficient-float');
    expect(replay.status).toBe(409);
    expect(replay.text).toBe(first.text);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await j.authorisation(merchantId, id)).settled).toEqual(gbp(0));
  });

  it('should replay an Authorise as the same authorisation and hold its amount once', async () => {
    // Arrange
    const merchantId = newMerchant();
    const key = randomUUID();
    const customerAccessToken = await j.accessToken('123456789');
    const scaToken = await j.scaToken(merchantId, '123456789', 200);
    const authorise = (json: unknown) =>
      j.op('Authorise', 'POST', '/merchant/123456789/authorisation', {
        merchantId,
        customerAccessToken,
        scaToken,
        idempotencyKey: key,
        json,
      });

    // Act: the replay's body has its members in another order (compared as JSON).
    const first = await authorise({ amount: gbp(200), orderReference: 'o-1' });
    const replay = await authorise({ orderReference: 'o-1', amount: { currencyCode: 'GBP', value: 200 } });

    // Assert
    expect(replay.text).toBe(first.text);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await j.credit(merchantId, '123456789')).toBe(4800);
  });

  it.each<[string, (m: string, id: string, key: string) => Promise<Answer>]>([
    ['another body', (m, id, key) => j.settle(m, '123456789', id, 31, { idempotencyKey: key })],
    ['another path', (m, id, key) => j.reverse(m, '123456789', id, 30, { idempotencyKey: key })],
  ])(
    'should refuse the same key with %s with 409 idempotency-key-reused, moving nothing',
    async (_, second) => {
      // Arrange
      const merchantId = newMerchant();
      const id = await j.authorised(merchantId, '123456789', 100);
      const key = randomUUID();
      await j.settle(merchantId, '123456789', id, 30, { idempotencyKey: key });

      // Act
      const answer = await second(merchantId, id, key);

      // Assert
      expect(expectProblem(answer, 409, 'idempotency-key-reused').detail).toContain(key);
      expect(await j.authorisation(merchantId, id)).toMatchObject({ settled: gbp(30), reversed: gbp(0) });
    },
  );

  it('should refuse a key first used by a Settle on every other POST operation with its documented 409', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const key = randomUUID();
    expect((await j.settle(merchantId, '123456789', id, 10, { idempotencyKey: key })).status).toBe(200);

    // Act: the key is checked before the operation decides anything.
    const answers = await Promise.all(
      postOperations.map(
        async ([operationId, method, path]) =>
          [
            operationId,
            await j.op(operationId, method, path, { merchantId, ...full, idempotencyKey: key, json: body }),
          ] as const,
      ),
    );

    // Assert
    for (const [operationId, answer] of answers) {
      expect(problemOf(answer).type, operationId).toBe(problemType('idempotency-key-reused'));
      expect(answer.status, operationId).toBe(409);
    }
    expect((await j.authorisation(merchantId, id)).settled).toEqual(gbp(10));
  });

  it('should keep keys per merchant: the same key under another merchant acts on its own', async () => {
    const key = randomUUID();
    const [a, b] = [newMerchant(), newMerchant()];
    const [idA, idB] = await Promise.all([
      j.authorised(a, '123456789', 100),
      j.authorised(b, '123456789', 100),
    ]);
    const first = await j.settle(a, '123456789', idA, 10, { idempotencyKey: key });
    const other = await j.settle(b, '123456789', idB, 10, { idempotencyKey: key });
    expect(other.status).toBe(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.text).not.toBe(first.text);
  });

  it('should not keep a 400, so the key works for the corrected request', async () => {
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const key = randomUUID();
    const refused = await j.settle(merchantId, '123456789', id, 0, { idempotencyKey: key });
    const corrected = await j.settle(merchantId, '123456789', id, 10, { idempotencyKey: key });
    expect(refused.status).toBe(400);
    expect(corrected.status).toBe(200);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
  });

  it.each<[string, number, (m: string, key: string) => Promise<Answer>]>([
    [
      '403 (a wrong customer-access-token)',
      403,
      async (m, key) =>
        j.authorise(
          m,
          '123456789',
          10,
          {},
          { idempotencyKey: key, customerAccessToken: await j.accessToken('always-sca') },
        ),
    ],
    [
      '404 (an unknown authorisation)',
      404,
      (m, key) => j.settle(m, '123456789', randomUUID(), 10, { idempotencyKey: key }),
    ],
  ])('should not keep a %s', async (_, status, refusedCall) => {
    // Arrange
    const merchantId = newMerchant();
    const key = randomUUID();
    expect((await refusedCall(merchantId, key)).status).toBe(status);

    // Act: the same key, now a request that can succeed.
    const answer = await j.authorise(merchantId, '123456789', 10, {}, { idempotencyKey: key });

    // Assert
    expect(answer.body).toMatchObject({ result: 'Authorised' });
    expect(answer.headers['idempotent-replayed']).toBeUndefined();
  });

  it('should give 20 parallel settles with one key one effect and one answer', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const key = randomUUID();

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => j.settle(merchantId, '123456789', id, 10, { idempotencyKey: key })),
    );

    // Assert
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expect(answers[0]?.status).toBe(200);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    const view = await j.authorisation(merchantId, id);
    expect(view).toMatchObject({ settled: gbp(10), remainingFloat: gbp(90) });
    expect(view.transactions).toHaveLength(1);
  });

  it('should give 10 parallel Authorise requests with one key one authorisation', async () => {
    // Arrange
    const merchantId = newMerchant();
    const key = randomUUID();
    const customerAccessToken = await j.accessToken('123456789');
    const scaToken = await j.scaToken(merchantId, '123456789', 1000);

    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        j.authorise(
          merchantId,
          '123456789',
          1000,
          {},
          { idempotencyKey: key, customerAccessToken, scaToken },
        ),
      ),
    );

    // Assert
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers[0]?.body).toMatchObject({ result: 'Authorised' });
    expect(await j.credit(merchantId, '123456789')).toBe(4000);
  });
});

describe('parallel requests on one authorisation or transaction', () => {
  it('should let exactly 33 of 40 parallel settles of £20 on £666.67 succeed, leaving £6.67', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 666.67);

    // Act
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => j.settle(merchantId, '123456789', id, 20)),
    );

    // Assert
    expect(answers.filter((a) => a.status === 200)).toHaveLength(33);
    for (const refused of answers.filter((a) => a.status !== 200))
      expectProblem(refused, 409, 'insufficient-float');
    const view = await j.authorisation(merchantId, id);
    expect(view).toMatchObject({ settled: gbp(660), remainingFloat: gbp(6.67) });
    expect(view.transactions).toHaveLength(33);
    expect(await j.credit(merchantId, '123456789')).toBe(4333.33);
  });

  it('should never reverse beyond the float in parallel, settles and reverses mixed', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);

    // Act: 15 reverses and 15 settles of £7 race for £100.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2 === 0 ? j.reverse(merchantId, '123456789', id, 7) : j.settle(merchantId, '123456789', id, 7),
      ),
    );

    // Assert: 14 × £7 = £98 fit, whichever kind each was.
    expect(answers.filter((a) => a.status === 200)).toHaveLength(14);
    const view = await j.authorisation(merchantId, id);
    expect(view.remainingFloat).toEqual(gbp(2));
    expect(view.settled.value + view.reversed.value).toBe(98);
  });

  it('should let exactly 14 of 30 parallel reverses of £7 on £100 succeed, each answering a float never below 0', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);

    // Act
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => j.reverse(merchantId, '123456789', id, 7)),
    );

    // Assert: the floats answered are 93, 86, …, 2, each once.
    const floats = answers
      .filter((a) => a.status === 200)
      .map((a) => (a.body as Schemas['ReverseResponse']).remainingFloat.value)
      .sort((a, b) => b - a);
    expect(floats).toEqual(Array.from({ length: 14 }, (_, i) => 100 - 7 * (i + 1)));
    expect((await j.authorisation(merchantId, id)).remainingFloat).toEqual(gbp(2));
  });

  it('should authorise parallel purchases only up to the credit limit', async () => {
    // Arrange: ten exempt £25 purchases for the £100 customer, each with its own sca-token.
    const merchantId = newMerchant();
    const customerAccessToken = await j.accessToken('limit-100');
    const tokens = await Promise.all(
      Array.from({ length: 10 }, () => j.scaToken(merchantId, 'limit-100', 25)),
    );

    // Act
    const answers = await Promise.all(
      tokens.map((scaToken) =>
        j.authorise(merchantId, 'limit-100', 25, {}, { customerAccessToken, scaToken }),
      ),
    );

    // Assert
    const results = answers.map((a) => (a.body as AuthorisationResponse).result);
    expect(results.filter((r) => r === 'Authorised')).toHaveLength(4);
    expect(results.filter((r) => r === 'Declined')).toHaveLength(6);
    expect(await j.credit(merchantId, 'limit-100')).toBe(0);
  });

  it('should never refund more than a transaction settled, in parallel', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    const transactionId = transactionIdOf(await j.settle(merchantId, '123456789', id, 100));

    // Act
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => j.refund(merchantId, '123456789', transactionId, 7)),
    );

    // Assert
    expect(answers.filter((a) => a.status === 200)).toHaveLength(14);
    for (const refused of answers.filter((a) => a.status !== 200))
      expectProblem(refused, 409, 'refund-exceeds-settled');
    expect((await j.authorisation(merchantId, id)).transactions).toEqual([
      { transactionId, settled: gbp(100), refunded: gbp(98) },
    ]);
    expect(await j.credit(merchantId, '123456789')).toBe(4998);
  });
});

describe('the sandbox control endpoints (OP-D-36…OP-D-41)', () => {
  it('should issue a new access token each time, each valid for its customer', async () => {
    const [a, b] = await Promise.all([j.accessToken('123456789'), j.accessToken('123456789')]);
    expect(a).not.toBe(b);
    const answer = await j.initiate(newMerchant(), '123456789', 10, {}, { customerAccessToken: a });
    expect(answer.status).toBe(200);
  });

  it('should refuse an access token for a malformed customerRef with 400 in the Order Processing format', async () => {
    const answer = await j.sandbox(
      'issueCustomerAccessToken',
      'POST',
      `${sandboxPath}/customers/a.b/access-token`,
    );
    expectInvalid(answer, parameter('customerRef'));
  });

  describe('completing and failing SCA', () => {
    const pending = async (merchantId = newMerchant()) =>
      ((await j.initiate(merchantId, 'always-sca', 50)).body as InitiateResponse).scaToken;

    it('should complete a waiting token, and answer the same again', async () => {
      const token = await pending();
      const first = await j.completeSca(token);
      const again = await j.completeSca(token);
      expect(first.body).toEqual({ scaToken: token, status: 'authenticated' });
      expect(again.body).toEqual(first.body);
    });

    it('should complete an exempt token without changing it', async () => {
      const exempt = ((await j.initiate(newMerchant(), '123456789', 10)).body as InitiateResponse).scaToken;
      expect((await j.completeSca(exempt)).body).toEqual({ scaToken: exempt, status: 'authenticated' });
    });

    it('should fail a waiting token, after which Authorise answers 403 sca-required', async () => {
      const merchantId = newMerchant();
      const token = await pending(merchantId);
      expect((await j.failSca(token)).body).toEqual({ scaToken: token, status: 'failed' });
      expectProblem(
        await j.authorise(merchantId, 'always-sca', 50, {}, { scaToken: token }),
        403,
        'sca-required',
      );
    });

    it.each<[string, () => Promise<string>, 'completeSca' | 'failSca', number, string]>([
      ['complete an unknown token', async () => 'sca_not-issued', 'completeSca', 404, 'not-found'],
      ['fail an unknown token', async () => 'sca_not-issued', 'failSca', 404, 'not-found'],
      [
        'complete a failed token',
        async () => {
          const token = await pending();
          await j.failSca(token);
          return token;
        },
        'completeSca',
        409,
        'sca-token-finished',
      ],
      [
        'complete a used token',
        async () => {
          const merchantId = newMerchant();
          const token = await j.scaToken(merchantId, 'always-sca', 50);
          await j.authorise(merchantId, 'always-sca', 50, {}, { scaToken: token });
          return token;
        },
        'completeSca',
        409,
        'sca-token-finished',
      ],
      [
        'fail a completed token',
        async () => {
          const token = await pending();
          await j.completeSca(token);
          return token;
        },
        'failSca',
        409,
        'sca-token-finished',
      ],
      [
        'fail an exempt token',
        async () => ((await j.initiate(newMerchant(), '123456789', 10)).body as InitiateResponse).scaToken,
        'failSca',
        409,
        'sca-token-finished',
      ],
    ])('should refuse to %s', async (_, token, step, status, name) => {
      const value = await token();
      const answer = await (step === 'completeSca' ? j.completeSca(value) : j.failSca(value));
      expect(expectProblem(answer, status, name).detail).toContain(value);
    });

    it.each<[string, unknown, string]>([
      ['no scaToken', {}, '#/scaToken'],
      ['an unknown member', { scaToken: 'sca_x', extra: 1 }, '#/extra'],
    ])('should refuse a body with %s with 400 (the sandbox refuses unknown members)', async (_, body, at) => {
      const answer = await j.sandbox('completeSca', 'POST', `${sandboxPath}/sca/complete`, body);
      expectInvalid(answer, pointer(at));
    });
  });

  it('should answer 400 for a malformed merchantId or authorisationId in the authorisation view', async () => {
    const answer = await j.sandbox(
      'getOrderProcessingAuthorisation',
      'GET',
      `${sandboxPath}/merchants/m-1/authorisations/a-1`,
    );
    expectInvalid(answer, parameter('merchantId'), parameter('authorisationId'));
  });

  it('should require a merchant on the customer view (query or header), and show a fresh customer’s whole limit', async () => {
    const missing = await j.sandbox(
      'getOrderProcessingCustomer',
      'GET',
      `${sandboxPath}/customers/123456789`,
    );
    const merchantId = newMerchant();
    const fresh = await j.sandbox(
      'getOrderProcessingCustomer',
      'GET',
      `${sandboxPath}/customers/my-own-customer?merchantId=${merchantId}`,
    );
    expectInvalid(missing, parameter('merchantId'));
    expect(fresh.body).toEqual({
      customerRef: 'my-own-customer',
      merchantId,
      creditLimit: gbp(5000),
      availableCredit: gbp(5000),
    });
    // A client sending its usual context-merchantId header need not repeat it in the query.
    const viaHeader = await raw('GET', `${sandboxPath}/customers/my-own-customer`, {
      token: null,
      headers: { 'context-merchantId': merchantId },
    });
    expectDocumented(sandboxSpec, 'getOrderProcessingCustomer', viaHeader);
    expect(viaHeader.body).toEqual(fresh.body);
  });

  describe('reset', () => {
    const reset = (json: unknown) => j.sandbox('reset', 'POST', '/_sandbox/reset', json);

    it('should forget one merchant’s authorisations and restore its credit, keeping access tokens and other merchants', async () => {
      // Arrange
      const merchantId = newMerchant();
      const other = newMerchant();
      const token = await j.accessToken('limit-100');
      const first = await j.authorised(merchantId, 'limit-100', 60);
      await j.authorised(merchantId, 'limit-100', 40);
      const kept = await j.authorised(other, 'limit-100', 50);
      const waiting = ((await j.initiate(merchantId, 'always-sca', 10)).body as InitiateResponse).scaToken;

      // Act
      const answer = await reset({ merchantId });

      // Assert
      expect(answer.body).toEqual({ ordersRemoved: 0, authorisationsRemoved: 2, merchantId });
      expect(await j.credit(merchantId, 'limit-100')).toBe(100);
      expectProblem(await j.settle(merchantId, 'limit-100', first, 1), 404, 'not-found');
      expectProblem(await j.completeSca(waiting), 404, 'not-found');
      expect(await j.credit(other, 'limit-100')).toBe(50);
      expect((await j.authorisation(other, kept)).remainingFloat).toEqual(gbp(50));
      const again = await j.initiate(merchantId, 'limit-100', 10, {}, { customerAccessToken: token });
      expect(again.status).toBe(200);
    });

    it('should forget a merchant’s idempotency keys', async () => {
      const merchantId = newMerchant();
      const key = randomUUID();
      const first = await j.authorise(merchantId, '123456789', 10, {}, { idempotencyKey: key });
      await reset({ merchantId });
      const after = await j.authorise(merchantId, '123456789', 10, {}, { idempotencyKey: key });
      expect(after.headers['idempotent-replayed']).toBeUndefined();
      expect(after.text).not.toBe(first.text);
    });

    it('should leave Order Processing alone on a reset by ownerNo', async () => {
      const merchantId = newMerchant();
      const id = await j.authorised(merchantId, '123456789', 100);
      const answer = await reset({ ownerNo: 'op-http-owner' });
      expect(answer.body).toEqual({ ordersRemoved: 0, authorisationsRemoved: 0, ownerNo: 'op-http-owner' });
      expect((await j.authorisation(merchantId, id)).remainingFloat).toEqual(gbp(100));
      expect(await j.credit(merchantId, '123456789')).toBe(4900);
    });

    it('should answer a malformed merchantId with 400 in the Order Processing format', async () => {
      expectInvalid(await reset({ merchantId: 'not-a-uuid' }), pointer('#/merchantId'));
    });
  });

  it('should list one merchant’s requests, newest first, with each operation and status', async () => {
    // Arrange
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 10);
    await j.settle(merchantId, '123456789', id, 20);

    // Act
    const answer = await j.sandbox('listRequests', 'GET', `/_sandbox/requests?merchantId=${merchantId}`);

    // Assert: the sandbox's own calls name no merchant in a header, so only the API's are listed.
    const entries = (
      answer.body as { entries: { operationId: string; status: number; merchantId: string }[] }
    ).entries;
    expect(entries.map((e) => [e.operationId, e.status])).toEqual([
      ['Settle', 409],
      ['Authorise', 200],
      ['Initiate', 200],
    ]);
    for (const entry of entries) expect(entry.merchantId).toBe(merchantId);
    expectInvalid(
      await j.sandbox('listRequests', 'GET', '/_sandbox/requests?merchantId=nope'),
      parameter('merchantId'),
    );
  });

  it('should forget everything on reset {}, access tokens included', async () => {
    // Arrange: a separate mock, so the other tests keep their state. Both APIs served:
    // with Order Processing alone the answer lacks the `ordersRemoved` the contract requires.
    const own = await startMock({ port: 0, rules: 'none' });
    try {
      const journey = orderProcessingJourney({
        api: own.url,
        sandbox: own.url,
        specs: { api: spec, sandbox: sandboxSpec },
      });
      const merchantId = newMerchant();
      const token = await journey.accessToken('123456789');
      const id = await journey.authorised(merchantId, '123456789', 10);

      // Act
      const answer = await journey.sandbox('reset', 'POST', '/_sandbox/reset', {});

      // Assert
      expect(answer.body).toMatchObject({ authorisationsRemoved: 1 });
      expectProblem(
        await journey.initiate(merchantId, '123456789', 10, {}, { customerAccessToken: token }),
        403,
        'customer-token-invalid',
      );
      expectProblem(
        await journey.sandbox(
          'getOrderProcessingAuthorisation',
          'GET',
          `${sandboxPath}/merchants/${merchantId}/authorisations/${id}`,
        ),
        404,
        'not-found',
      );
    } finally {
      await own.close();
    }
  });
});

describe('transport problems, in the Order Processing format (OP-D-13, OP-D-30)', () => {
  const settlePath = async () => {
    const merchantId = newMerchant();
    const id = await j.authorised(merchantId, '123456789', 100);
    return { merchantId, id, path: `/merchant/123456789/authorisation/${id}/settle` };
  };
  const send = (
    path: string,
    merchantId: string,
    init: { raw?: string | Buffer | undefined; contentType?: string; method?: string },
  ) =>
    raw(init.method ?? 'POST', `${orderProcessingBase}${path}`, {
      token: null,
      headers: {
        ...orderProcessingHeaders(init.method ?? 'POST', { merchantId }),
        ...(init.contentType === undefined ? {} : { 'content-type': init.contentType }),
      },
      ...(init.raw === undefined ? {} : { raw: init.raw }),
    });

  it('should answer a wrong method with 405 and Allow', async () => {
    const { merchantId, path } = await settlePath();
    const answer = await send(path, merchantId, { method: 'GET' });
    expectCatalogued(spec, 'method-not-allowed', answer);
    expect(answer.headers.allow).toBe('POST');
  });

  it.each([
    `${orderProcessingBase}/merchant/123456789/orders`,
    orderProcessingBase,
    `${orderProcessingBase}/`,
    '/_sandbox/order-processing',
    '/_sandbox/order-processing/sca',
  ])('should answer the unknown path %s with 404 not-found', async (path) => {
    const answer = await raw('GET', path, { token: null });
    expectCatalogued(spec, 'not-found', answer);
  });

  it.each(postOperations)(
    'should answer %s with its documented 413 and 415',
    async (operationId, _, path) => {
      const merchantId = newMerchant();
      const tooLarge = await send(path, merchantId, {
        raw: JSON.stringify({ ...body, description: 'x'.repeat(1024 * 1024) }),
        contentType: 'application/json',
      });
      const notJson = await send(path, merchantId, {
        raw: '<amount>10</amount>',
        contentType: 'application/xml',
      });
      expectDocumented(spec, operationId, tooLarge, 413);
      expectDocumented(spec, operationId, notJson, 415);
    },
  );

  it('should answer a body over 1 MiB with 413', async () => {
    const { merchantId, path } = await settlePath();
    const body = JSON.stringify({ amount: gbp(1), description: 'x'.repeat(1024 * 1024) });
    const answer = await send(path, merchantId, { raw: body, contentType: 'application/json' });
    expectDocumented(spec, 'Settle', answer, 413);
    expect(problemOf(answer).type).toBe(problemType('payload-too-large'));
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'should answer a %s body with 415',
    async (contentType) => {
      const { merchantId, id, path } = await settlePath();
      const answer = await send(path, merchantId, { raw: 'amount=1', contentType });
      expectDocumented(spec, 'Settle', answer, 415);
      expect(problemOf(answer).type).toBe(problemType('unsupported-media-type'));
      expect((await j.authorisation(merchantId, id)).settled).toEqual(gbp(0));
    },
  );

  it.each([
    ['malformed JSON', '{"amount":'],
    ['a JSON array', '[]'],
    ['a JSON string', '"10.00"'],
    ['no body at all', undefined],
  ])('should answer %s with 400 pointing at the body (#)', async (_, body) => {
    const { merchantId, path } = await settlePath();
    const answer = await send(path, merchantId, { raw: body, contentType: 'application/json' });
    expectDocumented(spec, 'Settle', answer, 400);
    expectInvalid(answer, pointer('#'));
  });

  it.each(['application/json; charset=utf-8', 'text/json', 'application/merchant+json'])(
    'should accept the JSON media type %s',
    async (contentType) => {
      const { merchantId, path } = await settlePath();
      const answer = await send(path, merchantId, { raw: JSON.stringify({ amount: gbp(1) }), contentType });
      expectDocumented(spec, 'Settle', answer, 200);
    },
  );

  it('should give every problem an instance of its own', async () => {
    const merchantId = newMerchant();
    const answers = await Promise.all(
      [1, 2, 3].map(() => j.settle(merchantId, '123456789', randomUUID(), 1)),
    );
    const instances = answers.map((a) => problemOf(a).instance);
    expect(new Set(instances).size).toBe(3);
  });
});
