// Stoplight Prism as an independent judge of the mock: every call of the seller's API
// goes through `prism proxy spec/bnpl-payment-order.yaml <mock> --errors`, which
// validates the mock's response against the contract. With --errors Prism replaces a
// response that breaks the contract by its own 500 problem (type …#VIOLATIONS) and
// sets an `sl-violations` header for any violation, errors and warnings alike; every
// exchange here must have the documented status and no such header.
//
// Two Prism instances run side by side:
// - strict (request validation on): the whole lifecycle and the requests that are
//   valid but refused by the mock's state (404, 409, capture above remainingAmount,
//   reversal above the captured sum, a forced 500). It also proves that the requests
//   meant to be invalid really break the contract: Prism answers them itself with 422.
// - lenient (`--validate-request false`): sends those invalid requests on to the mock,
//   so the mock's own 400 problems are what Prism judges.
// Prism checks the bearer scheme before anything else whatever the flags say (its
// `checkSecurity` is always on), so a request without a token gets Prism's own 401 and
// never reaches the mock; the mock's 401 is judged with a header Prism's looser
// pattern accepts but the mock refuses ("Bearer two words").
//
// The mock runs with the default scenario rules: that is what `npm start` gives an
// integrator, and the rule create-fatal lets the documented 500 `fatal` problem be
// judged too. No request here carries a trigger by accident (no +tag emails, no
// "fatal"/"slow"/"drop" ids except the one that means it). Its `faults.respond` seam
// breaks exactly one order's GET response (sellerAuthorizationId "judge-canary"), to
// show that this judge does fail on a contract violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../generated/bnpl-payment-order.ts';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import { type RunningPrism, startPrism } from './setup/prism.ts';

type Order = components['schemas']['BnplPaymentOrder'];
type CreateRequest = components['schemas']['BnplPaymentOrderRequest'];

const ownerNo = 'prism-judge';
const ordersPath = `/ledger/bnpl-payment-order/v1/${ownerNo}/bnpl-payment-orders`;
const problemType = (name: string) => `ledger/bnpl-payment-order/v1/problems/${name}`;
const canary = 'judge-canary';

let mock: RunningMock | undefined;
let strict: RunningPrism | undefined;
let lenient: RunningPrism | undefined;

beforeAll(async () => {
  mock = await startMock({
    port: 0,
    rules: 'default',
    faults: {
      // Drops the required `status` from one order's GET, nothing else.
      respond: ({ operationId, body }) => {
        const order = body as Partial<Order> | undefined;
        if (operationId !== 'getBnplPaymentOrder' || order?.sellerAuthorizationId !== canary)
          return undefined;
        const { status: _dropped, ...broken } = order;
        return { body: broken };
      },
    },
  });
  const upstream = mock.url;
  const started = await Promise.allSettled([
    startPrism({ upstream, validateRequest: true }),
    startPrism({ upstream, validateRequest: false }),
  ]);
  if (started[0].status === 'fulfilled') strict = started[0].value;
  if (started[1].status === 'fulfilled') lenient = started[1].value;
  const failed = started.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}, 45_000);

afterAll(async () => {
  await Promise.allSettled([strict?.stop(), lenient?.stop(), mock?.close()]);
});

interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

function running<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not running (see beforeAll)`);
  return value;
}

/** One call through a Prism instance (or straight to the mock for the sandbox). */
async function send(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; authorization?: string | null } = {},
): Promise<Exchange> {
  const headers: Record<string, string> = {};
  const authorization = options.authorization === undefined ? 'Bearer t' : options.authorization;
  if (authorization !== null) headers.authorization = authorization;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * Asserts the documented status and that Prism reported no violation. The message
 * carries the exchange and Prism's last output, so a failure says what was wrong.
 */
function expectJudged(prism: RunningPrism, exchange: Exchange, status: number): void {
  const context = `HTTP ${exchange.status}\nsl-violations: ${exchange.headers.get('sl-violations')}\n${exchange.text}\n--- Prism output (tail) ---\n${prism.output().slice(-3000)}`;
  expect(exchange.headers.get('sl-violations'), context).toBeNull();
  expect(exchange.status, context).toBe(status);
  // Prism's own problems (violations, 401, 422, proxy failures) use its error URIs.
  expect(exchange.text, context).not.toContain('stoplight.io/prism/errors');
}

const judged = async (
  which: 'strict' | 'lenient',
  method: 'GET' | 'POST',
  path: string,
  status: number,
  options: { body?: unknown; authorization?: string | null } = {},
): Promise<Exchange> => {
  const prism = running(which === 'strict' ? strict : lenient, `Prism (${which})`);
  const exchange = await send(prism.url, method, path, options);
  expectJudged(prism, exchange, status);
  return exchange;
};

const sandbox = async (paymentOrderId: number, action: 'choose' | 'approve', body?: unknown) => {
  // The sandbox control API is not in the judged contract, so it goes to the mock directly.
  const exchange = await send(
    running(mock, 'the mock').url,
    'POST',
    `/_sandbox/bnpl-payment-order/${ownerNo}/bnpl-payment-orders/${paymentOrderId}/${action}`,
    body === undefined ? { authorization: null } : { body, authorization: null },
  );
  expect(exchange.status, exchange.text).toBe(200);
  return exchange.json as Order;
};

const createRequest = (overrides: Partial<CreateRequest> = {}): CreateRequest => ({
  authorizationAmount: 1000,
  currency: 'SEK',
  sellerAuthorizationId: 'prism-1',
  customer: {
    nationalConsumerIdentifier: { value: '19800101-1234', countryCode: 'SE' },
    email: 'anna@example.com',
    msisdn: '+46701234567',
  },
  pointOfSale: 'Judged Shop',
  mcc: '5732',
  ...overrides,
});

const captureRequest = (amount: number, sellerTransactionId: string) => ({
  amount,
  currency: 'SEK',
  orderLines: [{ itemDescription: 'Phone', amount }],
  sellerTransactionId,
  receiptReference: `receipt-${sellerTransactionId}`,
});

const rels = (order: Order) => order.operations.map((o) => o.rel).sort();

async function createOrder(overrides: Partial<CreateRequest> = {}): Promise<Order> {
  const created = await judged('strict', 'POST', ordersPath, 201, { body: createRequest(overrides) });
  return created.json as Order;
}

/** An Authorized order of 1000.00 SEK, reached the way a customer would. */
async function authorizedOrder(): Promise<Order> {
  const order = await createOrder();
  await sandbox(order.paymentOrderId, 'choose', { profileName: 'BA_Invoice' });
  await sandbox(order.paymentOrderId, 'approve');
  return order;
}

const problemsOf = (exchange: Exchange) =>
  (exchange.json as { Problems?: Record<string, string[]> }).Problems ?? {};

describe('Prism proxy judging the bnpl-payment-order mock', () => {
  it('should flag a response that breaks the contract (the judge can fail)', async () => {
    // Arrange
    const order = await createOrder({ sellerAuthorizationId: canary });
    const prism = running(strict, 'Prism (strict)');

    // Act
    const exchange = await send(prism.url, 'GET', `${ordersPath}/${order.paymentOrderId}`);

    // Assert: Prism's 500 VIOLATIONS problem naming the missing member, and the header.
    expect(exchange.status).toBe(500);
    expect(exchange.json).toMatchObject({ type: 'https://stoplight.io/prism/errors#VIOLATIONS' });
    expect(exchange.headers.get('sl-violations')).toContain('status');
  });

  it('should judge the whole lifecycle conformant: create, choose, redirect, approve, captures, reversal, cancel', async () => {
    // Arrange: create through Prism.
    const created = await createOrder();
    const orderPath = `${ordersPath}/${created.paymentOrderId}`;
    expect(created).toMatchObject({ status: 'Created', remainingAmount: 0, authorizationAmount: 1000 });
    expect(rels(created)).toEqual(['cancel-authorize']);

    // Act + Assert, step by step: the customer chooses (sandbox), the seller redirects.
    await sandbox(created.paymentOrderId, 'choose', {
      profileName: 'BA_PartPayment',
      subProfileName: 'InstallmentAccount_3',
    });
    const redirect = await judged('strict', 'POST', `${orderPath}/redirect`, 200, {
      body: { returnUrl: 'https://shop.example.com/back', redirectOptions: { languageCode: 'SV' } },
    });
    expect((redirect.json as { redirectUrl: string }).redirectUrl).toMatch(/^http:\/\/.+\/checkout\?/);

    // The customer approves (sandbox); the seller polls.
    await sandbox(created.paymentOrderId, 'approve');
    const authorized = (await judged('strict', 'GET', orderPath, 200)).json as Order;
    expect(authorized).toMatchObject({ status: 'Authorized', remainingAmount: 1000 });
    expect(rels(authorized)).toEqual(['add-capture', 'cancel-authorize']);

    // Two partial captures.
    const first = await judged('strict', 'POST', `${orderPath}/captures`, 201, {
      body: captureRequest(300.1, 'cap-1'),
    });
    expect(first.json).toMatchObject({ amount: 300.1, currency: 'SEK', sellerTransactionId: 'cap-1' });
    await judged('strict', 'POST', `${orderPath}/captures`, 201, { body: captureRequest(199.9, 'cap-2') });
    const captured = (await judged('strict', 'GET', orderPath, 200)).json as Order;
    expect(captured).toMatchObject({ status: 'Authorized', remainingAmount: 500 });
    expect(rels(captured)).toEqual(['add-capture', 'add-reversal', 'cancel-authorize']);

    // A partial reversal leaves remainingAmount alone (D-06).
    const reversal = await judged('strict', 'POST', `${orderPath}/reversals`, 201, {
      body: { amount: 100.25, currency: 'SEK', sellerTransactionId: 'rev-1', receiptReference: 'R-rev-1' },
    });
    expect(reversal.json).toMatchObject({ amount: 100.25, currency: 'SEK', receiptReference: 'R-rev-1' });
    expect(((await judged('strict', 'GET', orderPath, 200)).json as Order).remainingAmount).toBe(500);

    // Cancel what remains: captured money stays, so the order stays Authorized (D-03).
    const cancel = await judged('strict', 'POST', `${orderPath}/cancel-authorize`, 204, { body: {} });
    expect(cancel.text).toBe('');
    const canceled = (await judged('strict', 'GET', orderPath, 200)).json as Order;
    expect(canceled).toMatchObject({ status: 'Authorized', remainingAmount: 0, authorizationAmount: 1000 });
    expect(rels(canceled)).toEqual(['add-reversal']);
  });

  describe('documented errors, judged', () => {
    it.each([
      {
        name: 'authorizationAmount 0',
        body: createRequest({ authorizationAmount: 0 }),
        parameter: 'authorizationAmount',
      },
      {
        name: 'a missing customer email',
        body: (() => {
          const { email: _email, ...customer } = createRequest().customer;
          return createRequest({ customer: customer as CreateRequest['customer'] });
        })(),
        parameter: 'email',
      },
    ])(
      'should answer create with $name as a 400 validation problem naming it',
      async ({ body, parameter }) => {
        // Act: the lenient Prism lets the mock answer; the strict one answers itself.
        const mockAnswer = await judged('lenient', 'POST', ordersPath, 400, { body });
        const contractAnswer = await send(running(strict, 'Prism (strict)').url, 'POST', ordersPath, {
          body,
        });

        // Assert
        expect(mockAnswer.json).toMatchObject({ Type: problemType('validation'), Status: 400 });
        expect(Object.keys(problemsOf(mockAnswer)).join(' ')).toContain(parameter);
        expect(contractAnswer.status, 'the request must break the contract itself').toBe(422);
        expect(contractAnswer.text).toContain(parameter);
      },
    );

    it('should answer a capture with a bad receiptReference as a 400 validation problem naming it', async () => {
      // Arrange
      const order = await authorizedOrder();
      const path = `${ordersPath}/${order.paymentOrderId}/captures`;
      const body = { ...captureRequest(10, 'cap-bad'), receiptReference: 'receipt with spaces' };

      // Act
      const mockAnswer = await judged('lenient', 'POST', path, 400, { body });
      const contractAnswer = await send(running(strict, 'Prism (strict)').url, 'POST', path, { body });

      // Assert: refused by both, and nothing was captured.
      expect(mockAnswer.json).toMatchObject({ Type: problemType('validation') });
      expect(Object.keys(problemsOf(mockAnswer))).toContain('receiptReference');
      expect(contractAnswer.status).toBe(422);
      expect(contractAnswer.text).toContain('receiptReference');
      const after = (await judged('strict', 'GET', `${ordersPath}/${order.paymentOrderId}`, 200))
        .json as Order;
      expect(after.remainingAmount).toBe(1000);
    });

    it("should answer a request without a token with Prism's own 401, never reaching the mock", async () => {
      // Arrange: an owner of its own, so the mock's journal shows whether it saw anything.
      const owner = 'prism-no-token';
      const path = `/ledger/bnpl-payment-order/v1/${owner}/bnpl-payment-orders/1000000001`;

      // Act
      const answers = await Promise.all(
        [strict, lenient].map((p) => send(running(p, 'Prism').url, 'GET', path, { authorization: null })),
      );
      const journal = await send(running(mock, 'the mock').url, 'GET', `/_sandbox/requests?ownerNo=${owner}`);

      // Assert: the security check is Prism's (checkSecurity is on even with
      // --validate-request false); the mock's own 401 is judged in the next test.
      for (const answer of answers) {
        expect(answer.status).toBe(401);
        expect(answer.json).toMatchObject({ type: 'https://stoplight.io/prism/errors#UNAUTHORIZED' });
        expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      }
      expect(journal.json).toEqual({ entries: [] });
    });

    it("should judge the mock's 401 unauthorized problem for a malformed bearer header", async () => {
      // Act: Prism's pattern is /^Bearer\s.+$/, the mock wants exactly one token.
      const answer = await judged('strict', 'GET', `${ordersPath}/1000000001`, 401, {
        authorization: 'Bearer two words',
      });

      // Assert
      expect(answer.json).toMatchObject({ Type: problemType('unauthorized'), Status: 401 });
    });

    it('should answer an unknown order with a 404 not-found problem', async () => {
      // Act
      const get = await judged('strict', 'GET', `${ordersPath}/999999`, 404);
      const capture = await judged('strict', 'POST', `${ordersPath}/999999/captures`, 404, {
        body: captureRequest(1, 'cap-404'),
      });

      // Assert
      expect(get.json).toMatchObject({ Type: problemType('not-found'), Status: 404 });
      expect(capture.json).toMatchObject({ Type: problemType('not-found'), Status: 404 });
    });

    it('should answer redirect before a payment method is chosen with 409 invalid-payment-method', async () => {
      // Arrange: no restrictToProfiles, so the default profiles leave a choice to make.
      const order = await createOrder();

      // Act
      const answer = await judged('strict', 'POST', `${ordersPath}/${order.paymentOrderId}/redirect`, 409, {
        body: { returnUrl: 'https://shop.example.com/back', redirectOptions: { languageCode: 'EN' } },
      });

      // Assert
      expect(answer.json).toMatchObject({ Type: problemType('invalid-payment-method'), Status: 409 });
    });

    it('should answer a capture above remainingAmount with a 400 validation problem naming amount (D-01)', async () => {
      // Arrange
      const order = await authorizedOrder();
      const orderPath = `${ordersPath}/${order.paymentOrderId}`;

      // Act
      const answer = await judged('strict', 'POST', `${orderPath}/captures`, 400, {
        body: captureRequest(1000.01, 'cap-over'),
      });

      // Assert: the document's message form (decimal comma), and the order is untouched.
      expect(answer.json).toMatchObject({ Type: problemType('validation') });
      expect(problemsOf(answer).amount).toEqual(['Expected value between [0,01]-[1000] actual [1000,01]']);
      expect(((await judged('strict', 'GET', orderPath, 200)).json as Order).remainingAmount).toBe(1000);
    });

    it('should answer a reversal above the captured sum with a 400 validation problem naming amount (D-06)', async () => {
      // Arrange: 250 captured.
      const order = await authorizedOrder();
      const orderPath = `${ordersPath}/${order.paymentOrderId}`;
      await judged('strict', 'POST', `${orderPath}/captures`, 201, { body: captureRequest(250, 'cap-rev') });

      // Act
      const answer = await judged('strict', 'POST', `${orderPath}/reversals`, 400, {
        body: {
          amount: 250.01,
          currency: 'SEK',
          sellerTransactionId: 'rev-over',
          receiptReference: 'R-rev-over',
        },
      });

      // Assert
      expect(answer.json).toMatchObject({ Type: problemType('validation') });
      expect(Object.keys(problemsOf(answer))).toEqual(['amount']);
      expect(((await judged('strict', 'GET', orderPath, 200)).json as Order).remainingAmount).toBe(750);
    });

    it('should judge the 500 fatal problem the create-fatal scenario rule forces', async () => {
      // Act
      const answer = await judged('strict', 'POST', ordersPath, 500, {
        body: createRequest({ sellerAuthorizationId: 'fatal' }),
      });

      // Assert
      expect(answer.json).toMatchObject({ Type: problemType('fatal'), Status: 500 });
      expect(answer.headers.get('x-bnpl-kit-rule')).toBe('create-fatal');
    });
  });

  it('should have logged no violation for any exchange', () => {
    // Prism logs every violation it lets through ("Violation: …"), warnings included.
    for (const prism of [running(strict, 'Prism (strict)'), running(lenient, 'Prism (lenient)')]) {
      expect(prism.output()).not.toMatch(/Violation:/);
    }
  });
});
