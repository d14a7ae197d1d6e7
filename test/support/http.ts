// Test support: a small HTTP client for the mock (undici) that also checks every
// answer of a spec operation against the spec: documented status, media type and
// body schema. Every test that talks to the mock therefore also tests the contract.
import { request } from 'undici';
import { expect } from 'vitest';
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

/** Asserts the answer is one the spec documents for the operation, with a valid body. */
export function expectDocumented(spec: CompiledSpec, operationId: string, answer: Answer): void {
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
