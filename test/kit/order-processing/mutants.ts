// The deliberately broken Order Processing implementations the kit must catch: each
// a change to the mock (its `orderProcessingFaults` seam) or a proxy in front of it
// that answers as the broken implementation would, the suites that should catch it,
// and the MUST checks expected among the failures. Every one contradicts the document
// or a public source.
import { randomUUID } from 'node:crypto';
import type { CheckId, SuiteName } from '../../../conformance/catalogue.ts';
import type { OrderProcessingFaults } from '../../../src/mock/server.ts';
import { isProblem, orderProcessingOperationOf, type ProxyRules, type Reply } from '../proxy.ts';
import { declineHoldsCredit, reverseKeepsFloat } from './lifecycles.ts';
import { merchantId } from './support.ts';

export interface OpMutant {
  readonly name: string;
  readonly description: string;
  readonly faults?: OrderProcessingFaults;
  /** A proxy before the mock (a function of the mock's URL, made anew for each run). */
  readonly proxy?: (mockUrl: string) => ProxyRules;
  readonly suites: readonly Exclude<SuiteName, 'contract'>[];
  /** At least one of these MUST checks fails. */
  readonly caughtBy: readonly CheckId[];
}

const problemName = (reply: Reply) =>
  isProblem(reply) && typeof reply.body.type === 'string' ? reply.body.type.split('/').pop() : undefined;

/** Answers 200 where the mock refused with this problem, as an implementation without the check would. */
function acceptsInstead(
  operationId: string,
  problem: string,
  answer: () => Record<string, unknown>,
): () => ProxyRules {
  return () => ({
    response(incoming, reply) {
      if (orderProcessingOperationOf(incoming) !== operationId || problemName(reply) !== problem)
        return undefined;
      return { status: 200, body: answer(), contentType: 'application/json' };
    },
  });
}

/** Every request with an idempotency-key gets a fresh one: a retry acts again. */
const keysActTwice = (): ProxyRules => ({
  request(incoming) {
    return incoming.headers['idempotency-key'] === undefined
      ? undefined
      : { headers: { 'idempotency-key': randomUUID() } };
  },
});

/** remainingFloat computed in IEEE floats from the authorised amount and every settle and reverse. */
function floatsInFloats(): ProxyRules {
  const floats = new Map<string, number>();
  const amountOf = (body: unknown) =>
    Number((body as { amount?: { value?: unknown } } | undefined)?.amount?.value);
  const authorisationOf = (path: string) => /\/authorisation\/([^/]+)\//.exec(path)?.[1]?.toLowerCase() ?? '';
  return {
    response(incoming, reply) {
      if (reply.status !== 200 || reply.headers?.['idempotent-replayed'] !== undefined) return undefined;
      const operation = orderProcessingOperationOf(incoming);
      const body = reply.body as Record<string, unknown>;
      if (operation === 'Authorise' && body.result === 'Authorised') {
        floats.set(String(body.authorisationId).toLowerCase(), amountOf(incoming.body));
        return undefined;
      }
      const id = authorisationOf(incoming.path);
      const float = floats.get(id);
      if (float === undefined) return undefined;
      if (operation === 'UpwardAdjustment' && body.result === 'Authorised')
        floats.set(id, float + amountOf(incoming.body));
      if (operation === 'Settle') floats.set(id, float - amountOf(incoming.body));
      if (operation !== 'Reverse') return undefined;
      const left = float - amountOf(incoming.body);
      floats.set(id, left);
      return { body: { ...body, remainingFloat: { value: left, currencyCode: 'GBP' } } };
    },
  };
}

/** Initiate's AuthenticationRequired answers lose their widgetUrl. */
const widgetUrlMissing = (): ProxyRules => ({
  response(incoming, reply) {
    if (orderProcessingOperationOf(incoming) !== 'Initiate' || reply.status !== 200) return undefined;
    const { widgetUrl: _dropped, ...rest } = reply.body as Record<string, unknown>;
    return { body: rest };
  },
});

/** A token that awaits the customer already works: the implementation never checks that SCA was completed. */
const pendingScaAccepted = (mockUrl: string): ProxyRules => ({
  async response(incoming, reply) {
    if (orderProcessingOperationOf(incoming) !== 'Initiate' || reply.status !== 200) return undefined;
    const body = reply.body as { scaStatus?: unknown; scaToken?: unknown };
    if (body.scaStatus === 'AuthenticationRequired') {
      await fetch(`${mockUrl}/_sandbox/order-processing/sca/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scaToken: body.scaToken }),
      });
    }
    return undefined;
  },
});

/**
 * Authorise without an sca-token skips SCA: the implementation gets itself a token (an
 * Initiate for the amount, completed where authentication is required) and goes on.
 */
const scaTokenOptional = (mockUrl: string): ProxyRules => ({
  async request(incoming) {
    if (orderProcessingOperationOf(incoming) !== 'Authorise' || incoming.headers['sca-token'] !== undefined)
      return undefined;
    const { amount } = (incoming.body ?? {}) as { amount?: unknown };
    const headers = Object.fromEntries(
      [
        'ocp-apim-subscription-key',
        'context-merchantid',
        'context-tenantid',
        'client-session-id',
        'customer-access-token',
      ].flatMap((name) => (incoming.headers[name] === undefined ? [] : [[name, incoming.headers[name]]])),
    );
    const initiated = await fetch(
      `${mockUrl}${(incoming.path.split('?')[0] ?? '').replace(/\/authorisation$/, '/initiate')}`,
      {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
        body: JSON.stringify({ amount }),
      },
    );
    const body = (await initiated.json()) as { scaStatus?: unknown; scaToken?: unknown };
    if (initiated.status !== 200 || typeof body.scaToken !== 'string') return undefined;
    if (body.scaStatus === 'AuthenticationRequired') {
      await fetch(`${mockUrl}/_sandbox/order-processing/sca/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scaToken: body.scaToken }),
      });
    }
    return { headers: { 'sca-token': body.scaToken } };
  },
});

/** Another merchant's requests act on the kit's merchant's resources: the merchant is never checked. */
const merchantIgnored = (): ProxyRules => ({
  request(incoming) {
    return incoming.headers['context-merchantid'] === undefined
      ? undefined
      : { headers: { 'context-merchantid': merchantId } };
  },
});

/** Amounts are rounded to pence instead of refused (0.001 becomes 0.00, 12.345 becomes 12.35). */
const amountsRounded = (): ProxyRules => ({
  request(incoming) {
    const body = incoming.body as { amount?: { value?: unknown } } | undefined;
    const value = body?.amount?.value;
    if (typeof value !== 'number' || Number(value.toFixed(2)) === value) return undefined;
    const rounded = Math.max(0.01, Number(value.toFixed(2)));
    return { body: { ...body, amount: { ...body?.amount, value: rounded } } };
  },
});

/** Illustrations whose total leaves out the interest. */
const totalWithoutInterest = (): ProxyRules => ({
  response(incoming, reply) {
    const operation = orderProcessingOperationOf(incoming);
    if (
      (operation !== 'SpendOptionsForCustomerRef' && operation !== 'SpendOptionsForProduct') ||
      reply.status !== 200
    )
      return undefined;
    const basket = Number(new URL(incoming.path, 'http://x').searchParams.get('basketAmount'));
    const body = reply.body as { options: { illustration?: { totalRepayable: { value: number } } }[] };
    return {
      body: {
        options: body.options.map((o) =>
          o.illustration === undefined
            ? o
            : {
                ...o,
                illustration: { ...o.illustration, totalRepayable: { value: basket, currencyCode: 'GBP' } },
              },
        ),
      },
    };
  },
});

/** The customer's options carry spendOptionIds Authorise does not know. */
const spendOptionIdsUnknown = (): ProxyRules => ({
  response(incoming, reply) {
    if (orderProcessingOperationOf(incoming) !== 'SpendOptionsForCustomerRef' || reply.status !== 200)
      return undefined;
    const body = reply.body as { options: Record<string, unknown>[] };
    return { body: { options: body.options.map((o) => ({ ...o, spendOptionId: randomUUID() })) } };
  },
});

/** Successful answers served as text/plain. */
const successAsText = (): ProxyRules => ({
  response(_incoming, reply) {
    return reply.status === 200 ? { contentType: 'text/plain' } : undefined;
  },
});

export const opMutants: readonly OpMutant[] = [
  {
    name: 'settle-beyond-the-float',
    description: 'a settle beyond the remaining float is accepted',
    proxy: acceptsInstead('Settle', 'insufficient-float', () => ({ transactionId: randomUUID() })),
    suites: ['model'],
    caughtBy: ['OP-FLT-002'],
  },
  {
    name: 'refund-beyond-the-settled-amount',
    description: 'a refund beyond what the transaction settled is accepted',
    proxy: acceptsInstead('Refund', 'refund-exceeds-settled', () => ({ refundTransactionId: randomUUID() })),
    suites: ['model'],
    caughtBy: ['OP-FLT-003'],
  },
  {
    name: 'idempotency-key-acts-twice',
    description: 'a retry with the same idempotency-key and body acts again',
    proxy: keysActTwice,
    suites: ['model'],
    caughtBy: ['OP-IDM-001'],
  },
  {
    name: 'remaining-float-in-floats',
    description: 'remainingFloat computed in floats (33.13 − 11.04 = 22.090000000000003)',
    proxy: floatsInFloats,
    suites: ['model'],
    caughtBy: ['OP-FLT-001', 'OP-AMT-001'],
  },
  {
    name: 'decline-holds-credit',
    description:
      'a declined authorisation still holds its amount, so later ones within the budget are declined',
    faults: { lifecycles: { authorisation: declineHoldsCredit } },
    suites: ['model'],
    caughtBy: ['OP-CRD-001'],
  },
  {
    name: 'sca-token-works-twice',
    description: 'an sca-token stays valid after an authorisation used it',
    faults: { scaTokensReusable: true },
    suites: ['model'],
    caughtBy: ['OP-SCA-004'],
  },
  {
    name: 'pending-sca-token-accepted',
    description: 'Authorise takes an sca-token whose customer has not completed SCA',
    proxy: pendingScaAccepted,
    suites: ['model'],
    caughtBy: ['OP-SCA-003'],
  },
  {
    name: 'sca-token-optional',
    description: 'Authorise without an sca-token goes ahead without SCA',
    proxy: scaTokenOptional,
    suites: ['model'],
    caughtBy: ['OP-SCA-007'],
  },
  {
    name: 'unissued-sca-token-accepted',
    description: 'Authorise takes an sca-token Initiate never issued',
    faults: { scaTokensUnchecked: true },
    suites: ['model'],
    caughtBy: ['OP-SCA-007'],
  },
  {
    name: 'widget-url-missing',
    description: 'Initiate says AuthenticationRequired without a widgetUrl',
    proxy: widgetUrlMissing,
    suites: ['model'],
    caughtBy: ['OP-SCA-001'],
  },
  {
    name: 'declined-authorisation-settles',
    description: 'a declined authorisation can be settled',
    proxy: acceptsInstead('Settle', 'authorisation-declined', () => ({ transactionId: randomUUID() })),
    suites: ['model'],
    caughtBy: ['OP-FLT-004'],
  },
  {
    name: 'reverse-keeps-the-float',
    description: 'a reverse releases the hold but leaves remainingFloat as it was',
    faults: { lifecycles: { authorisation: reverseKeepsFloat } },
    suites: ['model'],
    caughtBy: ['OP-FLT-001'],
  },
  {
    name: 'merchant-ignored',
    description: "another merchant's requests act on the kit's merchant's authorisations",
    proxy: merchantIgnored,
    suites: ['security'],
    caughtBy: ['OP-SEC-002'],
  },
  {
    name: 'amounts-rounded',
    description: 'amounts with 3 decimals are rounded to pence instead of refused',
    proxy: amountsRounded,
    suites: ['negative'],
    caughtBy: ['OP-NEG-001'],
  },
  {
    name: 'illustrations-leave-out-interest',
    description: 'totalRepayable leaves out interestToPay',
    proxy: totalWithoutInterest,
    suites: ['model'],
    caughtBy: ['OP-SPO-001'],
  },
  {
    name: 'spend-option-ids-unknown',
    description: "the customer's spend options carry spendOptionIds Authorise refuses",
    proxy: spendOptionIdsUnknown,
    suites: ['model'],
    caughtBy: ['OP-SPO-002'],
  },
  {
    name: 'settles-race',
    description:
      'a settle reads the float and writes what it decided after a pause, so parallel settles exceed the float (a lost update)',
    faults: { lostUpdates: ['Settle'] },
    suites: ['concurrency'],
    caughtBy: ['OP-CON-001'],
  },
  {
    name: 'reverses-race',
    description:
      'a reverse reads the float and writes what it decided after a pause, so parallel reverses and settles exceed the float',
    faults: { lostUpdates: ['Reverse'] },
    suites: ['concurrency'],
    caughtBy: ['OP-CON-001'],
  },
  {
    name: 'refunds-race',
    description:
      'a refund reads the transaction and writes what it decided after a pause, so parallel refunds exceed what it settled',
    faults: { lostUpdates: ['Refund'] },
    suites: ['concurrency'],
    caughtBy: ['OP-CON-002'],
  },
  {
    name: 'idempotency-key-checked-then-used',
    description:
      'an idempotency-key is looked up, and kept with the answer only after a pause, so parallel requests with one key each act',
    faults: { idempotencyCheckThenAct: true },
    suites: ['concurrency'],
    caughtBy: ['OP-CON-003'],
  },
  {
    name: 'success-as-text',
    description: 'successful answers come as text/plain',
    proxy: successAsText,
    suites: ['security'],
    caughtBy: ['OP-CT-003'],
  },
];
