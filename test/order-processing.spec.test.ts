// The Order Processing contract itself: spec/order-processing.yaml is valid OpenAPI 3.1 with
// the eight published operations, exactly the statuses, headers and problems
// spec/order-processing.DECISIONS.md decides, examples that validate, public samples that
// validate once their errata are corrected, and money, conditional and problem schemas that
// refuse what they should, naming the failing member by JSON Pointer. Also the Order
// Processing paths of spec/sandbox-control.yaml.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAjv, type ErrorObject, type ValidateFunction } from '../lib/ajv.ts';
import { parseMajor } from '../lib/money.ts';
import {
  type CompiledOperation,
  type CompiledParameter,
  type CompiledSpec,
  coerce,
  coercePathParameters,
  compileSpec,
  httpMethods,
  readSpec,
  type SchemaObject,
  specDir,
  violationsFromErrors,
} from '../lib/openapi.ts';
import { corrected, type PublicSample, publicSamples } from './fixtures/order-processing-examples.ts';

let spec: CompiledSpec;
let sandbox: CompiledSpec;
beforeAll(async () => {
  [spec, sandbox] = await Promise.all([compileSpec('order-processing'), compileSpec('sandbox-control')]);
});

const problemBase = 'https://bnpl-kit.dev/problems/order-processing/';
const uuid = '6fe486cf-3193-40ef-a850-f7659e717c6e';

function operation(operationId: string): CompiledOperation {
  const found = spec.operations.get(operationId) ?? sandbox.operations.get(operationId);
  if (found === undefined) throw new Error(`no operation ${operationId}`);
  return found;
}

function responseValidator(operationId: string, status: string, mediaType: string): ValidateFunction {
  const validate = operation(operationId).responses.get(status)?.get(mediaType);
  if (validate === undefined) throw new Error(`${operationId} ${status} has no ${mediaType}`);
  return validate;
}

function bodyValidator(operationId: string): ValidateFunction {
  const validate = operation(operationId).body?.validate;
  if (validate === undefined) throw new Error(`${operationId} has no body`);
  return validate;
}

/** The JSON Pointers (as URI fragments, `#/amount/value`) of the body members ajv refused. */
function pointers(errors: readonly ErrorObject[] | null | undefined): string[] {
  const escapeSegment = (segment: string | number) =>
    String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
  return [
    ...new Set(
      violationsFromErrors(errors, 'body').map((v) => `#${v.at.map((s) => `/${escapeSegment(s)}`).join('')}`),
    ),
  ];
}

// One ajv for the parameter and component schemas the tests compile themselves.
const ajv = createAjv();
const compiled = new WeakMap<object, ValidateFunction>();
function validatorOf(schema: SchemaObject): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function parameter(operationId: string, where: CompiledParameter['in'], name: string): CompiledParameter {
  const found = operation(operationId).parameters.find(
    (p) => p.in === where && p.name.toLowerCase() === name.toLowerCase(),
  );
  if (found === undefined) throw new Error(`${operationId} has no ${where} parameter ${name}`);
  return found;
}

/** Whether a raw query or header string is valid for the parameter, typed as its schema says. */
function acceptsRaw(p: CompiledParameter, raw: string): boolean {
  return validatorOf(p.schema)(coerce(p.schema, raw)) === true;
}

function componentSchema(document: CompiledSpec['document'], name: string): SchemaObject {
  const schema = document.components?.schemas?.[name];
  if (schema === undefined) throw new Error(`no schema ${name}`);
  return schema;
}

const common = ['client-session-id', 'context-merchantId', 'context-tenantId'];
const posted = [...common, 'idempotency-key'];
const decidedHeaders: [string, string[]][] = [
  ['SpendOptionsForProduct', common],
  ['SpendOptionsForCustomerRef', common],
  ['Initiate', [...posted, 'customer-access-token']],
  ['Authorise', [...posted, 'customer-access-token', 'sca-token']],
  ['UpwardAdjustment', [...posted, 'customer-access-token']],
  ['Settle', posted],
  ['Reverse', posted],
  ['Refund', posted],
];

const postOperations = ['Initiate', 'Authorise', 'UpwardAdjustment', 'Settle', 'Reverse', 'Refund'];

describe('spec/order-processing.yaml', () => {
  it('should be a valid OpenAPI 3.1 document titled as the document', async () => {
    const raw = await readSpec('order-processing');
    expect(raw.openapi).toBe('3.1.0');
    expect(raw.info).toMatchObject({ title: 'Order Processing', version: '1.0' });
    await expect(SwaggerParser.validate(structuredClone(raw) as never)).resolves.toBeTruthy();
  });

  it('should serve under the published base path, the mock first, then staging and production', () => {
    expect(spec.basePath).toBe('/cl/merchant-gateway-service');
    expect(spec.document.servers?.map((s) => s.url)).toEqual([
      'http://127.0.0.1:4010/cl/merchant-gateway-service',
      'https://mtapi.stg-newdaytechnology.net/cl/merchant-gateway-service',
      'https://mtapi.newdaytechnology.net/cl/merchant-gateway-service',
    ]);
  });

  it.each([
    ['SpendOptionsForProduct', 'get', '/merchant/spend-options', '1'],
    ['SpendOptionsForCustomerRef', 'get', '/merchant/{customerRef}/spend-options', '1'],
    ['Initiate', 'post', '/merchant/{customerRef}/initiate', '2'],
    ['Authorise', 'post', '/merchant/{customerRef}/authorisation', '3'],
    [
      'UpwardAdjustment',
      'post',
      '/merchant/{customerRef}/authorisation/{authorisationId}/upward-adjustment',
      'S3',
    ],
    ['Settle', 'post', '/merchant/{customerRef}/authorisation/{authorisationId}/settle', '5'],
    ['Reverse', 'post', '/merchant/{customerRef}/authorisation/{authorisationId}/reverse', '4'],
    ['Refund', 'post', '/merchant/{customerRef}/transaction/{transactionId}/refund', '6'],
  ])('should define %s as %s %s, citing %s', (operationId, method, pathTemplate, section) => {
    expect(spec.operations.get(operationId)).toMatchObject({ method, pathTemplate, section });
  });

  it('should define no operation the sources do not have', () => {
    expect([...spec.operations.keys()].sort()).toEqual(decidedHeaders.map(([id]) => id).sort());
  });

  const transport = ['400', '401', '404', '500', '503'];
  const body = ['409', '413', '415'];
  it.each([
    ['SpendOptionsForProduct', ['200', ...transport]],
    ['SpendOptionsForCustomerRef', ['200', ...transport]],
    ['Initiate', ['200', '403', ...transport, ...body]],
    ['Authorise', ['200', '403', ...transport, ...body]],
    ['UpwardAdjustment', ['200', '403', ...transport, ...body]],
    ['Settle', ['200', ...transport, ...body]],
    ['Reverse', ['200', ...transport, ...body]],
    ['Refund', ['200', ...transport, ...body]],
  ])('should document exactly the statuses of %s', (operationId, statuses) => {
    expect([...operation(operationId).responses.keys()].sort()).toEqual([...statuses].sort());
  });

  it('should answer success with application/json and every error with application/problem+json only', () => {
    for (const op of spec.operations.values()) {
      for (const [status, media] of op.responses) {
        expect([...(media?.keys() ?? [])], `${op.operationId} ${status}`).toEqual([
          Number(status) >= 400 ? 'application/problem+json' : 'application/json',
        ]);
      }
    }
  });

  it('should take a required JSON body on every POST and none on a GET', () => {
    for (const op of spec.operations.values()) {
      if (op.method === 'post') expect(op.body, op.operationId).toMatchObject({ required: true });
      else expect(op.body, op.operationId).toBeUndefined();
      if (op.body) expect(op.body.mediaTypes).toEqual(['application/json']);
    }
  });
});

describe('the problems of spec/order-processing.yaml', () => {
  const catalogue: [string, number][] = [
    ['validation', 400],
    ['unauthorized', 401],
    ['customer-token-invalid', 403],
    ['sca-required', 403],
    ['not-found', 404],
    ['method-not-allowed', 405],
    ['insufficient-float', 409],
    ['refund-exceeds-settled', 409],
    ['authorisation-declined', 409],
    ['partial-not-allowed', 409],
    ['idempotency-key-reused', 409],
    ['payload-too-large', 413],
    ['unsupported-media-type', 415],
    ['fatal', 500],
    ['unavailable', 503],
  ];

  const problem = (name: string, status: number, extra: Record<string, unknown> = {}) => ({
    type: `${problemBase}${name}`,
    title: 'A title',
    status,
    detail: 'What went wrong.',
    instance: 'urn:uuid:215d4206-ca35-4f43-85ad-169c8f6d4ec1',
    ...(name === 'validation' ? { errors: [{ detail: 'Required.', pointer: '#/amount' }] } : {}),
    ...extra,
  });

  interface CatalogueEntry {
    status: number;
    title: string;
    schema: SchemaObject;
  }
  const entries = () =>
    (spec.document as unknown as { 'x-bnpl-problems': Record<string, CatalogueEntry> })['x-bnpl-problems'];

  it('should list exactly the decided catalogue in x-bnpl-problems, each with a title', () => {
    expect(Object.entries(entries()).map(([name, e]) => [name, e.status])).toEqual(catalogue);
    for (const entry of Object.values(entries())) expect(entry.title.length).toBeGreaterThan(0);
  });

  it.each(catalogue)(
    'should give %s (%s) a schema that takes its own type and status only',
    (name, status) => {
      const validate = validatorOf(entries()[name]?.schema ?? {});
      expect(validate(problem(name, status)), JSON.stringify(validate.errors)).toBe(true);
      expect(validate(problem('something-else', status))).toBe(false);
      expect(validate(problem(name, status === 500 ? 400 : 500))).toBe(false);
    },
  );

  it.each([
    ['a missing instance', { instance: undefined }],
    ['a capitalised member', { Type: `${problemBase}fatal`, type: undefined }],
    ['an instance that is not urn:uuid', { instance: '215d4206-ca35-4f43-85ad-169c8f6d4ec1' }],
    ['a relative type', { type: 'problems/order-processing/fatal' }],
  ])('should refuse a problem with %s', (_, change) => {
    const validate = responseValidator('Settle', '500', 'application/problem+json');
    expect(validate(problem('fatal', 500))).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(problem('fatal', 500, change))))).toBe(false);
  });

  const conflicts = [
    'insufficient-float',
    'refund-exceeds-settled',
    'authorisation-declined',
    'partial-not-allowed',
  ];
  it.each([
    ['Initiate', '403', ['customer-token-invalid']],
    ['Authorise', '403', ['customer-token-invalid', 'sca-required']],
    ['UpwardAdjustment', '403', ['customer-token-invalid']],
    ['Initiate', '409', ['idempotency-key-reused']],
    ['Authorise', '409', ['idempotency-key-reused']],
    ['UpwardAdjustment', '409', ['authorisation-declined', 'idempotency-key-reused']],
    [
      'Settle',
      '409',
      ['insufficient-float', 'authorisation-declined', 'partial-not-allowed', 'idempotency-key-reused'],
    ],
    [
      'Reverse',
      '409',
      ['insufficient-float', 'authorisation-declined', 'partial-not-allowed', 'idempotency-key-reused'],
    ],
    ['Refund', '409', ['refund-exceeds-settled', 'partial-not-allowed', 'idempotency-key-reused']],
  ])('should let %s answer %s with exactly %j', (operationId, status, names) => {
    const validate = responseValidator(operationId, status, 'application/problem+json');
    const candidates = [...conflicts, 'idempotency-key-reused', 'customer-token-invalid', 'sca-required'];
    const accepted = candidates.filter((name) => validate(problem(name, Number(status))));
    expect(accepted.sort()).toEqual([...names].sort());
  });

  describe('the 400 errors array', () => {
    const validate = () => responseValidator('Authorise', '400', 'application/problem+json');
    const withErrors = (errors: unknown) => ({ ...problem('validation', 400), errors });

    it.each([
      ['a body member', [{ detail: 'Must be at least 0.01.', pointer: '#/amount/value' }]],
      ['the body itself', [{ detail: 'The body is not a JSON object.', pointer: '#' }]],
      ['a header', [{ detail: 'The header is required.', header: 'idempotency-key' }]],
      ['a parameter', [{ detail: 'Must be a UUID.', parameter: 'authorisationId' }]],
      [
        'all three at once',
        [
          { detail: 'a', pointer: '#/orderReference' },
          { detail: 'b', header: 'sca-token' },
          { detail: 'c', parameter: 'customerRef' },
        ],
      ],
    ])('should accept an entry naming %s', (_, errors) => {
      expect(validate()(withErrors(errors)), JSON.stringify(validate().errors)).toBe(true);
    });

    it.each([
      ['no errors member', undefined],
      ['an empty list', []],
      ['an entry without detail', [{ pointer: '#/amount' }]],
      ['an entry naming nothing', [{ detail: 'a' }]],
      ['an entry naming two places', [{ detail: 'a', pointer: '#/amount', header: 'sca-token' }]],
      ['a pointer that is not a URI fragment', [{ detail: 'a', pointer: '/amount/value' }]],
    ])('should refuse %s', (_, errors) => {
      expect(validate()(JSON.parse(JSON.stringify(withErrors(errors))))).toBe(false);
    });
  });
});

describe('the examples of spec/order-processing.yaml', () => {
  interface Media {
    examples?: Record<string, { value: unknown }>;
  }
  interface Operation {
    operationId: string;
    requestBody?: { content: Record<string, Media> };
    responses: Record<string, { content?: Record<string, Media> }>;
  }
  type Example = { operationId: string; where: string; name: string; value: unknown };
  async function examples(): Promise<Example[]> {
    const document = (await SwaggerParser.dereference(
      structuredClone(await readSpec('order-processing')) as never,
    )) as unknown as { paths: Record<string, Record<string, Operation>> };
    const out: Example[] = [];
    for (const item of Object.values(document.paths)) {
      for (const method of httpMethods) {
        const op = item[method];
        if (op === undefined) continue;
        for (const [name, e] of Object.entries(op.requestBody?.content['application/json']?.examples ?? {})) {
          out.push({ operationId: op.operationId, where: 'request', name, value: e.value });
        }
        for (const [status, response] of Object.entries(op.responses)) {
          for (const [type, media] of Object.entries(response.content ?? {})) {
            for (const [name, e] of Object.entries(media.examples ?? {})) {
              out.push({ operationId: op.operationId, where: `${status} ${type}`, name, value: e.value });
            }
          }
        }
      }
    }
    return out;
  }

  it('should validate every example against its schema', async () => {
    const all = await examples();
    for (const { operationId, where, name, value } of all) {
      const validate =
        where === 'request'
          ? bodyValidator(operationId)
          : responseValidator(operationId, where.split(' ')[0] ?? '', where.split(' ')[1] ?? '');
      expect(validate(value), `${operationId} ${where} ${name}: ${JSON.stringify(validate.errors)}`).toBe(
        true,
      );
    }
    // A request example per POST, a success example per operation, and the shared problems.
    expect(all.filter((e) => e.where === 'request').length).toBeGreaterThanOrEqual(6);
    expect(all.filter((e) => e.where.startsWith('200')).length).toBeGreaterThanOrEqual(8);
    expect(all.length).toBeGreaterThanOrEqual(40);
  });

  // bnpl-kit's own illustrations follow OP-D-16 to the penny; the public sample does not.
  it.each([
    ['SpendOptionsForProduct', 'basket100', 100],
    ['SpendOptionsForCustomerRef', 'promotional', 600],
  ])('should follow the illustration arithmetic in %s example %s', async (operationId, name, basket) => {
    const example = (await examples()).find(
      (e) => e.operationId === operationId && e.name === name && e.where.startsWith('200'),
    );
    expect(example, `${operationId} example ${name}`).toBeDefined();
    const options = (example?.value as { options: SpendOptionLike[] } | undefined)?.options ?? [];
    const illustrated = options.filter((o) => o.illustration !== undefined);
    expect(illustrated.length).toBeGreaterThan(0);
    for (const option of illustrated)
      expect(illustrate(basket, option), option.name).toEqual(option.illustration);
  });
});

interface AmountLike {
  value: number;
  currencyCode: string;
}
interface SpendOptionLike {
  name: string;
  interestRate: number;
  duration?: number;
  illustration?: { monthlyPayment: AmountLike; interestToPay: AmountLike; totalRepayable: AmountLike };
}

/** OP-D-16 in pence: simple interest over the term, rounded half up; instalments rounded up. */
function illustrate(basketPounds: number, option: SpendOptionLike) {
  const parsed = parseMajor(basketPounds, 'GBP');
  if (!parsed.ok || option.duration === undefined) throw new Error('not an instalment option');
  const basket = parsed.money.minor;
  // The rate has at most a few decimals: scale it to an integer so no float rounding moves a penny.
  const rateMillionths = Math.round(option.interestRate * 1_000_000);
  const interest = Math.floor((basket * rateMillionths * option.duration + 6_000_000) / 12_000_000);
  const total = basket + interest;
  const gbp = (pence: number) => ({ value: pence / 100, currencyCode: 'GBP' });
  return {
    monthlyPayment: gbp(Math.ceil(total / option.duration)),
    interestToPay: gbp(interest),
    totalRepayable: gbp(total),
  };
}

describe('the public samples (test/fixtures/order-processing-examples.ts)', () => {
  const label = (s: PublicSample) => `${s.source} ${s.operationId} ${s.kind}`;
  const named = publicSamples.map((s) => [label(s), s] as const);

  /** Everything the spec can say against a published request or body, as messages. */
  function complaints(sample: PublicSample, published: ReturnType<typeof corrected>): string[] {
    const op = operation(sample.operationId);
    const out: string[] = [];
    if (published.text !== undefined) {
      let body: unknown;
      try {
        body = JSON.parse(published.text);
      } catch {
        return ['not JSON'];
      }
      const validate =
        sample.kind === 'request'
          ? bodyValidator(sample.operationId)
          : responseValidator(sample.operationId, '200', 'application/json');
      if (!validate(body)) out.push(`schema: ${JSON.stringify(validate.errors)}`);
    }
    if (published.url !== undefined) {
      const url = new URL(published.url);
      const template = new RegExp(`^${op.fullPathTemplate.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`);
      const match = template.exec(url.pathname);
      if (match === null) out.push(`url: ${url.pathname} is not ${op.fullPathTemplate}`);
      else if (!op.validatePath(coercePathParameters(op, match.groups ?? {})))
        out.push('url: path parameters');
      for (const [name, value] of url.searchParams) {
        const declared = op.parameters.find((p) => p.in === 'query' && p.name === name);
        if (declared === undefined) out.push(`query: ${name} is not declared`);
        else if (!acceptsRaw(declared, value)) out.push(`query: ${name}=${value}`);
      }
      for (const p of op.parameters.filter((q) => q.in === 'query' && q.required)) {
        if (!url.searchParams.has(p.name)) out.push(`query: ${p.name} missing`);
      }
    }
    if (published.headers !== undefined) {
      const headers = new Map(Object.entries(published.headers).map(([k, v]) => [k.toLowerCase(), v]));
      for (const p of op.parameters.filter((q) => q.in === 'header')) {
        const value = headers.get(p.name.toLowerCase());
        if (value === undefined) {
          if (p.required) out.push(`headers: ${p.name} missing`);
        } else if (!acceptsRaw(p, value)) out.push(`headers: ${p.name}: ${value}`);
      }
      if (!headers.get('ocp-apim-subscription-key')) out.push('headers: Ocp-Apim-Subscription-Key missing');
    }
    return out;
  }

  it('should hold the samples of S4, S5, S6 and S9, a request and an answer each', () => {
    expect(new Set(publicSamples.map((s) => s.source))).toEqual(new Set(['S4', 'S5', 'S6', 'S9']));
    expect(publicSamples.filter((s) => s.kind === 'request').length).toBeGreaterThanOrEqual(6);
    expect(publicSamples.filter((s) => s.kind === 'response').length).toBeGreaterThanOrEqual(6);
  });

  it.each(named)('should accept %s once its errata are corrected', (_, sample) => {
    expect(complaints(sample, corrected(sample))).toEqual([]);
  });

  it.each(named.filter(([, s]) => s.errata.some((e) => e.breaks !== 'nothing')))(
    'should keep the errata of %s visible: as published it breaks what they say',
    (_, sample) => {
      const asPublished = complaints(sample, sample);
      for (const erratum of sample.errata.filter((e) => e.breaks !== 'nothing')) {
        const kind = erratum.breaks === 'json' ? 'not JSON' : `${erratum.breaks}:`;
        expect(
          asPublished.some((c) => c.startsWith(kind)),
          `${erratum.says}: ${asPublished.join('; ')}`,
        ).toBe(true);
      }
      for (const erratum of sample.errata.filter((e) => e.breaks !== 'nothing')) {
        expect(erratum.fix, erratum.says).toBeDefined();
      }
    },
  );

  it('should keep the S4 erratum: Authorised together with a declineReason', () => {
    const s4 = publicSamples.find((s) => s.source === 'S4' && s.kind === 'response');
    const body = JSON.parse(s4?.text ?? '{}');
    expect(body).toMatchObject({ result: 'Authorised', declineReason: expect.any(String) });
    expect(JSON.parse(corrected(s4 as PublicSample).text ?? '{}')).not.toHaveProperty('declineReason');
  });

  it.each(named.filter(([, s]) => s.operationId === 'SpendOptionsForCustomerRef' && s.kind === 'response'))(
    'should keep the arithmetic erratum of %s: its figures do not add up',
    (_, sample) => {
      const request = publicSamples.find((s) => s.source === sample.source && s.kind === 'request');
      const basket = Number(new URL(request?.url ?? 'http://x/').searchParams.get('basketAmount'));
      expect(basket).toBe(100);
      const options = (JSON.parse(sample.text ?? '{}') as { options: SpendOptionLike[] }).options;
      for (const option of options) {
        const { monthlyPayment, interestToPay, totalRepayable } = option.illustration ?? {};
        const instalments = (monthlyPayment?.value ?? 0) * (option.duration ?? 0);
        const adds = basket + (interestToPay?.value ?? 0) === totalRepayable?.value;
        expect(instalments === totalRepayable?.value && adds, option.name).toBe(false);
        expect(illustrate(basket, option), option.name).not.toEqual(option.illustration);
      }
    },
  );
});

describe('money in spec/order-processing.yaml', () => {
  const validBodies: Record<string, Record<string, unknown>> = {
    Initiate: { amount: { value: 25, currencyCode: 'GBP' } },
    Authorise: { amount: { value: 50, currencyCode: 'GBP' }, orderReference: '0000123456' },
    UpwardAdjustment: { amount: { value: 10, currencyCode: 'GBP' } },
    Settle: { amount: { value: 50, currencyCode: 'GBP' } },
    Reverse: { amount: { value: 50, currencyCode: 'GBP' } },
    Refund: { amount: { value: 50, currencyCode: 'GBP' } },
  };
  const withAmount = (operationId: string, amount: unknown) => ({ ...validBodies[operationId], amount });

  const refused: [string, unknown, string][] = [
    ['0', { value: 0, currencyCode: 'GBP' }, '#/amount/value'],
    ['a negative value', { value: -1, currencyCode: 'GBP' }, '#/amount/value'],
    ['0.001', { value: 0.001, currencyCode: 'GBP' }, '#/amount/value'],
    ['three decimals', { value: 10.123, currencyCode: 'GBP' }, '#/amount/value'],
    ['100000.01', { value: 100000.01, currencyCode: 'GBP' }, '#/amount/value'],
    ['a string', { value: '10.00', currencyCode: 'GBP' }, '#/amount/value'],
    ['currency USD', { value: 10, currencyCode: 'USD' }, '#/amount/currencyCode'],
    ['no currency', { value: 10 }, '#/amount/currencyCode'],
    ['a bare number', 10, '#/amount'],
    ['no amount', undefined, '#/amount'],
  ];
  const cases = postOperations.flatMap((id) =>
    refused.map(([what, amount, at]) => [id, what, amount, at] as const),
  );

  it.each(cases)('should make %s refuse an amount of %s, pointing at it', (operationId, _, amount, at) => {
    const validate = bodyValidator(operationId);
    expect(validate(validBodies[operationId]), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(withAmount(operationId, amount))))).toBe(false);
    expect(pointers(validate.errors)).toEqual([at]);
  });

  it.each([0.01, 0.07, 1.13, 19.99, 333.33, 100000])('should accept the request amount %s', (value) => {
    for (const operationId of postOperations) {
      const validate = bodyValidator(operationId);
      expect(validate(withAmount(operationId, { value, currencyCode: 'GBP' })), operationId).toBe(true);
    }
  });

  it('should accept 0 in an answer (Amount) but not in a request (AmountRequest)', () => {
    const amount = validatorOf(componentSchema(spec.document, 'Amount'));
    const amountRequest = validatorOf(componentSchema(spec.document, 'AmountRequest'));
    const zero = { value: 0, currencyCode: 'GBP' };
    expect(amount(zero)).toBe(true);
    expect(amountRequest(zero)).toBe(false);
    expect(amountRequest({ value: 0.01, currencyCode: 'GBP' })).toBe(true);
    // and through the operations: a reversal may leave 0, a settlement may not ask for 0
    expect(
      responseValidator(
        'Reverse',
        '200',
        'application/json',
      )({ authorisationReversalId: uuid, remainingFloat: zero }),
    ).toBe(true);
    expect(bodyValidator('Settle')({ amount: zero })).toBe(false);
    // an answer keeps the 2-decimal rule and GBP
    expect(amount({ value: 0.001, currencyCode: 'GBP' })).toBe(false);
    expect(amount({ value: 1, currencyCode: 'EUR' })).toBe(false);
  });

  it('should state every double with x-bnpl-max-decimals 2, never multipleOf, and give rates no format', async () => {
    const raw = await readSpec('order-processing');
    const doubles: SchemaObject[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node !== null && typeof node === 'object') {
        const schema = node as SchemaObject;
        if (schema.format === 'double') doubles.push(schema);
        Object.values(schema).forEach(visit);
      }
    };
    visit(raw);
    expect(doubles.length).toBeGreaterThanOrEqual(2);
    for (const schema of doubles) {
      expect(schema['x-bnpl-max-decimals']).toBe(2);
      expect(schema).not.toHaveProperty('multipleOf');
    }
    expect(componentSchema(spec.document, 'Rate')).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
    expect(componentSchema(spec.document, 'Rate')).not.toHaveProperty('format');
  });

  it.each([
    ['0', false],
    ['0.001', false],
    ['100000.01', false],
    ['ten', false],
    ['', false],
    ['0.01', true],
    ['100', true],
    ['99.99', true],
    ['100000', true],
  ])('should take basketAmount=%j: %s', (raw, ok) => {
    for (const operationId of ['SpendOptionsForProduct', 'SpendOptionsForCustomerRef']) {
      expect(acceptsRaw(parameter(operationId, 'query', 'basketAmount'), raw), operationId).toBe(ok);
    }
  });
});

describe('request bodies of spec/order-processing.yaml', () => {
  it.each(postOperations)('should let %s accept a member it does not know', (operationId) => {
    const validate = bodyValidator(operationId);
    const body = {
      amount: { value: 50, currencyCode: 'GBP', note: 'x' },
      orderReference: 'o-1',
      treatmentId: 'x',
    };
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['Authorise', { amount: { value: 50, currencyCode: 'GBP' } }, '#/orderReference'],
    ['Authorise', { amount: { value: 50, currencyCode: 'GBP' }, orderReference: '' }, '#/orderReference'],
    [
      'Authorise',
      { amount: { value: 50, currencyCode: 'GBP' }, orderReference: 'o', spendOptionId: 'x' },
      '#/spendOptionId',
    ],
    [
      'Authorise',
      { amount: { value: 50, currencyCode: 'GBP' }, orderReference: 'x'.repeat(257) },
      '#/orderReference',
    ],
    [
      'Initiate',
      { amount: { value: 50, currencyCode: 'GBP' }, exemptionOverride: 'yes' },
      '#/exemptionOverride',
    ],
    ['Settle', { amount: { value: 50, currencyCode: 'GBP' }, description: 'x'.repeat(257) }, '#/description'],
    ['Refund', [], '#'],
  ])('should make %s refuse %j, pointing at %s', (operationId, body, at) => {
    const validate = bodyValidator(operationId);
    expect(validate(body)).toBe(false);
    expect(pointers(validate.errors)).toEqual([at]);
  });
});

describe('the conditional members of spec/order-processing.yaml', () => {
  const initiate = () => responseValidator('Initiate', '200', 'application/json');
  const widgetUrl = 'http://127.0.0.1:4010/_sandbox/pages/order-processing/newpay/identity?scaToken=t';

  it.each([
    [
      'AuthenticationRequired with widgetUrl',
      { scaStatus: 'AuthenticationRequired', scaToken: 't', widgetUrl },
      true,
    ],
    [
      'AuthenticationRequired without widgetUrl',
      { scaStatus: 'AuthenticationRequired', scaToken: 't' },
      false,
    ],
    ['Exempt without widgetUrl', { scaStatus: 'Exempt', scaToken: 't' }, true],
    ['Exempt with widgetUrl', { scaStatus: 'Exempt', scaToken: 't', widgetUrl }, false],
    ['an unknown scaStatus', { scaStatus: 'Required', scaToken: 't' }, false],
  ])('should hold widgetUrl exactly when authentication is required: %s', (_, body, ok) => {
    expect(initiate()(body)).toBe(ok);
  });

  it.each(['Authorise', 'UpwardAdjustment'])(
    'should hold declineReason exactly when %s declines',
    (operationId) => {
      const validate = responseValidator(operationId, '200', 'application/json');
      const reason = 'Declined (Please speak to your credit issuer)';
      expect(validate({ authorisationId: uuid, result: 'Declined', declineReason: reason })).toBe(true);
      expect(validate({ authorisationId: uuid, result: 'Declined' })).toBe(false);
      expect(validate({ authorisationId: uuid, result: 'Authorised' })).toBe(true);
      expect(validate({ authorisationId: uuid, result: 'Authorised', declineReason: reason })).toBe(false);
    },
  );

  const option = {
    name: '6 Month spend option',
    description: 'A 6 month instalment spend option',
    offerId: '71b17112-4762-407b-aefb-374dd4fcdb64',
    offerCode: 'six',
    offerStatus: 'Active',
    offerSource: 'Product',
    spendType: 'Instalment',
    interestRate: 0,
    duration: 6,
    illustration: {
      monthlyPayment: { value: 16.67, currencyCode: 'GBP' },
      interestToPay: { value: 0, currencyCode: 'GBP' },
      totalRepayable: { value: 100, currencyCode: 'GBP' },
    },
    endDate: '2027-12-31T23:59:59+00:00',
    settlementPercentage: 0.05,
    refundPercentage: 0.1,
    chargebackPercentage: 0.1,
  };
  const without = (o: Record<string, unknown>, ...keys: string[]) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
  const purchase = {
    ...without(option, 'duration', 'illustration', 'offerStatus', 'offerSource'),
    spendType: 'Purchase',
  };

  it.each([
    ['an Instalment option with every member', 'SpendOptionsForProduct', option, true],
    [
      'an Instalment option without illustration',
      'SpendOptionsForProduct',
      without(option, 'illustration'),
      false,
    ],
    ['an Instalment option without duration', 'SpendOptionsForProduct', without(option, 'duration'), false],
    [
      'an Instalment option without offerSource',
      'SpendOptionsForProduct',
      without(option, 'offerSource'),
      false,
    ],
    ['a Purchase option without instalment members', 'SpendOptionsForProduct', purchase, true],
    [
      'a Purchase option with an illustration (as S6)',
      'SpendOptionsForProduct',
      { ...option, spendType: 'Purchase' },
      true,
    ],
    [
      'a product option with a spendOptionId',
      'SpendOptionsForProduct',
      { ...option, spendOptionId: uuid },
      false,
    ],
    [
      'a customer option with a spendOptionId',
      'SpendOptionsForCustomerRef',
      { ...option, spendOptionId: uuid },
      true,
    ],
    ['a customer option without a spendOptionId', 'SpendOptionsForCustomerRef', option, false],
    ['an interestRate above 1', 'SpendOptionsForProduct', { ...option, interestRate: 19.9 }, false],
  ])('should take %s: %s', (_, operationId, candidate, ok) => {
    const validate = responseValidator(operationId, '200', 'application/json');
    expect(validate({ options: [candidate] }), JSON.stringify(validate.errors)).toBe(ok);
  });
});

describe('parameters of spec/order-processing.yaml', () => {
  it.each(decidedHeaders)(
    'should give %s exactly the decided header parameters, all required',
    (operationId, names) => {
      const headers = operation(operationId).parameters.filter((p) => p.in === 'header');
      expect(headers.map((p) => p.name).sort()).toEqual([...names].sort());
      for (const header of headers) expect(header.required, header.name).toBe(true);
    },
  );

  it.each([
    [
      'SpendOptionsForProduct',
      ['basketAmount', 'orderBy', 'productId', 'promoOnly', 'spendType', 'zeroPercentOnly'],
    ],
    ['SpendOptionsForCustomerRef', ['basketAmount', 'orderBy', 'promoOnly', 'spendType', 'zeroPercentOnly']],
  ])('should give %s exactly the decided query parameters', (operationId, names) => {
    const query = operation(operationId).parameters.filter((p) => p.in === 'query');
    expect(query.map((p) => p.name).sort()).toEqual(names);
    expect(
      query
        .filter((p) => p.required)
        .map((p) => p.name)
        .sort(),
    ).toEqual(operationId === 'SpendOptionsForProduct' ? ['basketAmount', 'productId'] : ['basketAmount']);
  });

  it('should require the subscription key on every operation as an apiKey header, not as a parameter', async () => {
    const raw = (await readSpec('order-processing')) as unknown as {
      security: unknown;
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(raw.security).toEqual([{ subscriptionKey: [] }]);
    expect(raw.components.securitySchemes.subscriptionKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Ocp-Apim-Subscription-Key',
    });
    for (const item of Object.values(raw.paths)) {
      for (const op of Object.values(item)) expect(op.security).toBeUndefined();
    }
    for (const op of spec.operations.values()) {
      expect(op.parameters.some((p) => p.name.toLowerCase() === 'ocp-apim-subscription-key')).toBe(false);
    }
  });

  it.each([
    ['context-merchantId', 'bf62723f-f664-4527-b95b-4dfee33e427d', true],
    ['context-merchantId', 'BF62723F-F664-4527-B95B-4DFEE33E427D', true],
    ['context-merchantId', 'merchant-1', false],
    ['context-merchantId', 'urn:uuid:bf62723f-f664-4527-b95b-4dfee33e427d', false],
    ['context-tenantId', 'SOME_STRING_VALUE', true],
    ['context-tenantId', '', false],
    ['context-tenantId', 'x'.repeat(64), true],
    ['context-tenantId', 'x'.repeat(65), false],
    ['client-session-id', 'x'.repeat(128), true],
    ['client-session-id', 'x'.repeat(129), false],
    ['client-session-id', '', false],
    ['idempotency-key', 'EE735673-05F2-4C56-8A68-60170BDA4524', true],
    ['idempotency-key', 'ee735673-05f2-4c56-8a68-60170bda4524', true],
    ['idempotency-key', 'EE735673-05F2-4C56-8A68', false],
    ['customer-access-token', 'SOME_STRING_VALUE', true],
    ['customer-access-token', '', false],
    ['sca-token', 'SOME_STRING_VALUE', true],
    ['sca-token', '', false],
  ])('should give header %s the value %j: %s', (name, value, ok) => {
    expect(acceptsRaw(parameter('Authorise', 'header', name), value)).toBe(ok);
  });

  it.each([
    ['Authorise', 'customerRef', '123456789', true],
    ['Authorise', 'customerRef', '4vMgYYLnQJ', true],
    ['Authorise', 'customerRef', 'x'.repeat(65), false],
    ['Authorise', 'customerRef', 'has space', false],
    ['Settle', 'authorisationId', uuid, true],
    ['Settle', 'authorisationId', '42', false],
    ['Refund', 'transactionId', uuid.toUpperCase(), true],
    ['Refund', 'transactionId', 'tx-1', false],
  ])('should give %s path parameter %s the value %j: %s', (operationId, name, value, ok) => {
    const op = operation(operationId);
    const others = Object.fromEntries(
      op.pathParameters.map((p) => [p.name, p.name === 'customerRef' ? '123456789' : uuid]),
    );
    expect(op.validatePath(coercePathParameters(op, { ...others, [name]: value }))).toBe(ok);
  });

  it.each([
    ['productId', 'default', true],
    ['productId', 'bad id', false],
    ['promoOnly', 'true', true],
    ['promoOnly', 'yes', false],
    ['zeroPercentOnly', 'false', true],
    ['spendType', 'Instalment', true],
    ['spendType', 'Purchase', true],
    ['spendType', 'BNPL', false],
    ['orderBy', 'InstalmentPaymentAmount', true],
    ['orderBy', 'interestRate', false],
  ])('should give query parameter %s the value %j: %s', (name, value, ok) => {
    expect(acceptsRaw(parameter('SpendOptionsForProduct', 'query', name), value)).toBe(ok);
  });
});

describe('spec/order-processing.DECISIONS.md', () => {
  it('should number its decisions OP-D-01 onwards without gaps, each with question, decision, reason and kit accepts', async () => {
    const text = await readFile(path.join(specDir, 'order-processing.DECISIONS.md'), 'utf8');
    const rows = text.split('\n').filter((line) => /^\| OP-D-\d\d /.test(line));
    const ids = rows.map((row) => row.split('|')[1]?.trim());
    expect(ids.length).toBeGreaterThanOrEqual(30);
    expect(ids).toEqual(ids.map((_, i) => `OP-D-${String(i + 1).padStart(2, '0')}`));
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length, row.slice(0, 20)).toBe(7);
  });

  it('should define every decision the contracts cite, and every Decision in the spec should cite one', async () => {
    const decisions = await readFile(path.join(specDir, 'order-processing.DECISIONS.md'), 'utf8');
    const defined = new Set([...decisions.matchAll(/^\| (OP-D-\d\d) /gm)].map((m) => m[1]));
    const op = await readFile(path.join(specDir, 'order-processing.yaml'), 'utf8');
    const sandboxText = await readFile(path.join(specDir, 'sandbox-control.yaml'), 'utf8');
    const cited = [...`${op}\n${sandboxText}`.matchAll(/OP-D-(\d\d)/g)].map((m) => `OP-D-${m[1]}`);
    expect(cited.length).toBeGreaterThan(20);
    for (const id of cited) expect(defined.has(id), id).toBe(true);
    // Every "**Decision" in the spec names its id within the same sentence.
    for (const match of op.matchAll(/\*\*Decisions?\*\*[^.]*/g)) {
      expect(match[0], match[0]).toMatch(/OP-D-\d\d/);
    }
  });
});

describe('spec/sandbox-control.yaml: the Order Processing paths', () => {
  it.each([
    [
      'issueCustomerAccessToken',
      'post',
      '/_sandbox/order-processing/customers/{customerRef}/access-token',
      ['200', '400', '503'],
    ],
    ['completeSca', 'post', '/_sandbox/order-processing/sca/complete', ['200', '400', '404', '409', '503']],
    ['failSca', 'post', '/_sandbox/order-processing/sca/fail', ['200', '400', '404', '409', '503']],
    [
      'getOrderProcessingAuthorisation',
      'get',
      '/_sandbox/order-processing/merchants/{merchantId}/authorisations/{authorisationId}',
      ['200', '400', '404', '503'],
    ],
    [
      'getOrderProcessingCustomer',
      'get',
      '/_sandbox/order-processing/customers/{customerRef}',
      ['200', '400', '503'],
    ],
  ])('should define %s as %s %s', (operationId, method, pathTemplate, statuses) => {
    const op = sandbox.operations.get(operationId);
    expect(op).toMatchObject({ method, pathTemplate, section: 'sandbox' });
    expect([...(op?.responses.keys() ?? [])].sort()).toEqual(statuses);
  });

  it("should keep the first API's sandbox paths", () => {
    for (const id of [
      'choosePaymentMethod',
      'approve',
      'decline',
      'fail',
      'reset',
      'listRequests',
      'listTriggers',
    ]) {
      expect(sandbox.operations.has(id), id).toBe(true);
    }
  });

  const opProblem = (name: string, status: number) => ({
    type: `${problemBase}${name}`,
    title: 'A title',
    status,
    detail: 'What went wrong.',
    instance: 'urn:uuid:215d4206-ca35-4f43-85ad-169c8f6d4ec1',
    ...(status === 400 ? { errors: [{ detail: 'Must be a UUID.', parameter: 'merchantId' }] } : {}),
  });
  const ledgerProblem = {
    Type: 'ledger/bnpl-payment-order/v1/problems/validation',
    Title: 'A validation error occurred',
    Status: 400,
    Instance: '215d4206-ca35-4f43-85ad-169c8f6d4ec1',
    Detail: 'A validation error occurred.',
    Problems: { ownerNo: ['Bad.'] },
  };

  it.each([
    ['issueCustomerAccessToken', '400', 'validation'],
    ['completeSca', '404', 'not-found'],
    ['completeSca', '409', 'sca-token-finished'],
    ['failSca', '409', 'sca-token-finished'],
    ['getOrderProcessingAuthorisation', '404', 'not-found'],
    ['getOrderProcessingCustomer', '400', 'validation'],
  ])('should make %s answer %s in the Order Processing format (%s)', (operationId, status, name) => {
    const validate = responseValidator(operationId, status, 'application/problem+json');
    expect(validate(opProblem(name, Number(status))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(ledgerProblem)).toBe(false);
  });

  it.each(['reset', 'listRequests'])(
    'should let %s answer a 400 in either format, by the variant named',
    (id) => {
      const validate = responseValidator(id, '400', 'application/problem+json');
      expect(validate(ledgerProblem)).toBe(true);
      expect(validate(opProblem('validation', 400))).toBe(true);
      expect(validate({ ...opProblem('validation', 400), type: 'validation' })).toBe(false);
    },
  );

  it.each([
    [{}, true],
    [{ ownerNo: '1' }, true],
    [{ merchantId: 'bf62723f-f664-4527-b95b-4dfee33e427d' }, true],
    [{ ownerNo: '1', merchantId: 'bf62723f-f664-4527-b95b-4dfee33e427d' }, false],
    [{ merchantId: 'merchant-1' }, false],
    [{ tenant: 'x' }, false],
  ])('should make reset take %j: %s', (body, ok) => {
    expect(bodyValidator('reset')(body)).toBe(ok);
  });

  it('should let the journal be filtered by merchantId', () => {
    const merchantId = operation('listRequests').parameters.find((p) => p.name === 'merchantId');
    expect(merchantId).toMatchObject({ in: 'query', required: false });
    expect(acceptsRaw(merchantId as CompiledParameter, 'bf62723f-f664-4527-b95b-4dfee33e427d')).toBe(true);
    expect(acceptsRaw(merchantId as CompiledParameter, 'nope')).toBe(false);
  });

  it("should take the merchant of a customer's credit from the query or the context-merchantId header", () => {
    expect(parameter('getOrderProcessingCustomer', 'query', 'merchantId')).toMatchObject({ required: false });
    expect(parameter('getOrderProcessingCustomer', 'header', 'context-merchantId')).toMatchObject({
      required: false,
    });
  });

  it("should show an authorisation with Amounts that may be 0 and a customer's credit", () => {
    const gbp = (value: number) => ({ value, currencyCode: 'GBP' });
    const authorisation = responseValidator('getOrderProcessingAuthorisation', '200', 'application/json');
    const declined = {
      authorisationId: uuid,
      customerRef: 'always-declined',
      result: 'Declined',
      declineReason: 'Declined (Account closed)',
      authorised: gbp(0),
      settled: gbp(0),
      reversed: gbp(0),
      remainingFloat: gbp(0),
      transactions: [],
    };
    expect(authorisation(declined), JSON.stringify(authorisation.errors)).toBe(true);
    expect(authorisation({ ...declined, settled: gbp(0.001) })).toBe(false);
    expect(authorisation({ ...declined, transactions: [{ transactionId: uuid, settled: gbp(5) }] })).toBe(
      false,
    );
    const customer = responseValidator('getOrderProcessingCustomer', '200', 'application/json');
    const credit = {
      customerRef: '123456789',
      merchantId: uuid,
      creditLimit: gbp(5000),
      availableCredit: gbp(5000),
    };
    expect(customer(credit)).toBe(true);
    expect(customer({ ...credit, availableCredit: 5000 })).toBe(false);
  });

  it('should take an SCA token to complete or fail, and nothing else', () => {
    for (const id of ['completeSca', 'failSca']) {
      const validate = bodyValidator(id);
      expect(validate({ scaToken: 't' })).toBe(true);
      expect(validate({})).toBe(false);
      expect(validate({ scaToken: '' })).toBe(false);
      expect(validate({ scaToken: 't', code: '123456' })).toBe(false);
    }
  });
});
