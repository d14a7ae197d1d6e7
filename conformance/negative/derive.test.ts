// Negative cases derived from the request schemas: every case really is invalid
// for the contract, names the field it breaks, and only what the document says is
// MUST; our readings (D-13, D-14, D-15, D-28) are SHOULD-level.
import { beforeAll, describe, expect, it } from 'vitest';
import { dottedPath } from '../../lib/openapi.ts';
import { definitionOf } from '../catalogue.ts';
import { type KitSpec, loadSpec } from '../spec.ts';
import { amountBreakages, deriveCases, type NegativeCase, patternViolation } from './derive.ts';

let spec: KitSpec;
beforeAll(async () => {
  spec = await loadSpec();
});

const captureBase = {
  amount: 1,
  currency: 'SEK',
  orderLines: [{ itemDescription: 'Phone', amount: 1 }],
  sellerTransactionId: 'tx-1',
  receiptReference: 'receipt-1',
};
const createBase = {
  authorizationAmount: 1000,
  currency: 'SEK',
  sellerAuthorizationId: 'order-1',
  customer: {
    nationalConsumerIdentifier: { value: '19800101-1234', countryCode: 'SE' },
    email: 'a@example.com',
    msisdn: '+46701234567',
  },
  pointOfSale: 'Shop',
  mcc: '5732',
  restrictToProfiles: [
    { profileName: 'BA_PartPayment', subProfiles: [{ subProfileName: 'InstallmentAccount_3' }] },
  ],
};

function casesFor(operationId: string, base: unknown): NegativeCase[] {
  const schema = spec.requestSchema(operationId);
  if (schema === undefined) throw new Error(`${operationId} has no body`);
  return deriveCases(operationId, schema, base);
}

describe('deriveCases', () => {
  it('should start from bases the contract accepts', () => {
    expect(spec.operation('createCapture').body?.validate(captureBase)).toBe(true);
    expect(spec.operation('createBnplPaymentOrder').body?.validate(createBase)).toBe(true);
  });

  for (const [operationId, base] of [
    ['createCapture', captureBase],
    ['createBnplPaymentOrder', createBase],
  ] as const) {
    it(`should derive only bodies the contract refuses (${operationId})`, () => {
      const validate = spec.operation(operationId).body?.validate;

      const accepted = casesFor(operationId, base).filter(
        (c) => 'json' in c.body && validate?.(c.body.json) === true,
      );

      expect(accepted.map((c) => c.description)).toEqual([]);
    });
  }

  it('should break every amount of a capture at its boundaries, naming the field path', () => {
    const cases = casesFor('createCapture', captureBase).filter((c) => c.checkId === 'BPO-NEG-001');

    expect(cases.map((c) => c.description)).toEqual([
      'amount = 0',
      'amount = -1',
      'amount = -0.01',
      'amount = 0.001',
      'amount = 12.335',
      'amount = 100000000.01',
      'orderLines[0].amount = -1',
      'orderLines[0].amount = -0.01',
      'orderLines[0].amount = 0.001',
      'orderLines[0].amount = 12.335',
      'orderLines[0].amount = 100000000.01',
    ]);
    expect(cases.find((c) => c.description === 'orderLines[0].amount = 0.001')?.field).toBe(
      'orderLines[0].amount',
    );
  });

  it('should remove each required field once', () => {
    const missing = casesFor('createCapture', captureBase)
      .filter((c) => c.checkId === 'BPO-NEG-004')
      .map((c) => c.field);

    expect(missing).toEqual([
      'amount',
      'currency',
      'orderLines',
      'sellerTransactionId',
      'receiptReference',
      'orderLines[0].itemDescription',
      'orderLines[0].amount',
    ]);
  });

  it('should refuse amount 0 at MUST only for `amount`, as the document example does (D-13)', () => {
    const zero = casesFor('createCapture', captureBase).filter((c) => c.breakage === 'amount-zero');
    const create = casesFor('createBnplPaymentOrder', createBase).filter((c) => c.breakage === 'amount-zero');

    expect(zero.map((c) => [c.field, c.checkId])).toEqual([
      ['amount', 'BPO-NEG-001'],
      ['orderLines[0].amount', 'BPO-NEG-011'],
    ]);
    expect(create.map((c) => [c.field, c.checkId])).toEqual([['authorizationAmount', 'BPO-NEG-011']]);
  });

  it('should keep null on a required member MUST and on an optional one SHOULD', () => {
    const nulls = casesFor('createBnplPaymentOrder', createBase).filter((c) => c.breakage.startsWith('null'));

    expect(nulls.filter((c) => c.checkId === 'BPO-NEG-013').map((c) => c.field)).toEqual([
      'customer.nationalConsumerIdentifier.value',
      'customer.nationalConsumerIdentifier.countryCode',
      'restrictToProfiles',
      'restrictToProfiles[0].subProfiles',
    ]);
    expect(nulls.filter((c) => c.checkId === 'BPO-NEG-003').map((c) => c.field)).toContain(
      'restrictToProfiles[0]',
    );
  });

  it('should make lower-case enums, numbers as strings, empty strings and non-URIs SHOULD (D-28)', () => {
    const cases = [
      ...casesFor('createCapture', captureBase),
      ...casesFor('redirect', { returnUrl: 'https://example.com', redirectOptions: { languageCode: 'SV' } }),
    ];
    const at = (description: string) => cases.find((c) => c.description === description)?.checkId;

    expect([
      at('currency = "sek"'),
      at('amount = "1"'),
      at('sellerTransactionId is empty'),
      at('orderLines is empty'),
      at('returnUrl = "not a uri"'),
      at('redirectOptions.languageCode = "en"'),
    ]).toEqual(['BPO-NEG-014', 'BPO-NEG-012', 'BPO-NEG-015', 'BPO-NEG-015', 'BPO-NEG-015', 'BPO-NEG-014']);
    expect(at('amount = {"value":1}')).toBe('BPO-NEG-002');
  });

  it('should put the D-14 and D-15 readings in SHOULD-level checks', () => {
    const cases = casesFor('createBnplPaymentOrder', createBase);

    const d14 = cases.filter((c) => c.checkId === 'BPO-NEG-009').map((c) => c.field);
    const d15 = cases.filter((c) => c.checkId === 'BPO-NEG-008').map((c) => c.field);

    expect(d14).toEqual(['customer.email', 'mcc']);
    expect(d15).toContain('unknownMember');
    expect(d15).toContain('customer.nationalConsumerIdentifier.unknownMember');
    expect(definitionOf('BPO-NEG-009').level).toBe('SHOULD');
    expect(definitionOf('BPO-NEG-008').level).toBe('SHOULD');
  });

  it('should send values outside the enum and against the pattern', () => {
    const cases = casesFor('createCapture', captureBase);

    const enums = cases.filter((c) => c.checkId === 'BPO-NEG-005').map((c) => c.description);
    const patterns = cases.filter((c) => c.checkId === 'BPO-NEG-006').map((c) => c.description);

    expect(enums).toEqual(['currency = "XXX"']);
    expect(patterns).toEqual(['orderLines[0].itemDescription = "semi;colon"', 'receiptReference = "a b"']);
  });

  it('should add malformed JSON and non-object bodies', () => {
    const whole = casesFor('createCapture', captureBase).filter((c) => c.checkId === 'BPO-NEG-007');

    expect(whole.map((c) => ('raw' in c.body ? c.body.raw : undefined))).toEqual([
      '{"amount": 1,',
      '[]',
      '"text"',
      '42',
      'null',
    ]);
    expect(whole.every((c) => c.field === '')).toBe(true);
  });
});

describe('amountBreakages', () => {
  it('should follow the schema bounds and its decimals', () => {
    expect(
      amountBreakages({ exclusiveMinimum: 0, maximum: 100, 'x-bnpl-max-decimals': 2 }).map(([, a]) => a),
    ).toEqual([0, -1, -0.01, 0.001, 12.335, 100.01]);
  });
});

describe('patternViolation', () => {
  it('should find a string the pattern refuses', () => {
    expect(patternViolation('^[0-9]{4}$')).toBe('XX');
    expect(patternViolation('^[a-zA-Z0-9#_:@.\\-]{1,}$')).toBe('a b');
  });
});

describe('dottedPath, the field a case names', () => {
  it('should write array indexes in brackets', () => {
    expect(dottedPath(['orderLines', 0, 'amount'])).toBe('orderLines[0].amount');
  });
});
