// The contract itself: spec/bnpl-payment-order.yaml is valid OpenAPI 3.1, covers the
// document's operations, its examples (and the document's own bodies) validate, and
// the document's constraints reject what they should, naming the failing parameter.
import SwaggerParser from '@apidevtools/swagger-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CompiledSpec,
  compileSpec,
  httpMethods,
  problemsFromErrors,
  readSpec,
  revisionsOf,
} from '../lib/openapi.ts';
import { documentExamples } from './fixtures/document-examples.ts';
import { captureBody, createBody } from './support/http.ts';

let spec: CompiledSpec;
beforeAll(async () => {
  spec = await compileSpec('bnpl-payment-order', { revision: '2024-10-30' });
});

const base = '/ledger/bnpl-payment-order/v1/{ownerNo}/bnpl-payment-orders';

describe('spec/bnpl-payment-order.yaml (revision 2024-10-30)', () => {
  it('should be a valid OpenAPI 3.1 document', async () => {
    const raw = await readSpec('bnpl-payment-order', '2024-10-30');
    expect(raw.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(raw) as never)).resolves.toBeTruthy();
  });

  it.each([
    ['getBnplPaymentOrder', 'get', `${base}/{paymentOrderId}`],
    ['createBnplPaymentOrder', 'post', base],
    ['createCancelAuthorize', 'post', `${base}/{paymentOrderId}/cancel-authorize`],
    ['createCapture', 'post', `${base}/{paymentOrderId}/captures`],
    ['createReversal', 'post', `${base}/{paymentOrderId}/reversals`],
    ['redirect', 'post', `${base}/{paymentOrderId}/redirect`],
  ])('should define %s as %s %s', (operationId, method, pathTemplate) => {
    const operation = spec.operations.get(operationId);
    expect(operation).toMatchObject({ method, pathTemplate });
  });

  it('should define no operation the document does not have', () => {
    expect([...spec.operations.keys()].sort()).toEqual(
      [
        'createBnplPaymentOrder',
        'createCancelAuthorize',
        'createCapture',
        'createReversal',
        'getBnplPaymentOrder',
        'redirect',
      ].sort(),
    );
  });

  it.each([
    ['getBnplPaymentOrder', ['200', '400', '401', '404', '500', '503']],
    ['createBnplPaymentOrder', ['201', '400', '401', '404', '413', '415', '500', '503']],
    ['createCancelAuthorize', ['204', '400', '401', '404', '413', '415', '500', '503']],
    ['createCapture', ['201', '400', '401', '404', '413', '415', '500', '503']],
    ['createReversal', ['201', '400', '401', '404', '413', '415', '500', '503']],
    ['redirect', ['200', '400', '401', '404', '409', '413', '415', '500', '503']],
  ])('should document exactly the statuses of %s', (operationId, statuses) => {
    expect([...(spec.operations.get(operationId)?.responses.keys() ?? [])].sort()).toEqual(statuses);
  });

  it('should answer every error status with application/problem+json', () => {
    for (const operation of spec.operations.values()) {
      for (const [status, media] of operation.responses) {
        if (Number(status) < 400) continue;
        expect([...(media?.keys() ?? [])], `${operation.operationId} ${status}`).toEqual([
          'application/problem+json',
        ]);
      }
    }
  });

  it('should validate every example against its schema', async () => {
    const document = (await SwaggerParser.dereference(
      structuredClone(await readSpec('bnpl-payment-order', '2024-10-30')) as never,
    )) as unknown as {
      paths: Record<string, Record<string, Operation>>;
    };
    interface Media {
      examples?: Record<string, { value: unknown }>;
    }
    interface Operation {
      operationId: string;
      requestBody?: { content: Record<string, Media> };
      responses: Record<string, { content?: Record<string, Media> }>;
    }
    let checked = 0;
    for (const item of Object.values(document.paths)) {
      for (const method of httpMethods) {
        const operation = item[method];
        if (operation === undefined) continue;
        const compiled = spec.operations.get(operation.operationId);
        for (const [name, example] of Object.entries(
          operation.requestBody?.content['application/json']?.examples ?? {},
        )) {
          const ok = compiled?.body?.validate(example.value);
          expect(
            ok,
            `${operation.operationId} request example ${name}: ${JSON.stringify(compiled?.body?.validate.errors)}`,
          ).toBe(true);
          checked++;
        }
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const [type, media] of Object.entries(response.content ?? {})) {
            const validate = compiled?.responses.get(status)?.get(type);
            for (const [name, example] of Object.entries(media.examples ?? {})) {
              expect(validate?.(example.value), `${operation.operationId} ${status} example ${name}`).toBe(
                true,
              );
              checked++;
            }
          }
        }
      }
    }
    // 6 request examples, 6 success responses, and the shared problem examples per operation.
    expect(checked).toBeGreaterThanOrEqual(12);
  });
});

describe('the document example bodies', () => {
  it.each(
    documentExamples.map((e) => [`${e.section} ${e.operationId} ${e.kind} ${e.status ?? ''}`, e] as const),
  )('should validate %s', (_, example) => {
    // Three errata of the document: its bodies are indented with no-break spaces
    // (not JSON whitespace), the redirect response has a trailing comma, and the
    // problem example keeps the `{domain}` placeholder.
    const text = example.text
      .replace(/\u00a0/g, ' ')
      .replace(/,(\s*})/g, '$1')
      .replace('{domain}', 'bnpl-payment-order');
    const body: unknown = JSON.parse(text);
    const operation = spec.operations.get(example.operationId);
    const validate =
      example.kind === 'request'
        ? operation?.body?.validate
        : operation?.responses
            .get(String(example.status))
            ?.get(example.status && example.status >= 400 ? 'application/problem+json' : 'application/json');
    expect(validate, 'validator').toBeDefined();
    expect(validate?.(body), JSON.stringify(validate?.errors)).toBe(true);
  });

  it('should keep the redirect response erratum visible: the verbatim text is not JSON', () => {
    const redirect = documentExamples.find((e) => e.operationId === 'redirect' && e.kind === 'response');
    expect(() => JSON.parse(redirect?.text ?? '')).toThrow(SyntaxError);
  });
});

// The same valid baselines the HTTP tests send (test/support/http.ts).
const validCreate = createBody();
const validCustomer = validCreate.customer as Record<string, unknown>;
const validCapture = captureBody(1000);

type Mutation = (body: Record<string, unknown>) => Record<string, unknown>;
const set =
  (key: string, value: unknown): Mutation =>
  (body) => ({ ...body, [key]: value });

describe('the request schemas', () => {
  it.each<[string, string, object, Mutation, string]>([
    ['amount 0', 'createBnplPaymentOrder', validCreate, set('authorizationAmount', 0), 'authorizationAmount'],
    ['a negative amount', 'createCapture', validCapture, set('amount', -1), 'amount'],
    ['amount 0.001', 'createCapture', validCapture, set('amount', 0.001), 'amount'],
    ['three decimals', 'createCapture', validCapture, set('amount', 10.123), 'amount'],
    ['amount 100000000.01', 'createCapture', validCapture, set('amount', 100000000.01), 'amount'],
    ['an amount as a string', 'createCapture', validCapture, set('amount', '10.00'), 'amount'],
    ['an unknown currency', 'createBnplPaymentOrder', validCreate, set('currency', 'USD'), 'currency'],
    [
      'a missing email',
      'createBnplPaymentOrder',
      validCreate,
      (b) => ({ ...b, customer: { ...validCustomer, email: undefined } }),
      'customer.email',
    ],
    [
      'a countryCode outside SE|NO|DK|FI',
      'createBnplPaymentOrder',
      validCreate,
      (b) => ({
        ...b,
        customer: { ...validCustomer, nationalConsumerIdentifier: { countryCode: 'SEX' } },
      }),
      'customer.nationalConsumerIdentifier.countryCode',
    ],
    [
      'a bad receiptReference',
      'createCapture',
      validCapture,
      set('receiptReference', 'has space'),
      'receiptReference',
    ],
    [
      'an empty receiptReference',
      'createCapture',
      validCapture,
      set('receiptReference', ''),
      'receiptReference',
    ],
    [
      'a semicolon in itemDescription',
      'createCapture',
      validCapture,
      set('orderLines', [{ itemDescription: 'a;b', amount: 1 }]),
      'orderLines[0].itemDescription',
    ],
    [
      'a misspelt field',
      'createBnplPaymentOrder',
      validCreate,
      set('authorisationAmount', 1),
      'authorisationAmount',
    ],
    ['no orderLines', 'createCapture', validCapture, set('orderLines', []), 'orderLines'],
  ])('should reject %s in %s, naming the parameter', (_, operationId, valid, mutate, parameter) => {
    const validate = spec.operations.get(operationId)?.body?.validate;
    expect(validate?.(valid), 'the valid body passes').toBe(true);
    const invalid = JSON.parse(JSON.stringify(mutate({ ...valid })));
    expect(validate?.(invalid)).toBe(false);
    expect(Object.keys(problemsFromErrors(validate?.errors))).toContain(parameter);
  });

  it.each([0.07, 1.13, 333.33, 100000000, 0.01, 19.99])('should accept the 2-decimal amount %s', (amount) => {
    const validate = spec.operations.get('createCapture')?.body?.validate;
    expect(validate?.({ ...validCapture, amount }), JSON.stringify(validate?.errors)).toBe(true);
  });

  it("should say an amount of 0 in the document's own words", () => {
    const validate = spec.operations.get('createCapture')?.body?.validate;
    validate?.({ ...validCapture, amount: 0 });
    expect(problemsFromErrors(validate?.errors).amount).toEqual([
      'Expected value between [0,01]-[100000000] actual [0]',
    ]);
  });
});

describe('revision 2026-02-17 (spec/bnpl-payment-order.2026-02-17.overlay.yaml)', () => {
  let latest: CompiledSpec;
  beforeAll(async () => {
    latest = await compileSpec('bnpl-payment-order');
  });

  it('should be the latest revision, after the base', async () => {
    expect(await revisionsOf('bnpl-payment-order')).toEqual(['2024-10-30', '2026-02-17']);
    expect(latest.revision).toBe('2026-02-17');
    await expect(
      SwaggerParser.validate(structuredClone(await readSpec('bnpl-payment-order')) as never),
    ).resolves.toBeTruthy();
  });

  it('should require receiptReference on a reversal, naming it when it is missing', () => {
    const validate = latest.operations.get('createReversal')?.body?.validate;
    const reversal = { amount: 100, currency: 'SEK', sellerTransactionId: 'r-1' };
    expect(validate?.({ ...reversal, receiptReference: 'R-1' })).toBe(true);
    expect(validate?.(reversal)).toBe(false);
    expect(Object.keys(problemsFromErrors(validate?.errors))).toEqual(['receiptReference']);
    expect(validate?.({ ...reversal, receiptReference: 'bad ref' })).toBe(false);
  });

  it('should accept an optional boolean instore on create and show it on the order', () => {
    const validate = latest.operations.get('createBnplPaymentOrder')?.body?.validate;
    expect(validate?.(createBody({ instore: true }))).toBe(true);
    expect(validate?.(createBody())).toBe(true);
    expect(validate?.(createBody({ instore: 'yes' }))).toBe(false);
    const order = latest.document.components?.schemas?.BnplPaymentOrder as { properties: object };
    expect(Object.keys(order.properties)).toContain('instore');
  });

  it('should declare the optional SellerNo query parameter on create only', () => {
    const sellerNo = latest.operations
      .get('createBnplPaymentOrder')
      ?.parameters.find((p) => p.name === 'SellerNo');
    expect(sellerNo).toMatchObject({ in: 'query', required: false });
    expect(latest.operations.get('createCapture')?.parameters.some((p) => p.name === 'SellerNo')).toBe(false);
  });

  it('should leave the base revision as it was', () => {
    const validate = spec.operations.get('createReversal')?.body?.validate;
    expect(validate?.({ amount: 100, currency: 'SEK', sellerTransactionId: 'r-1' })).toBe(true);
    expect(
      validate?.({ amount: 100, currency: 'SEK', sellerTransactionId: 'r-1', receiptReference: 'R-1' }),
    ).toBe(false);
  });

  it('should refuse a revision that does not exist', async () => {
    await expect(compileSpec('bnpl-payment-order', { revision: '2025-01-01' })).rejects.toThrow(
      /no revision 2025-01-01 \(known: 2024-10-30, 2026-02-17\)/,
    );
  });
});
