// Test support: a small HTTP client for the mock (undici) that also checks every
// answer of a spec operation against the spec: documented status, media type and
// body schema. Every test that talks to the mock therefore also tests the contract.
// For Order Processing it also builds the headers every operation needs, and checks
// the problems answered at the transport level (405, an unknown path) against the
// contract's catalogue (`x-bnpl-problems`), since no operation lists them.
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { expect } from 'vitest';
import type { components } from '../../generated/order-processing.ts';
import { createAjv, type ValidateFunction } from '../../lib/ajv.ts';
import type { CompiledSpec } from '../../lib/openapi.ts';

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly contentType: string;
  readonly body: unknown;
  readonly text: string;
}

export interface CallOptions {
  readonly json?: unknown;
  /** Sent as-is (for malformed bodies). */
  readonly raw?: string | Buffer;
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

export function client(baseUrl: string) {
  return async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== null) headers.authorization ??= `Bearer ${options.token ?? 't'}`;
    let body: string | Buffer | null = null;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    } else if (options.raw !== undefined) body = options.raw;
    const response = await request(`${baseUrl}${path}`, { method: method as 'GET', headers, body });
    const text = await response.body.text();
    const contentType = String(response.headers['content-type'] ?? '');
    let parsed: unknown = text;
    if (/json/.test(contentType) && text !== '') parsed = JSON.parse(text);
    return { status: response.statusCode, headers: response.headers, contentType, body: parsed, text };
  };
}

/**
 * Asserts the answer is one the spec documents for the operation, with a valid body.
 * With `status`, also that it is that status (so a wrong status fails with the body shown).
 */
export function expectDocumented(
  spec: CompiledSpec,
  operationId: string,
  answer: Answer,
  status?: number,
): void {
  if (status !== undefined) expect(answer.status, `${operationId}: ${answer.text}`).toBe(status);
  const operation = spec.operations.get(operationId);
  expect(operation, `operation ${operationId}`).toBeDefined();
  const media = operation?.responses.get(String(answer.status));
  expect(
    media === undefined && !operation?.responses.has(String(answer.status)),
    `${operationId} documents ${answer.status}`,
  ).toBe(false);
  if (media === undefined) {
    expect(answer.text, `${operationId} ${answer.status} has no body`).toBe('');
    return;
  }
  const mediaType = answer.contentType.split(';')[0]?.trim() ?? '';
  const validate = media.get(mediaType);
  expect(
    validate,
    `${operationId} ${answer.status} is ${[...media.keys()].join(' or ')}, got ${mediaType}`,
  ).toBeDefined();
  expect(
    validate?.(answer.body),
    `${operationId} ${answer.status}: ${JSON.stringify(validate?.errors)}`,
  ).toBe(true);
}

const catalogueValidators = new WeakMap<CompiledSpec, Map<string, ValidateFunction>>();

/**
 * Asserts the answer is the problem `name` of the contract's catalogue
 * (`x-bnpl-problems`): its status, `application/problem+json`, and its schema. For
 * the problems answered at the transport level (405, an unknown path), which no
 * operation lists.
 */
export function expectCatalogued(spec: CompiledSpec, name: string, answer: Answer): void {
  const catalogue = (
    spec.document as { 'x-bnpl-problems'?: Record<string, { status: number; schema: object }> }
  )['x-bnpl-problems'];
  const entry = catalogue?.[name];
  expect(entry, `${spec.name} catalogues ${name}`).toBeDefined();
  if (entry === undefined) return;
  let validators = catalogueValidators.get(spec);
  if (validators === undefined) {
    validators = new Map();
    catalogueValidators.set(spec, validators);
  }
  let validate = validators.get(name);
  if (validate === undefined) {
    validate = createAjv().compile(entry.schema);
    validators.set(name, validate);
  }
  expect(answer.status, answer.text).toBe(entry.status);
  expect(answer.contentType.split(';')[0]).toBe('application/problem+json');
  expect(validate(answer.body), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

export const ownerPath = (ownerNo: string) => `/ledger/bnpl-payment-order/v1/${ownerNo}/bnpl-payment-orders`;
export const sandboxPath = (ownerNo: string, id: number) =>
  `/_sandbox/bnpl-payment-order/${ownerNo}/bnpl-payment-orders/${id}`;

export function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    authorizationAmount: 1000,
    currency: 'SEK',
    sellerAuthorizationId: 'order-1',
    customer: {
      nationalConsumerIdentifier: { value: '19900101-1234', countryCode: 'SE' },
      email: 'anna@example.com',
      msisdn: '+46701234567',
    },
    pointOfSale: 'My Web Shop',
    mcc: '1234',
    ...overrides,
  };
}

export function captureBody(
  amount: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    amount,
    currency: 'SEK',
    orderLines: [{ itemDescription: 'Phone', amount }],
    sellerTransactionId: 'capture-1',
    receiptReference: 'receipt-1',
    ...overrides,
  };
}

export function reversalBody(
  amount: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    amount,
    currency: 'SEK',
    sellerTransactionId: 'reversal-1',
    receiptReference: 'receipt-1',
    ...overrides,
  };
}

export const redirectBody = {
  returnUrl: 'https://shop.example/back',
  redirectOptions: { languageCode: 'SV' },
};

// --- Order Processing -------------------------------------------------------

/** Where the Order Processing operations are served (OP-D-01). */
export const orderProcessingBase = '/cl/merchant-gateway-service';
/** The configured merchant that forbids partial settle, reverse and refund (OP-D-25). */
export const strictMerchantId = '11111111-1111-4111-8111-111111111111';

type AmountRequest = components['schemas']['AmountRequest'];

/** `{ value, currencyCode: 'GBP' }`, an amount as a request carries it. */
export const gbp = (value: number): AmountRequest => ({ value, currencyCode: 'GBP' });

export interface OrderProcessingCallOptions {
  /** `context-merchantId`. */
  readonly merchantId: string;
  readonly json?: unknown;
  readonly raw?: string | Buffer;
  /** `Ocp-Apim-Subscription-Key`; default `test-key`. */
  readonly subscriptionKey?: string;
  /** `idempotency-key`; a fresh UUID on every POST unless given. */
  readonly idempotencyKey?: string;
  readonly customerAccessToken?: string;
  readonly scaToken?: string;
  /** Headers left out (names as the spec writes them, any case). */
  readonly omit?: readonly string[];
  /** Sent as well, replacing a default of the same name. */
  readonly headers?: Record<string, string>;
}

/** The headers an Order Processing request carries (OP-D-02, OP-D-03), every one a test may drop or replace. */
export function orderProcessingHeaders(
  method: string,
  options: OrderProcessingCallOptions,
): Record<string, string> {
  const headers: Record<string, string> = {
    'ocp-apim-subscription-key': options.subscriptionKey ?? 'test-key',
    'context-merchantid': options.merchantId,
    'context-tenantid': 'bnpl-kit-tests',
    'client-session-id': 'session-1',
  };
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
  if (options.customerAccessToken !== undefined)
    headers['customer-access-token'] = options.customerAccessToken;
  if (options.scaToken !== undefined) headers['sca-token'] = options.scaToken;
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const name of options.omit ?? []) delete headers[name.toLowerCase()];
  return headers;
}

/**
 * A client of the Order Processing operations: paths relative to `base` (the published
 * base path; '' for Prism, which serves the paths relative to the contract's server).
 */
export function orderProcessingClient(baseUrl: string, base = orderProcessingBase) {
  const call = client(baseUrl);
  return (method: string, path: string, options: OrderProcessingCallOptions): Promise<Answer> =>
    call(method, `${base}${path}`, {
      token: null,
      headers: orderProcessingHeaders(method, options),
      ...(options.json === undefined ? {} : { json: options.json }),
      ...(options.raw === undefined ? {} : { raw: options.raw }),
    });
}

/** An Order Processing problem as the contract writes it (RFC 9457, OP-D-09, OP-D-10). */
export type OrderProcessingProblem = components['schemas']['Problem'] & {
  readonly errors?: readonly Partial<
    components['schemas']['BodyError'] &
      components['schemas']['HeaderError'] &
      components['schemas']['ParameterError']
  >[];
};
