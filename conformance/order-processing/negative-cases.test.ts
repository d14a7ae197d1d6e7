// The negative cases follow the contract: each breaks exactly what it says, by the
// contract's own validators; an edited copy of the contract (another maximum, another
// currency, an extra required header, another id format) changes exactly the cases it
// should; and every case the suite once wrote by hand is still derived.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CompiledOperation,
  coerce,
  coercePathParameters,
  compileDocument,
  type OpenApiDocument,
  readSpec,
} from '../../lib/openapi.ts';
import { deriveNegativeCases, type NegativeCase, negativeOperations, type Sent } from './negative-cases.ts';
import { amount, authoriseBody, initiateBody, refundBody, settleBody } from './requests.ts';
import { loadOrderProcessingSpec, type OpSpec, orderProcessingSpecOf } from './spec.ts';

let spec: OpSpec;
let cases: NegativeCase[];
beforeAll(async () => {
  spec = await loadOrderProcessingSpec();
  cases = deriveNegativeCases(spec);
});

/** An edited copy of the contract, loaded as the kit loads the real one. */
async function editedSpec(edit: (document: EditableDocument) => void): Promise<OpSpec> {
  const document = structuredClone(await readSpec('order-processing')) as unknown as EditableDocument;
  edit(document);
  return orderProcessingSpecOf(
    await compileDocument('order-processing', document as unknown as OpenApiDocument),
  );
}

interface EditableDocument {
  paths: Record<string, Record<string, { parameters: unknown[] }>>;
  components: { schemas: Record<string, Record<string, unknown>>; parameters: Record<string, unknown> };
}

/** Which parts of a case's request the contract refuses: body, headers, query, path. */
function refusedParts(operation: CompiledOperation, send: Sent): string[] {
  const refused: string[] = [];
  if (send.raw === undefined && operation.body !== undefined && !operation.body.validate(send.body))
    refused.push('body');
  const headers: Record<string, string> = {};
  for (const p of operation.parameters.filter((p) => p.in === 'header'))
    headers[p.name] = p.schema.format === 'uuid' ? randomUUID() : 'x';
  for (const name of send.omit ?? []) delete headers[name];
  if (operation.validateHeaders?.({ ...headers, ...send.headers }) === false) refused.push('headers');
  const query: Record<string, unknown> = {};
  for (const p of operation.parameters.filter((p) => p.in === 'query')) {
    const value = send.query?.[p.name];
    if (value !== undefined) query[p.name] = coerce(p.schema, value);
  }
  if (operation.validateQuery?.(query) === false) refused.push('query');
  const params = {
    customerRef: '123456789',
    authorisationId: randomUUID(),
    transactionId: randomUUID(),
    ...send.params,
  };
  if (!operation.validatePath(coercePathParameters(operation, params))) refused.push('path');
  return refused;
}

describe('deriveNegativeCases', () => {
  it('should have a valid request for every operation of the contract, and only for those', () => {
    const valid = negativeOperations.map((op) => [
      op.operationId,
      refusedParts(spec.operation(op.operationId), {
        ...(op.body === undefined ? {} : { body: op.body }),
        ...(op.query === undefined ? {} : { query: op.query }),
      }),
    ]);

    expect(negativeOperations.map((op) => op.operationId).sort()).toEqual(
      [...spec.compiled.operations.keys()].sort(),
    );
    expect(valid).toEqual(negativeOperations.map((op) => [op.operationId, []]));
  });

  it('should break exactly the part each check is about, by the contract', () => {
    const part: Record<string, string[]> = {
      'OP-NEG-001': ['body'],
      'OP-NEG-002': ['body'],
      'OP-NEG-006': ['body'],
      'OP-NEG-007': ['headers'],
      'OP-NEG-008': ['query'],
      'OP-NEG-004': ['path'],
      'OP-NEG-009': [],
    };

    const wrong = cases
      .filter((c) => part[c.checkId] !== undefined)
      .map((c) => ({ case: c, refused: refusedParts(spec.operation(c.operationId), c.send) }))
      .filter(({ case: c, refused }) => !isDeepStrictEqual(refused, part[c.checkId]))
      .map(({ case: c, refused }) => `${c.description}: refused ${refused.join(', ') || 'nothing'}`);

    expect(wrong).toEqual([]);
  });

  it('should send the cases a target takes last, so an adjustment read as a new total changes no other case', () => {
    const taken = cases.map((c) => c.pass === '2xx');

    expect(taken.indexOf(true)).toBe(taken.lastIndexOf(false) + 1);
    expect(cases.filter((c) => c.pass === '2xx').map((c) => c.checkId)).toEqual(
      negativeOperations.filter((op) => op.body !== undefined).map(() => 'OP-NEG-009'),
    );
  });

  it('should name each case once (reports tell cases apart by their description)', () => {
    const descriptions = cases.map((c) => c.description);

    expect(new Set(descriptions).size).toBe(descriptions.length);
  });

  it('should follow an edited contract: another maximum and currency, an extra required header, another id format', async () => {
    const edited = await editedSpec((document) => {
      document.components.schemas.MoneyValueRequest = {
        ...document.components.schemas.MoneyValueRequest,
        maximum: 5000,
      };
      document.components.schemas.CurrencyCode = { type: 'string', enum: ['GBP', 'EUR'] };
      document.components.parameters.transactionId = {
        name: 'transactionId',
        in: 'path',
        required: true,
        schema: { type: 'string', pattern: '^[0-9]{1,12}$' },
      };
      document.paths['/merchant/{customerRef}/authorisation/{authorisationId}/settle']?.post?.parameters.push(
        {
          name: 'x-request-id',
          in: 'header',
          required: true,
          schema: { $ref: '#/components/schemas/Uuid' },
        },
      );
    });
    const before = new Set(cases.map((c) => c.description));
    const derived = deriveNegativeCases(edited);
    const after = new Set(derived.map((c) => c.description));
    const bodies = ['Initiate', 'Authorise', 'UpwardAdjustment', 'Settle', 'Reverse', 'Refund'];
    const spendOptions = ['SpendOptionsForCustomerRef', 'SpendOptionsForProduct'];

    const added = [...after].filter((d) => !before.has(d)).sort();
    const removed = [...before].filter((d) => !after.has(d)).sort();

    expect(added).toEqual(
      [
        ...bodies.map((op) => `${op} with amount.value 5000.01 (over the maximum 5000)`),
        ...bodies.map((op) => `${op} with amount in USD`),
        ...spendOptions.map((op) => `${op} with basketAmount=5000.01`),
        'Settle without x-request-id',
        'Settle with x-request-id "not-a-uuid"',
        'Settle with x-request-id "12345"',
        'Refund on transactionId "not a ref!"',
      ].sort(),
    );
    expect(removed).toEqual(
      [
        ...bodies.map((op) => `${op} with amount.value 100000.01 (over the maximum 100000)`),
        ...bodies.map((op) => `${op} with amount in EUR`),
        ...spendOptions.map((op) => `${op} with basketAmount=100000.01`),
        'Refund on transactionId "not-a-uuid"',
        'Refund on transactionId "12345"',
      ].sort(),
    );
    const over = derived.find(
      (c) => c.description === 'Settle with amount.value 5000.01 (over the maximum 5000)',
    );
    expect(over).toMatchObject({
      checkId: 'OP-NEG-006',
      send: { body: { amount: { value: 5000.01, currencyCode: 'GBP' } } },
    });
    expect(derived.find((c) => c.description === 'Settle without x-request-id')).toMatchObject({
      checkId: 'OP-NEG-007',
      pass: [400],
      names: { header: 'x-request-id' },
      send: { omit: ['x-request-id'] },
    });
    expect(derived.find((c) => c.description === 'Refund with amount in USD')?.checkId).toBe('OP-NEG-001');
  }, 30_000);

  it('should follow an edited minimum and decimals: 0 and negatives stay MUST, a bound above a penny is ours', async () => {
    const edited = await editedSpec((document) => {
      document.components.schemas.MoneyValueRequest = {
        ...document.components.schemas.MoneyValueRequest,
        minimum: 1,
        'x-bnpl-max-decimals': 3,
      };
    });

    const values = deriveNegativeCases(edited)
      .filter((c) => c.operationId === 'Settle' && c.names?.pointer === '#/amount/value')
      .map((c) => [(c.send.body as { amount: { value: unknown } }).amount.value, c.checkId]);

    expect(values).toEqual([
      [0, 'OP-NEG-001'],
      [0.999, 'OP-NEG-006'],
      [-1, 'OP-NEG-001'],
      [0.0001, 'OP-NEG-001'],
      [1.2345, 'OP-NEG-001'],
      [100000.001, 'OP-NEG-006'],
      ['1.000', 'OP-NEG-001'],
      [undefined, 'OP-NEG-001'],
    ]);
  }, 30_000);

  it('should still derive every case the suite wrote by hand before', () => {
    const missing = handWritten().filter(
      (old) =>
        !cases.some(
          (c) =>
            c.checkId === old.checkId &&
            c.operationId === old.operationId &&
            isDeepStrictEqual(c.pass, old.pass) &&
            isDeepStrictEqual(c.names, old.names) &&
            (old.moves === undefined || c.moves === old.moves) &&
            Object.entries(old.send).every(([key, value]) =>
              isDeepStrictEqual(c.send[key as keyof Sent], value),
            ),
        ),
    );

    expect(missing.map((c) => c.description)).toEqual([]);
  });
});

type HandWritten = Omit<NegativeCase, 'send'> & { readonly send: Partial<Sent> };

/**
 * The cases negative.ts wrote by hand before they were derived (its constants
 * amountMust, amountShould, the Settle header list, the basketAmount values and the
 * malformed ids), as they were sent. A path id case is matched on the id alone: its body
 * was an incidental `{ amount }`.
 */
function handWritten(): HandWritten[] {
  const amountMust: [string, unknown, string][] = [
    ['amount.value 0', { value: 0, currencyCode: 'GBP' }, '#/amount/value'],
    ['amount.value -1.00', { value: -1, currencyCode: 'GBP' }, '#/amount/value'],
    ['amount.value 0.001', { value: 0.001, currencyCode: 'GBP' }, '#/amount/value'],
    ['amount.value 12.345', { value: 12.345, currencyCode: 'GBP' }, '#/amount/value'],
    ['amount.value as a string', { value: '1.00', currencyCode: 'GBP' }, '#/amount/value'],
    ['amount as a number', 1, '#/amount'],
    ['amount as a string', '1.00 GBP', '#/amount'],
    ['amount without its value', { currencyCode: 'GBP' }, '#/amount/value'],
    ['amount without its currencyCode', { value: 1 }, '#/amount/currencyCode'],
    ['amount in EUR', { value: 1, currencyCode: 'EUR' }, '#/amount/currencyCode'],
  ];
  const amountShould: [string, unknown, string][] = [
    ['amount.value 100000.01', { value: 100000.01, currencyCode: 'GBP' }, '#/amount/value'],
    ['amount.currencyCode in lower case', { value: 1, currencyCode: 'gbp' }, '#/amount/currencyCode'],
  ];
  const operations: [string, Record<string, unknown>, number][] = [
    ['Initiate', { ...initiateBody(100) }, 0],
    ['Authorise', { ...authoriseBody(100, 'kit-100') }, 0],
    ['UpwardAdjustment', { amount: amount(200) }, 0],
    ['Settle', { ...settleBody(1) }, 1],
    ['Reverse', { amount: amount(1) }, 1],
    ['Refund', { ...refundBody(1) }, 1],
  ];
  const out: HandWritten[] = [];
  for (const [operationId, valid, moves] of operations) {
    for (const [what, broken, pointer] of amountMust)
      out.push({
        checkId: 'OP-NEG-001',
        operationId,
        description: `${operationId} with ${what}`,
        pass: '4xx',
        names: { pointer },
        send: { body: { ...valid, amount: broken } },
      });
    const { amount: _dropped, ...rest } = valid;
    for (const [what, body] of [
      ['without its amount', rest],
      ['with amount null', { ...rest, amount: null }],
    ] as const)
      out.push({
        checkId: 'OP-NEG-002',
        operationId,
        description: `${operationId} ${what}`,
        pass: '4xx',
        names: { pointer: '#/amount' },
        send: { body },
      });
    for (const [what, broken, pointer] of amountShould)
      out.push({
        checkId: 'OP-NEG-006',
        operationId,
        description: `${operationId} with ${what}`,
        pass: [400],
        names: { pointer },
        send: { body: { ...valid, amount: broken } },
      });
    for (const raw of ['{"amount": {"value": 1,', '[]', '"text"', 'null'])
      out.push({
        checkId: 'OP-NEG-003',
        operationId,
        description: `${operationId} with the body ${raw}`,
        pass: [400],
        names: { pointer: '#' },
        send: { raw: { text: raw, contentType: 'application/json' } },
      });
    out.push({
      checkId: 'OP-NEG-009',
      operationId,
      description: `${operationId} with treatmentId`,
      pass: '2xx',
      moves,
      send: { body: { ...valid, treatmentId: 'efb4929f-e781-4503-9035-18926cae56fd' } },
    });
  }
  const authorise = { ...authoriseBody(100, 'kit-100') };
  const { orderReference: _none, ...withoutReference } = authorise;
  for (const [what, body, pointer] of [
    ['without orderReference', withoutReference, '#/orderReference'],
    ['with an empty orderReference', { ...authorise, orderReference: '' }, '#/orderReference'],
    [
      'with a spendOptionId that is not a UUID',
      { ...authorise, spendOptionId: 'not-a-uuid' },
      '#/spendOptionId',
    ],
  ] as const)
    out.push({
      checkId: 'OP-NEG-006',
      operationId: 'Authorise',
      description: `Authorise ${what}`,
      pass: [400],
      names: { pointer },
      send: { body },
    });
  out.push({
    checkId: 'OP-NEG-006',
    operationId: 'Initiate',
    description: 'Initiate with exemptionOverride "yes"',
    pass: [400],
    names: { pointer: '#/exemptionOverride' },
    send: { body: { ...initiateBody(100), exemptionOverride: 'yes' } },
  });
  for (const [header, value] of [
    ['context-merchantId', undefined],
    ['context-tenantId', undefined],
    ['client-session-id', undefined],
    ['idempotency-key', undefined],
    ['context-merchantId', 'not-a-uuid'],
    ['idempotency-key', 'not-a-uuid'],
  ] as const)
    out.push({
      checkId: 'OP-NEG-007',
      operationId: 'Settle',
      description: `Settle ${header} ${value}`,
      pass: [400],
      names: { header },
      moves: 1,
      send:
        value === undefined
          ? { body: settleBody(1), omit: [header] }
          : { body: settleBody(1), headers: { [header]: value } },
    });
  out.push({
    checkId: 'OP-NEG-007',
    operationId: 'SpendOptionsForCustomerRef',
    description: 'SpendOptionsForCustomerRef without client-session-id',
    pass: [400],
    names: { header: 'client-session-id' },
    send: { query: { basketAmount: '100' }, omit: ['client-session-id'] },
  });
  for (const value of ['0', '-1', '0.001', 'abc', '100000.01'])
    out.push({
      checkId: 'OP-NEG-008',
      operationId: 'SpendOptionsForCustomerRef',
      description: `basketAmount=${value}`,
      pass: [400],
      names: { parameter: 'basketAmount' },
      send: { query: { basketAmount: value } },
    });
  for (const [operationId, params] of [
    ['Settle', { authorisationId: 'not-a-uuid' }],
    ['Reverse', { authorisationId: '12345' }],
    ['Refund', { transactionId: 'not-a-uuid' }],
  ] as const)
    out.push({
      checkId: 'OP-NEG-004',
      operationId,
      description: `${operationId} on ${JSON.stringify(params)}`,
      pass: [400, 404],
      send: { params },
    });
  out.push({
    checkId: 'OP-NEG-004',
    operationId: 'SpendOptionsForCustomerRef',
    description: 'SpendOptionsForCustomerRef for customerRef "not a ref!"',
    pass: [400, 404],
    send: { query: { basketAmount: '100' }, params: { customerRef: 'not a ref!' } },
  });
  out.push({
    checkId: 'OP-TR-001',
    operationId: 'Settle',
    description: 'Settle with a body over 1 MiB',
    pass: [413],
    moves: 1,
    send: { body: { ...settleBody(1), description: 'x'.repeat(1024 * 1024 + 1024) } },
  });
  out.push({
    checkId: 'OP-TR-002',
    operationId: 'Settle',
    description: 'Settle with the body sent as text/plain',
    pass: [415],
    moves: 1,
    send: { raw: { text: JSON.stringify(settleBody(1)), contentType: 'text/plain' } },
  });
  return out;
}
