// Helpers for the kit's own unit tests, which need no server: fake exchanges and
// bodies for the checks and the model, and a JUnit reader.
import type { HttpExchange } from './transcript.ts';

/** A recorded exchange for unit tests: a JSON body is serialised, its Content-Type set. */
export function exchange(
  operationId: string,
  status: number,
  body?: unknown,
  options: { contentType?: string; raw?: string; n?: number } = {},
): HttpExchange {
  const text = options.raw ?? (body === undefined ? '' : JSON.stringify(body));
  const contentType =
    options.contentType ??
    (body === undefined ? undefined : status >= 400 ? 'application/problem+json' : 'application/json');
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(text);
    parsed = text !== '';
  } catch {
    // not JSON
  }
  return {
    kind: 'http',
    n: options.n ?? 1,
    operationId,
    request: { method: 'GET', path: '/', headers: {} },
    response: {
      status,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      body: text,
      ...(parsed ? { json } : {}),
    },
    durationMs: 1,
  };
}

export const validationProblem = {
  Type: 'ledger/bnpl-payment-order/v1/problems/validation',
  Title: 'A validation error occurred',
  Status: 400,
  Instance: '215d4206-ca35-4f43-85ad-169c8f6d4ec1',
  Detail: 'A validation error occurred.',
  Problems: { amount: ['Expected value between [0,01]-[100000000] actual [0]'] },
};

export const orderBody = {
  paymentOrderId: 1234567890,
  status: 'Authorized',
  authorizationAmount: 1000,
  remainingAmount: 666.67,
  currency: 'SEK',
  sellerAuthorizationId: '1234567890',
  customer: { email: 'a@example.com', msisdn: '+46701234567', nationalConsumerIdentifier: {} },
  pointOfSale: 'Shop',
  mcc: '1234',
  operations: [
    {
      rel: 'add-capture',
      method: 'POST',
      href: '/ledger/bnpl-payment-order/v1/1/bnpl-payment-orders/1234567890/captures',
    },
    {
      rel: 'add-reversal',
      method: 'POST',
      href: '/ledger/bnpl-payment-order/v1/1/bnpl-payment-orders/1234567890/reversals',
    },
    {
      rel: 'cancel-authorize',
      method: 'POST',
      href: '/ledger/bnpl-payment-order/v1/1/bnpl-payment-orders/1234567890/cancel-authorize',
    },
  ],
};

/** JUnit XML as fast-xml-parser reads it: well-formed, with the counts of its root. */
export async function parseJunit(
  xml: string,
): Promise<{ tests: number; failures: number; skipped: number; cases: number }> {
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`JUnit XML is not well-formed: ${JSON.stringify(valid)}`);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    testsuites: {
      tests: string;
      failures: string;
      skipped: string;
      testsuite: { testcase: unknown[] | unknown }[] | { testcase: unknown[] | unknown };
    };
  };
  const suites = [parsed.testsuites.testsuite].flat();
  const cases = suites.flatMap((s) => [s.testcase].flat()).length;
  return {
    tests: Number(parsed.testsuites.tests),
    failures: Number(parsed.testsuites.failures),
    skipped: Number(parsed.testsuites.skipped),
    cases,
  };
}
