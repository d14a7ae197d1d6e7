// Stoplight Prism as an independent judge of the Order Processing mock, as
// test/prism-proxy.test.ts is for the first API: the Order Processing calls go through
// `prism proxy spec/order-processing.yaml <mock>/cl/merchant-gateway-service --errors`,
// which validates each response against the contract; with --errors a response that
// breaks it becomes Prism's own 500 (type …#VIOLATIONS) and any violation, warnings
// included, sets `sl-violations`. Every exchange here must have the documented status
// and no such header. Prism serves the contract's paths relative to its server, so the
// requests carry no base path and Prism's upstream carries it.
//
// Two Prism instances:
// - strict (request validation on), straight to the mock: a whole journey and every
//   documented problem a valid request can meet (401 of a bound key, 403, 404, each
//   409, a forced 500). It also proves that the requests meant to be invalid break the
//   contract: Prism answers those itself with 422.
// - lenient (`--validate-request false`): sends the invalid requests on to the mock, so
//   the mock's own 400, 413 and 415 are what Prism judges. Its upstream is a small
//   proxy (test/kit/proxy.ts) that breaks exactly one answer, a Settle described
//   "judge-canary", to show that this judge does fail on a violation.
// Prism checks the subscription key scheme itself before anything (its checkSecurity is
// always on), so a request without one gets Prism's own 401; the mock's 401 is judged
// with a key Prism accepts and the mock, started with a keys file, does not.
//
// The mock runs with the default scenario rules, as `npm start` does; the rule
// authorise-fatal lets the documented 500 be judged. No other request carries a
// trigger (orderReference or description "fatal", "slow", "drop", "…-later").
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../generated/order-processing.ts';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import { type Proxy as RewritingProxy, startProxy } from './kit/proxy.ts';
import { type RunningPrism, startPrism } from './setup/prism.ts';
import { type Answer, gbp, type OrderProcessingProblem, strictMerchantId } from './support/http.ts';
import {
  type AuthorisationResponse,
  type InitiateResponse,
  type Journey,
  orderProcessingJourney,
  transactionIdOf,
} from './support/order-processing.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const contract = path.join(root, 'spec/order-processing.yaml');
const basePath = '/cl/merchant-gateway-service';
const canary = 'judge-canary';

/** Every merchant this suite uses, each with its bound subscription key. */
const merchant = randomUUID();
const keys = { 'judge-key': merchant, 'judge-strict-key': strictMerchantId };
const keyOf = (merchantId: string) => (merchantId === strictMerchantId ? 'judge-strict-key' : 'judge-key');

let mock: RunningMock | undefined;
let proxy: RewritingProxy | undefined;
let strict: RunningPrism | undefined;
let lenient: RunningPrism | undefined;
/** Through the strict Prism. */
let judged: Journey;
/** Through the lenient Prism. */
let lenientJourney: Journey;

beforeAll(async () => {
  mock = await startMock({ port: 0, rules: 'default', keys });
  const upstream = `${mock.url}${basePath}`;
  proxy = await startProxy(upstream, {
    // Drops the required transactionId from one Settle's answer, nothing else.
    response: (incoming, reply) => {
      const body = incoming.body as { description?: string } | undefined;
      if (!incoming.path.endsWith('/settle') || body?.description !== canary || reply.status !== 200) {
        return undefined;
      }
      return { body: {} };
    },
  });
  const started = await Promise.allSettled([
    startPrism({ upstream, contract, validateRequest: true }),
    startPrism({ upstream: proxy.url, contract, validateRequest: false }),
  ]);
  if (started[0].status === 'fulfilled') strict = started[0].value;
  if (started[1].status === 'fulfilled') lenient = started[1].value;
  const failed = started.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  judged = orderProcessingJourney({
    api: running(strict, 'Prism (strict)').url,
    apiBase: '',
    sandbox: mock.url,
    subscriptionKey: keyOf,
  });
  lenientJourney = orderProcessingJourney({
    api: running(lenient, 'Prism (lenient)').url,
    apiBase: '',
    sandbox: mock.url,
    subscriptionKey: keyOf,
  });
}, 45_000);

afterAll(async () => {
  await Promise.allSettled([strict?.stop(), lenient?.stop(), proxy?.close(), mock?.close()]);
});

function running<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not running (see beforeAll)`);
  return value;
}

/**
 * Asserts the documented status and that Prism reported no violation. The message
 * carries the exchange and Prism's last output, so a failure says what was wrong.
 */
function expectJudged(which: 'strict' | 'lenient', answer: Answer, status: number): void {
  const prism = running(which === 'strict' ? strict : lenient, `Prism (${which})`);
  const context = `HTTP ${answer.status}\nsl-violations: ${String(answer.headers['sl-violations'])}\n${answer.text}\n--- Prism output (tail) ---\n${prism.output().slice(-3000)}`;
  expect(answer.headers['sl-violations'], context).toBeUndefined();
  expect(answer.status, context).toBe(status);
  // Prism's own problems (violations, 401, 422, proxy failures) use its error URIs.
  expect(answer.text, context).not.toContain('stoplight.io/prism/errors');
}

const problemType = (name: string) => `https://bnpl-kit.dev/problems/order-processing/${name}`;
/** Asserts a judged exchange is the mock's problem `name`. */
function expectJudgedProblem(which: 'strict' | 'lenient', answer: Answer, status: number, name: string) {
  expectJudged(which, answer, status);
  expect(answer.body as OrderProcessingProblem).toMatchObject({ type: problemType(name), status });
  return answer.body as OrderProcessingProblem;
}

describe('Prism proxy judging the Order Processing mock', () => {
  it('should flag an answer that breaks the contract (the judge can fail)', async () => {
    // Arrange
    const id = await judged.authorised(merchant, '123456789', 100);

    // Act
    const answer = await lenientJourney.settle(merchant, '123456789', id, 1, {
      body: { description: canary },
    });

    // Assert: Prism's 500 VIOLATIONS problem naming the missing member, and the header.
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ type: 'https://stoplight.io/prism/errors#VIOLATIONS' });
    expect(String(answer.headers['sl-violations'])).toContain('transactionId');
  });

  it('should judge a whole journey conformant', async () => {
    // Spend options, both ways.
    const product = await judged.op(
      'SpendOptionsForProduct',
      'GET',
      '/merchant/spend-options?productId=default&basketAmount=600&orderBy=InstalmentPaymentAmount',
      { merchantId: merchant },
    );
    expectJudged('strict', product, 200);
    const forCustomer = await judged.op(
      'SpendOptionsForCustomerRef',
      'GET',
      '/merchant/123456789/spend-options?basketAmount=600&spendType=Instalment',
      { merchantId: merchant },
    );
    expectJudged('strict', forCustomer, 200);
    const [option] = (forCustomer.body as components['schemas']['SpendOptionsResponse']).options;
    const spendOptionId = option?.spendOptionId ?? 'no option offered';

    // Initiate: exempt, and authentication required (then completed headless).
    const exempt = await judged.initiate(merchant, '123456789', 20);
    expectJudged('strict', exempt, 200);
    expect((exempt.body as InitiateResponse).scaStatus).toBe('Exempt');
    const required = await judged.initiate(merchant, '123456789', 600, { spendOptionId });
    expectJudged('strict', required, 200);
    const { scaToken, widgetUrl } = required.body as InitiateResponse;
    expect(widgetUrl).toContain('/_sandbox/pages/order-processing/newpay/identity?scaToken=');
    expect((await judged.completeSca(scaToken)).status).toBe(200);

    // Authorise with the chosen spend option, then adjust it up.
    const authorised = await judged.authorise(
      merchant,
      '123456789',
      600,
      { spendOptionId, description: 'A fridge', verificationId: 'v-1' },
      { scaToken },
    );
    expectJudged('strict', authorised, 200);
    const { authorisationId } = authorised.body as AuthorisationResponse;
    const adjusted = await judged.adjust(merchant, '123456789', authorisationId, 50);
    expectJudged('strict', adjusted, 200);
    expect(adjusted.body).toEqual({ authorisationId, result: 'Authorised' });

    // Settle part, reverse part, refund part of the settlement; a retry replays.
    const key = randomUUID();
    const settled = await judged.settle(merchant, '123456789', authorisationId, 250, { idempotencyKey: key });
    expectJudged('strict', settled, 200);
    const replay = await judged.settle(merchant, '123456789', authorisationId, 250, { idempotencyKey: key });
    expectJudged('strict', replay, 200);
    expect(replay.text).toBe(settled.text);
    const reversed = await judged.reverse(merchant, '123456789', authorisationId, 100);
    expectJudged('strict', reversed, 200);
    expect((reversed.body as components['schemas']['ReverseResponse']).remainingFloat).toEqual(gbp(300));
    const refunded = await judged.refund(merchant, '123456789', transactionIdOf(settled), 50, {
      body: { description: 'one door dented' },
    });
    expectJudged('strict', refunded, 200);

    // Reverse the rest: a remainingFloat of 0 is valid too.
    const rest = await judged.reverse(merchant, '123456789', authorisationId, 300);
    expectJudged('strict', rest, 200);
    expect((rest.body as components['schemas']['ReverseResponse']).remainingFloat).toEqual(gbp(0));

    // Declined is an answer, not a problem.
    const declined = await judged.authorise(merchant, 'always-declined', 10);
    expectJudged('strict', declined, 200);
    expect(declined.body).toMatchObject({ result: 'Declined', declineReason: 'Declined (Account closed)' });
  });

  describe('documented problems of valid requests, judged (strict)', () => {
    it('should judge the mock’s 401 for a subscription key bound to another merchant', async () => {
      const answer = await judged.op(
        'SpendOptionsForProduct',
        'GET',
        '/merchant/spend-options?productId=p&basketAmount=10',
        {
          merchantId: merchant,
          subscriptionKey: 'judge-strict-key',
        },
      );
      expectJudgedProblem('strict', answer, 401, 'unauthorized');
    });

    it('should answer a request without a subscription key with Prism’s own 401, never reaching the mock', async () => {
      // Arrange: a merchant of its own, so the mock's journal shows whether it saw anything.
      const unseen = randomUUID();

      // Act
      const answer = await judged.op(
        'SpendOptionsForProduct',
        'GET',
        '/merchant/spend-options?productId=p&basketAmount=10',
        {
          merchantId: unseen,
          omit: ['Ocp-Apim-Subscription-Key'],
        },
      );
      const journal = await judged.sandbox('listRequests', 'GET', `/_sandbox/requests?merchantId=${unseen}`);

      // Assert
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ type: 'https://stoplight.io/prism/errors#UNAUTHORIZED' });
      expect(journal.body).toEqual({ entries: [] });
    });

    it('should judge 403 customer-token-invalid and 403 sca-required', async () => {
      const otherCustomer = await judged.initiate(
        merchant,
        '123456789',
        10,
        {},
        {
          customerAccessToken: await judged.accessToken('always-sca'),
        },
      );
      const pending = (await judged.initiate(merchant, 'always-sca', 10)).body as InitiateResponse;
      const notCompleted = await judged.authorise(
        merchant,
        'always-sca',
        10,
        {},
        { scaToken: pending.scaToken },
      );
      expectJudgedProblem('strict', otherCustomer, 403, 'customer-token-invalid');
      expectJudgedProblem('strict', notCompleted, 403, 'sca-required');
    });

    it('should judge 404 not-found for an authorisation and a transaction never issued', async () => {
      const settle = await judged.settle(merchant, '123456789', randomUUID(), 1);
      const adjust = await judged.adjust(merchant, '123456789', randomUUID(), 1);
      const refund = await judged.refund(merchant, '123456789', randomUUID(), 1);
      for (const answer of [settle, adjust, refund]) expectJudgedProblem('strict', answer, 404, 'not-found');
    });

    it('should judge every 409: insufficient-float, refund-exceeds-settled, authorisation-declined, partial-not-allowed, idempotency-key-reused', async () => {
      // Arrange
      const id = await judged.authorised(merchant, '123456789', 100);
      const transactionId = transactionIdOf(await judged.settle(merchant, '123456789', id, 40));
      const declined = (await judged.authorise(merchant, 'always-declined', 10))
        .body as AuthorisationResponse;
      const strictId = await judged.authorised(strictMerchantId, 'prism-judge', 100);
      const strictTransaction = transactionIdOf(
        await judged.settle(strictMerchantId, 'prism-judge', strictId, 100),
      );
      const key = randomUUID();
      await judged.reverse(merchant, '123456789', id, 1, { idempotencyKey: key });

      // Act + Assert
      expectJudgedProblem(
        'strict',
        await judged.settle(merchant, '123456789', id, 60),
        409,
        'insufficient-float',
      );
      expectJudgedProblem(
        'strict',
        await judged.reverse(merchant, '123456789', id, 60),
        409,
        'insufficient-float',
      );
      expectJudgedProblem(
        'strict',
        await judged.refund(merchant, '123456789', transactionId, 40.01),
        409,
        'refund-exceeds-settled',
      );
      for (const step of [judged.settle, judged.reverse, judged.adjust]) {
        expectJudgedProblem(
          'strict',
          await step(merchant, 'always-declined', declined.authorisationId, 1),
          409,
          'authorisation-declined',
        );
      }
      const strictOther = await judged.authorised(strictMerchantId, 'prism-judge', 50);
      expectJudgedProblem(
        'strict',
        await judged.settle(strictMerchantId, 'prism-judge', strictOther, 10),
        409,
        'partial-not-allowed',
      );
      expectJudgedProblem(
        'strict',
        await judged.reverse(strictMerchantId, 'prism-judge', strictOther, 10),
        409,
        'partial-not-allowed',
      );
      expectJudgedProblem(
        'strict',
        await judged.refund(strictMerchantId, 'prism-judge', strictTransaction, 10),
        409,
        'partial-not-allowed',
      );
      expectJudgedProblem(
        'strict',
        await judged.reverse(merchant, '123456789', id, 2, { idempotencyKey: key }),
        409,
        'idempotency-key-reused',
      );
      expectJudgedProblem(
        'strict',
        await judged.initiate(merchant, '123456789', 10, {}, { idempotencyKey: key }),
        409,
        'idempotency-key-reused',
      );
    });

    it('should judge the 500 fatal the authorise-fatal scenario rule forces', async () => {
      const answer = await judged.authorise(merchant, '123456789', 10, { orderReference: 'fatal' });
      expectJudgedProblem('strict', answer, 500, 'fatal');
      expect(answer.headers['x-bnpl-kit-rule']).toBe('authorise-fatal');
    });
  });

  describe('the mock’s own answers to invalid requests, judged (lenient)', () => {
    it.each<[string, (j: Journey, id: string) => Promise<Answer>, string]>([
      ['an amount of 0', (j, id) => j.settle(merchant, '123456789', id, 0), '#/amount/value'],
      [
        'a dollar amount',
        (j, id) =>
          j.reverse(merchant, '123456789', id, 1, { body: { amount: { value: 1, currencyCode: 'USD' } } }),
        '#/amount/currencyCode',
      ],
      [
        'a missing context-tenantId',
        (j, id) => j.settle(merchant, '123456789', id, 1, { omit: ['context-tenantId'] }),
        'context-tenantId',
      ],
      [
        'a malformed idempotency-key',
        (j, id) => j.settle(merchant, '123456789', id, 1, { idempotencyKey: 'key-1' }),
        'idempotency-key',
      ],
      ['a malformed authorisationId', (j) => j.settle(merchant, '123456789', 'auth-1', 1), 'authorisationId'],
      [
        'a basketAmount of three decimals',
        (j) =>
          j.op('SpendOptionsForCustomerRef', 'GET', '/merchant/123456789/spend-options?basketAmount=1.001', {
            merchantId: merchant,
          }),
        'basketAmount',
      ],
    ])('should answer %s with a 400 validation problem naming it', async (_, send, named) => {
      // Arrange
      const id = await judged.authorised(merchant, '123456789', 10);

      // Act: the lenient Prism lets the mock answer; the strict one answers itself.
      const mockAnswer = await send(lenientJourney, id);
      const contractAnswer = await send(judged, id);

      // Assert
      const problem = expectJudgedProblem('lenient', mockAnswer, 400, 'validation');
      expect(JSON.stringify(problem.errors)).toContain(named);
      if (named !== 'basketAmount') {
        // Prism does not know x-bnpl-max-decimals, so it lets 1.001 through to the mock.
        expect(contractAnswer.status, 'the request must break the contract itself').toBe(422);
      }
    });

    it('should judge 413 for a body over 1 MiB and 415 for a body that is not JSON', async () => {
      // Arrange
      const id = await judged.authorised(merchant, '123456789', 10);
      const settlePath = `/merchant/123456789/authorisation/${id}/settle`;

      // Act
      const tooLarge = await lenientJourney.op('Settle', 'POST', settlePath, {
        merchantId: merchant,
        raw: JSON.stringify({ amount: gbp(1), description: 'x'.repeat(1024 * 1024) }),
        headers: { 'content-type': 'application/json' },
      });
      const notJson = await lenientJourney.op('Settle', 'POST', settlePath, {
        merchantId: merchant,
        raw: 'amount=1',
        headers: { 'content-type': 'text/plain' },
      });

      // Assert
      expectJudgedProblem('lenient', tooLarge, 413, 'payload-too-large');
      expectJudgedProblem('lenient', notJson, 415, 'unsupported-media-type');
      expect((await judged.authorisation(merchant, id)).settled).toEqual(gbp(0));
    });
  });

  it('should have logged no violation for any exchange but the canary', () => {
    // Prism logs every violation it lets through ("Violation: …"), warnings included;
    // the strict instance never saw the canary.
    expect(running(strict, 'Prism (strict)').output()).not.toMatch(/Violation:/);
    const lenientViolations = running(lenient, 'Prism (lenient)')
      .output()
      .split('\n')
      .filter((line) => /Violation:/.test(line));
    for (const line of lenientViolations) expect(line).toMatch(/transactionId/);
  });
});
