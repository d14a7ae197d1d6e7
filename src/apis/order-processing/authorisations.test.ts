// Authorise, UpwardAdjustment, Settle, Reverse, Refund and the sandbox reads: every
// answer, every refusal, and the check order of spec/order-processing.DECISIONS.md.
import { describe, expect, it } from 'vitest';
import { minor } from '../../../lib/money.ts';
import {
  authorise,
  readAuthorisation,
  readCustomerCredit,
  refund,
  reverse,
  settle,
  upwardAdjustment,
} from './authorisations.ts';
import { creditDeclineReason } from './checks.ts';
import {
  type AuthorisationRecord,
  type CreditRecord,
  freshCredit,
  type TransactionRecord,
} from './records.ts';
import { customerFor, merchantFor, productFor } from './sandbox-data.ts';
import {
  accessFor,
  authorised,
  data,
  gbp,
  merchantId,
  scaTokenFor,
  strictMerchantId,
} from './test-fixtures.ts';

const authorisationId = '0b0e7c4e-0000-4000-8000-000000000001';
const otherMerchant = '22222222-2222-4222-8222-222222222222';
const twelveMonths = '00699d75-a10f-4f50-9d3c-9b201445a40a';

type AuthoriseArgs = Parameters<typeof authorise>[0];
function authoriseWith(over: Partial<AuthoriseArgs> & { amount?: number; customerRef?: string } = {}) {
  const customerRef = over.customerRef ?? '123456789';
  const amount = over.amount ?? 5000;
  return authorise({
    merchantId,
    customerRef,
    accessToken: accessFor(customerRef),
    scaToken: scaTokenFor(customerRef, amount),
    customer: customerFor(data, customerRef),
    product: productFor(data, 'default'),
    credit: undefined,
    request: { amount: gbp(amount), orderReference: '0000123456' },
    authorisationId,
    ...over,
  });
}

const refusalOf = (result: { ok: true } | { ok: false; refusal: object }) =>
  result.ok ? undefined : result.refusal;

describe('authorise', () => {
  it('should authorise, hold the amount on the credit and use the sca-token up', () => {
    // Act
    const result = authoriseWith({
      amount: 12000,
      request: {
        amount: gbp(12000),
        orderReference: '0000123456',
        spendOptionId: twelveMonths,
        description: 'A fridge',
        verificationId: 'v-1',
      },
      scaToken: scaTokenFor('123456789', 12000),
    });
    // Assert
    if (!result.ok) throw new Error(result.refusal.detail);
    const { authorisation, credit, scaToken, answer } = result.value;
    expect(answer).toEqual({ authorisationId, result: 'Authorised' });
    expect(authorisation).toMatchObject({
      authorisationId,
      merchantId,
      customerRef: '123456789',
      machine: {
        status: 'Authorised',
        quantities: { authorised: 12000, settled: 0, reversed: 0, remainingFloat: 12000 },
      },
      request: {
        amount: 12000,
        orderReference: '0000123456',
        spendOptionId: twelveMonths,
        description: 'A fridge',
        verificationId: 'v-1',
      },
    });
    expect(authorisation).not.toHaveProperty('declineReason');
    expect(credit).toEqual({ merchantId, customerRef: '123456789', held: 12000, owed: 0 });
    expect(scaToken).toMatchObject({ status: 'used', usedBy: authorisationId });
  });

  it.each<
    [string, { given: Partial<AuthoriseArgs> & { amount?: number; customerRef?: string }; want: string }]
  >([
    [
      'a customer configured as declined',
      { given: { customerRef: 'always-declined' }, want: 'Declined (Account closed)' },
    ],
    [
      'an amount above the limit',
      { given: { customerRef: 'limit-100', amount: 10001 }, want: creditDeclineReason },
    ],
    [
      'an amount above what is left of the limit',
      {
        given: {
          customerRef: 'limit-100',
          amount: 5000,
          credit: { ...freshCredit(merchantId, 'limit-100'), held: minor(3000), owed: minor(2001) },
        },
        want: creditDeclineReason,
      },
    ],
  ])('should decline %s, hold nothing and still use the sca-token', (_, { given, want }) => {
    const result = authoriseWith(given);
    if (!result.ok) throw new Error(result.refusal.detail);
    expect(result.value.answer).toEqual({ authorisationId, result: 'Declined', declineReason: want });
    expect(result.value.authorisation.machine.quantities).toEqual({
      authorised: 0,
      settled: 0,
      reversed: 0,
      remainingFloat: 0,
    });
    expect(result.value.credit.held).toBe(given.credit?.held ?? 0);
    expect(result.value.scaToken.status).toBe('used');
  });

  it('should authorise exactly the available credit', () => {
    const credit: CreditRecord = {
      ...freshCredit(merchantId, 'limit-100'),
      held: minor(3000),
      owed: minor(2000),
    };
    const result = authoriseWith({ customerRef: 'limit-100', amount: 5000, credit });
    expect(result.ok && result.value.answer.result).toBe('Authorised');
    expect(result.ok && result.value.credit).toMatchObject({ held: 8000, owed: 2000 });
  });

  it.each<[string, { given: Partial<AuthoriseArgs> & { amount?: number }; want: object }]>([
    [
      'no access token, before everything else',
      {
        given: {
          accessToken: undefined,
          scaToken: undefined,
          request: { amount: gbp(5000), orderReference: 'o', spendOptionId: 'x' },
        },
        want: { problem: 'customer-token-invalid' },
      },
    ],
    [
      "another customer's access token",
      {
        given: { accessToken: accessFor('limit-100') },
        want: {
          problem: 'customer-token-invalid',
          detail: 'customer-access-token was issued for another customer, not customerRef 123456789',
        },
      },
    ],
    [
      'an unknown spendOptionId, before the sca-token',
      {
        given: {
          scaToken: undefined,
          request: { amount: gbp(5000), orderReference: 'o', spendOptionId: 'x' },
        },
        want: { problem: 'validation', pointer: '#/spendOptionId' },
      },
    ],
    [
      'a spendOptionId not offered for the amount',
      {
        given: { request: { amount: gbp(5000), orderReference: 'o', spendOptionId: twelveMonths } },
        want: {
          problem: 'validation',
          pointer: '#/spendOptionId',
          detail: `spendOptionId ${twelveMonths} is not offered for 50.00 GBP (below its minimum basket)`,
        },
      },
    ],
    [
      'no sca-token',
      {
        given: { scaToken: undefined },
        want: {
          problem: 'sca-required',
          detail: 'sca-token is not a token Initiate issued; call Initiate first',
        },
      },
    ],
    [
      "another merchant's sca-token",
      {
        given: { scaToken: scaTokenFor('123456789', 5000, { merchantId: otherMerchant }) },
        want: { problem: 'sca-required' },
      },
    ],
    [
      "another customer's sca-token",
      { given: { scaToken: scaTokenFor('limit-100', 5000) }, want: { problem: 'sca-required' } },
    ],
    [
      'a pending sca-token',
      {
        given: { scaToken: scaTokenFor('123456789', 5000, { status: 'pending' }) },
        want: { problem: 'sca-required', detail: expect.stringMatching(/awaits the customer/) },
      },
    ],
    [
      'a failed sca-token',
      {
        given: { scaToken: scaTokenFor('123456789', 5000, { status: 'failed' }) },
        want: { problem: 'sca-required', detail: expect.stringMatching(/failed; call Initiate again/) },
      },
    ],
    [
      'a used sca-token',
      {
        given: { scaToken: scaTokenFor('123456789', 5000, { status: 'used', usedBy: 'a-1' }) },
        want: {
          problem: 'sca-required',
          detail: 'sca-token was already used by authorisation a-1; call Initiate again',
        },
      },
    ],
    [
      'an sca-token for less than the amount',
      {
        given: { scaToken: scaTokenFor('123456789', 4999) },
        want: { problem: 'sca-required', detail: 'sca-token covers 49.99 GBP; 50.00 GBP asked' },
      },
    ],
    [
      'an sca-token problem before a declined customer',
      { given: { customerRef: 'always-declined', scaToken: undefined }, want: { problem: 'sca-required' } },
    ],
  ])('should refuse %s', (_, { given, want }) => {
    expect(refusalOf(authoriseWith(given))).toMatchObject(want);
  });

  it('should accept an exempt sca-token for a smaller amount', () => {
    const result = authoriseWith({
      amount: 1000,
      scaToken: scaTokenFor('123456789', 2999, { status: 'exempt' }),
    });
    expect(result.ok && result.value.answer.result).toBe('Authorised');
  });

  it('should accept a merchantId in another case as the same merchant', () => {
    const result = authoriseWith({ merchantId: merchantId.toUpperCase() });
    expect(result.ok).toBe(true);
  });
});

type AdjustArgs = Parameters<typeof upwardAdjustment>[0];
function adjust(
  authorisation: AuthorisationRecord | undefined,
  credit: CreditRecord | undefined,
  amount: number,
  over: Partial<AdjustArgs> = {},
) {
  return upwardAdjustment({
    merchantId,
    customerRef: authorisation?.customerRef ?? '123456789',
    authorisationId,
    accessToken: accessFor(authorisation?.customerRef ?? '123456789'),
    authorisation,
    customer: customerFor(data, authorisation?.customerRef ?? '123456789'),
    credit,
    request: { amount: gbp(amount) },
    ...over,
  });
}

describe('upwardAdjustment', () => {
  it('should grow authorised and remainingFloat and the hold, answering the same id', () => {
    const { authorisation, credit } = authorised('123456789', 5000);
    const result = adjust(authorisation, credit, 2500);
    if (!result.ok) throw new Error(result.refusal.detail);
    expect(result.value.answer).toEqual({ authorisationId, result: 'Authorised' });
    expect(result.value.authorisation.machine.quantities).toEqual({
      authorised: 7500,
      settled: 0,
      reversed: 0,
      remainingFloat: 7500,
    });
    expect(result.value.credit.held).toBe(7500);
  });

  it('should adjust an authorisation whose float is 0', () => {
    const { authorisation, credit } = authorised('123456789', 5000);
    const spent = settle({
      merchantId,
      customerRef: '123456789',
      authorisationId,
      authorisation,
      merchant: merchantFor(data, merchantId),
      credit,
      request: { amount: gbp(5000) },
      transactionId: 't-1',
    });
    if (!spent.ok) throw new Error(spent.refusal.detail);
    const result = adjust(spent.value.authorisation, spent.value.credit, 100);
    expect(result.ok && result.value.authorisation.machine.quantities.remainingFloat).toBe(100);
  });

  it('should decline above the available credit and change nothing', () => {
    const { authorisation, credit } = authorised('limit-100', 6000);
    const result = adjust(authorisation, credit, 4001);
    if (!result.ok) throw new Error(result.refusal.detail);
    expect(result.value.answer).toEqual({
      authorisationId,
      result: 'Declined',
      declineReason: creditDeclineReason,
    });
    expect(result.value.authorisation).toBe(authorisation);
    expect(result.value.credit).toBe(credit);
  });

  it.each<[string, { given: () => Parameters<typeof adjust>; want: object }]>([
    [
      'no access token, before a missing authorisation',
      {
        given: () => [undefined, undefined, 100, { accessToken: undefined }],
        want: { problem: 'customer-token-invalid' },
      },
    ],
    [
      'an unknown authorisation',
      {
        given: () => [undefined, undefined, 100],
        want: {
          problem: 'not-found',
          detail: `no authorisation ${authorisationId} for customerRef 123456789`,
        },
      },
    ],
    [
      "another merchant's authorisation",
      {
        given: () => [
          authorised('123456789', 100).authorisation,
          undefined,
          100,
          { merchantId: otherMerchant },
        ],
        want: { problem: 'not-found' },
      },
    ],
    [
      "another customer's authorisation",
      {
        given: () => [
          authorised('123456789', 100).authorisation,
          undefined,
          100,
          { customerRef: 'my-ref', accessToken: accessFor('my-ref') },
        ],
        want: { problem: 'not-found' },
      },
    ],
    [
      'a Declined authorisation',
      {
        given: () => [authorised('always-declined', 100).authorisation, undefined, 100],
        want: {
          problem: 'authorisation-declined',
          detail: `authorisation ${authorisationId} was Declined (Declined (Account closed)); it cannot be adjusted`,
        },
      },
    ],
  ])('should refuse %s', (_, { given, want }) => {
    expect(refusalOf(adjust(...given()))).toMatchObject(want);
  });
});

type MoveArgs = Parameters<typeof settle>[0];
const settleWith = (
  a: AuthorisationRecord | undefined,
  credit: CreditRecord | undefined,
  amount: number,
  over: Partial<MoveArgs> = {},
) =>
  settle({
    merchantId,
    customerRef: '123456789',
    authorisationId,
    authorisation: a,
    merchant: merchantFor(data, over.merchantId ?? merchantId),
    credit,
    request: { amount: gbp(amount), description: 'first box' },
    transactionId: 't-1',
    ...over,
  });
const reverseWith = (
  a: AuthorisationRecord | undefined,
  credit: CreditRecord | undefined,
  amount: number,
  over: Partial<Parameters<typeof reverse>[0]> = {},
) =>
  reverse({
    merchantId,
    customerRef: '123456789',
    authorisationId,
    authorisation: a,
    merchant: merchantFor(data, over.merchantId ?? merchantId),
    credit,
    request: { amount: gbp(amount) },
    authorisationReversalId: 'r-1',
    ...over,
  });

describe('settle', () => {
  it('should move the amount from the float to a new transaction, and the credit from held to owed', () => {
    const { authorisation, credit } = authorised('123456789', 5000);
    const result = settleWith(authorisation, credit, 1250);
    if (!result.ok) throw new Error(result.refusal.detail);
    expect(result.value.answer).toEqual({ transactionId: 't-1' });
    expect(result.value.authorisation.machine.quantities).toEqual({
      authorised: 5000,
      settled: 1250,
      reversed: 0,
      remainingFloat: 3750,
    });
    expect(result.value.transaction).toMatchObject({
      transactionId: 't-1',
      authorisationId,
      merchantId,
      customerRef: '123456789',
      description: 'first box',
      machine: { status: 'Settled', quantities: { settled: 1250, refunded: 0 } },
    });
    expect(result.value.credit).toMatchObject({ held: 3750, owed: 1250 });
  });

  it('should settle the whole float where partial settlements are forbidden', () => {
    const { authorisation, credit } = authorised('123456789', 5000, { merchant: strictMerchantId });
    const result = settleWith(authorisation, credit, 5000, { merchantId: strictMerchantId });
    expect(result.ok && result.value.authorisation.machine.quantities.remainingFloat).toBe(0);
  });

  it.each<[string, { given: () => Parameters<typeof settleWith>; want: object }]>([
    [
      'an unknown authorisation',
      { given: () => [undefined, undefined, 100], want: { problem: 'not-found' } },
    ],
    [
      "another merchant's authorisation",
      {
        given: () => [
          authorised('123456789', 5000).authorisation,
          undefined,
          100,
          { merchantId: otherMerchant },
        ],
        want: { problem: 'not-found' },
      },
    ],
    [
      "another customer's authorisation",
      {
        given: () => [
          authorised('123456789', 5000).authorisation,
          undefined,
          100,
          { customerRef: 'limit-100' },
        ],
        want: { problem: 'not-found' },
      },
    ],
    [
      'a Declined authorisation, before the float',
      {
        given: () => [
          authorised('always-declined', 5000).authorisation,
          undefined,
          99999,
          { customerRef: 'always-declined' },
        ],
        want: {
          problem: 'authorisation-declined',
          detail: `authorisation ${authorisationId} was Declined (Declined (Account closed)); it cannot be settled`,
        },
      },
    ],
    [
      'more than the float',
      {
        given: () => [authorised('123456789', 1250).authorisation, undefined, 2000],
        want: {
          problem: 'insufficient-float',
          detail: `authorisation ${authorisationId} has 12.50 GBP left to settle; 20.00 GBP asked`,
        },
      },
    ],
    [
      'more than the float, before partial',
      {
        given: () => [
          authorised('123456789', 1250, { merchant: strictMerchantId }).authorisation,
          undefined,
          2000,
          { merchantId: strictMerchantId },
        ],
        want: { problem: 'insufficient-float' },
      },
    ],
    [
      'part of the float where the merchant forbids it',
      {
        given: () => [
          authorised('123456789', 1250, { merchant: strictMerchantId }).authorisation,
          undefined,
          500,
          { merchantId: strictMerchantId },
        ],
        want: {
          problem: 'partial-not-allowed',
          detail: `this merchant's configuration forbids partial settlements: settle the whole remainingFloat of 12.50 GBP of authorisation ${authorisationId}; 5.00 GBP asked`,
        },
      },
    ],
  ])('should refuse %s', (_, { given, want }) => {
    expect(refusalOf(settleWith(...given()))).toMatchObject(want);
  });
});

describe('reverse', () => {
  it('should release the amount from the float and the hold, answering the new remainingFloat', () => {
    const { authorisation, credit } = authorised('123456789', 5000);
    const result = reverseWith(authorisation, credit, 1000);
    if (!result.ok) throw new Error(result.refusal.detail);
    expect(result.value.answer).toEqual({ authorisationReversalId: 'r-1', remainingFloat: 4000 });
    expect(result.value.authorisation.machine.quantities).toEqual({
      authorised: 5000,
      settled: 0,
      reversed: 1000,
      remainingFloat: 4000,
    });
    expect(result.value.reversal).toEqual({ authorisationReversalId: 'r-1', authorisationId, amount: 1000 });
    expect(result.value.credit).toMatchObject({ held: 4000, owed: 0 });
  });

  it.each<[string, { given: () => Parameters<typeof reverseWith>; want: object }]>([
    [
      'an unknown authorisation',
      { given: () => [undefined, undefined, 100], want: { problem: 'not-found' } },
    ],
    [
      'a Declined authorisation',
      {
        given: () => [
          authorised('always-declined', 5000).authorisation,
          undefined,
          100,
          { customerRef: 'always-declined' },
        ],
        want: { problem: 'authorisation-declined', detail: expect.stringMatching(/cannot be reversed$/) },
      },
    ],
    [
      'more than the float',
      {
        given: () => [authorised('123456789', 1250).authorisation, undefined, 1251],
        want: {
          problem: 'insufficient-float',
          detail: `authorisation ${authorisationId} has 12.50 GBP left to reverse; 12.51 GBP asked`,
        },
      },
    ],
    [
      'part of the float where the merchant forbids it',
      {
        given: () => [
          authorised('123456789', 1250, { merchant: strictMerchantId }).authorisation,
          undefined,
          1,
          { merchantId: strictMerchantId },
        ],
        want: { problem: 'partial-not-allowed', detail: expect.stringMatching(/forbids partial reversals/) },
      },
    ],
  ])('should refuse %s', (_, { given, want }) => {
    expect(refusalOf(reverseWith(...given()))).toMatchObject(want);
  });
});

function settled(
  amount: number,
  merchant = merchantId,
): { transaction: TransactionRecord; credit: CreditRecord; authorisation: AuthorisationRecord } {
  const { authorisation, credit } = authorised('123456789', amount, { merchant });
  const result = settleWith(authorisation, credit, amount, { merchantId: merchant });
  if (!result.ok) throw new Error(result.refusal.detail);
  return result.value;
}

type RefundArgs = Parameters<typeof refund>[0];
const refundWith = (
  t: TransactionRecord | undefined,
  credit: CreditRecord | undefined,
  amount: number,
  over: Partial<RefundArgs> = {},
) =>
  refund({
    merchantId,
    customerRef: '123456789',
    transactionId: 't-1',
    transaction: t,
    merchant: merchantFor(data, over.merchantId ?? merchantId),
    credit,
    request: { amount: gbp(amount), description: 'returned' },
    refundTransactionId: 'rt-1',
    ...over,
  });

describe('refund', () => {
  it('should refund part of the settlement and repay the owed credit', () => {
    const { transaction, credit } = settled(5000);
    const result = refundWith(transaction, credit, 1500);
    if (!result.ok) throw new Error(result.refusal.detail);
    expect(result.value.answer).toEqual({ refundTransactionId: 'rt-1' });
    expect(result.value.transaction.machine.quantities).toEqual({ settled: 5000, refunded: 1500 });
    expect(result.value.refund).toEqual({
      refundTransactionId: 'rt-1',
      transactionId: 't-1',
      amount: 1500,
      description: 'returned',
    });
    expect(result.value.credit).toMatchObject({ held: 0, owed: 3500 });
  });

  it('should refund everything left where partial refunds are forbidden', () => {
    const { transaction, credit } = settled(5000, strictMerchantId);
    const result = refundWith(transaction, credit, 5000, { merchantId: strictMerchantId });
    expect(result.ok && result.value.credit.owed).toBe(0);
  });

  it.each<[string, { given: () => Parameters<typeof refundWith>; want: object }]>([
    [
      'an unknown transaction',
      {
        given: () => [undefined, undefined, 100],
        want: { problem: 'not-found', detail: 'no transaction t-1 for customerRef 123456789' },
      },
    ],
    [
      "another merchant's transaction",
      {
        given: () => [settled(5000).transaction, undefined, 100, { merchantId: otherMerchant }],
        want: { problem: 'not-found' },
      },
    ],
    [
      "another customer's transaction",
      {
        given: () => [settled(5000).transaction, undefined, 100, { customerRef: 'limit-100' }],
        want: { problem: 'not-found' },
      },
    ],
    [
      'more than was settled',
      {
        given: () => [settled(2000).transaction, undefined, 2001],
        want: {
          problem: 'refund-exceeds-settled',
          detail: 'transaction t-1 settled 20.00 GBP and has 20.00 GBP left to refund; 20.01 GBP asked',
        },
      },
    ],
    [
      'more than was settled, before partial',
      {
        given: () => [
          settled(2000, strictMerchantId).transaction,
          undefined,
          2001,
          { merchantId: strictMerchantId },
        ],
        want: { problem: 'refund-exceeds-settled' },
      },
    ],
    [
      'part where the merchant forbids it',
      {
        given: () => [
          settled(2000, strictMerchantId).transaction,
          undefined,
          1000,
          { merchantId: strictMerchantId },
        ],
        want: {
          problem: 'partial-not-allowed',
          detail:
            "this merchant's configuration forbids partial refunds: refund the whole 20.00 GBP left on transaction t-1; 10.00 GBP asked",
        },
      },
    ],
  ])('should refuse %s', (_, { given, want }) => {
    expect(refusalOf(refundWith(...given()))).toMatchObject(want);
  });
});

describe('readAuthorisation', () => {
  it('should show the amounts and the transactions with what each refunded', () => {
    const { authorisation, transaction, credit } = settled(5000);
    const refunded = refundWith(transaction, credit, 700);
    if (!refunded.ok) throw new Error(refunded.refusal.detail);
    const result = readAuthorisation({
      merchantId: merchantId.toUpperCase(),
      authorisationId,
      authorisation,
      transactions: [refunded.value.transaction],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        authorisationId,
        customerRef: '123456789',
        result: 'Authorised',
        authorised: 5000,
        settled: 5000,
        reversed: 0,
        remainingFloat: 0,
        transactions: [{ transactionId: 't-1', settled: 5000, refunded: 700 }],
      },
    });
  });

  it('should show a Declined authorisation with its reason', () => {
    const { authorisation } = authorised('always-declined', 100);
    const result = readAuthorisation({ merchantId, authorisationId, authorisation, transactions: [] });
    expect(result.ok && result.value).toMatchObject({
      result: 'Declined',
      declineReason: 'Declined (Account closed)',
      authorised: 0,
    });
  });

  it("should not show another merchant's authorisation", () => {
    const { authorisation } = authorised('123456789', 100);
    expect(
      refusalOf(
        readAuthorisation({ merchantId: otherMerchant, authorisationId, authorisation, transactions: [] }),
      ),
    ).toMatchObject({ problem: 'not-found' });
    expect(
      refusalOf(
        readAuthorisation({ merchantId, authorisationId, authorisation: undefined, transactions: [] }),
      ),
    ).toMatchObject({ problem: 'not-found' });
  });
});

describe('readCustomerCredit', () => {
  it.each<[string, { given: [string, CreditRecord | undefined]; want: object }]>([
    [
      'a fresh customer',
      {
        given: ['limit-100', undefined],
        want: { customerRef: 'limit-100', creditLimit: 10000, availableCredit: 10000 },
      },
    ],
    [
      'a customer with holds and debt',
      {
        given: [
          'limit-100',
          { ...freshCredit(merchantId, 'limit-100'), held: minor(2500), owed: minor(1500) },
        ],
        want: { availableCredit: 6000 },
      },
    ],
    [
      'an unknown customer, like 123456789',
      {
        given: ['my-ref', undefined],
        want: { customerRef: 'my-ref', creditLimit: 500000, availableCredit: 500000 },
      },
    ],
    [
      'a limit lowered under the credit in use',
      {
        given: ['limit-100', { ...freshCredit(merchantId, 'limit-100'), held: minor(20000), owed: minor(0) }],
        want: { availableCredit: 0 },
      },
    ],
  ])('should show %s', (_, { given: [customerRef, credit], want }) => {
    expect(readCustomerCredit(customerFor(data, customerRef), credit, merchantId)).toMatchObject(want);
  });
});
