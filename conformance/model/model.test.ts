// The model's predictions and read-back judgement, without a server: what the
// lifecycle and DECISIONS.md allow for each step, and what a read-back order must show.
import { beforeAll, describe, expect, it } from 'vitest';
import { blankState, decide } from '../../src/core/lifecycle.ts';
import { type KitSpec, loadSpec } from '../spec.ts';
import { orderBody } from '../testing.ts';
import { judgeOrder } from './judge.ts';
import { lifecycle, type Machine, type RealOrder } from './model.ts';
import { parameterPaths, predict } from './predict.ts';

let spec: KitSpec;
beforeAll(async () => {
  spec = await loadSpec();
});

function authorized(amount: number, captured = 0): Machine {
  let state = blankState(lifecycle, 'SEK');
  for (const [command, input] of [
    ['create', { amount, singleProfile: false }],
    ['choosePaymentMethod', { profileAllowed: true }],
    ['authorize', {}],
    ...(captured > 0 ? [['capture', { amount: captured, currency: 'SEK' }] as const] : []),
  ] as const) {
    const decision = decide(lifecycle, state, command, input);
    if (!decision.ok) throw new Error(`${command} refused by ${decision.rule}`);
    state = decision.state;
  }
  return state;
}

const capture = (amount: number, currency = 'SEK') => ({
  amount,
  currency,
  orderLines: [{ itemDescription: 'x', amount }],
  sellerTransactionId: 't',
  receiptReference: 'r',
});

describe('predict', () => {
  it('should accept 201 for a capture within remainingAmount', () => {
    const prediction = predict(
      spec,
      'createCapture',
      'capture',
      authorized(100_000),
      { amount: 33_333, currency: 'SEK' },
      capture(333.33),
    );

    expect(prediction.answers.map((a) => a.status)).toEqual([201]);
    expect(prediction.next?.quantities.remainingAmount).toBe(66_667);
  });

  it('should accept 400 naming amount, or 409, above remainingAmount (D-01)', () => {
    const prediction = predict(
      spec,
      'createCapture',
      'capture',
      authorized(100),
      { amount: 101, currency: 'SEK' },
      capture(1.01),
    );

    expect(prediction.answers.map((a) => [a.status, a.problem, a.parameters])).toEqual([
      [400, 'validation', ['amount']],
      [409, undefined, undefined],
    ]);
    expect(prediction.next).toBeUndefined();
  });

  it('should name currency, checked before the amount (D-02)', () => {
    const prediction = predict(
      spec,
      'createCapture',
      'capture',
      authorized(100),
      { amount: 500, currency: 'EUR' },
      capture(5, 'EUR'),
    );

    expect(prediction.answers[0]?.parameters).toEqual(['currency']);
  });

  it('should let the request schema decide first: amount 0 names amount (D-13)', () => {
    const prediction = predict(
      spec,
      'createCapture',
      'capture',
      authorized(100),
      { amount: 0, currency: 'SEK' },
      capture(0),
    );

    expect(prediction.answers).toHaveLength(1);
    expect(prediction.answers[0]?.status).toBe(400);
    expect(prediction.answers[0]?.parameters).toContain('amount');
  });

  it('should accept 409 or 200 for redirect on an order no longer awaiting the customer (D-09)', () => {
    const body = { returnUrl: 'https://example.com', redirectOptions: { languageCode: 'SV' } };

    const prediction = predict(spec, 'redirect', 'redirect', authorized(100), {}, body);

    expect(prediction.answers.map((a) => a.status)).toEqual([409, 200]);
  });

  it('should allow Authorized or Canceled after cancel-authorize with captures (D-03)', () => {
    const prediction = predict(
      spec,
      'createCancelAuthorize',
      'cancelAuthorize',
      authorized(100, 40),
      {},
      undefined,
    );

    expect(prediction.answers.map((a) => a.status)).toEqual([204]);
    expect(prediction.next?.status).toBe('Authorized');
    expect(prediction.next?.quantities.remainingAmount).toBe(0);
    expect(prediction.acceptAlso).toEqual(['Canceled']);
  });
});

describe('parameterPaths', () => {
  it('should write schema errors as the document names parameters', () => {
    const validate = spec.operation('createCapture').body?.validate;
    validate?.({ ...capture(1), orderLines: [{ amount: 0.001 }], receiptReference: undefined });

    expect(parameterPaths(validate?.errors ?? []).sort()).toEqual(
      ['orderLines[0].amount', 'orderLines[0].itemDescription', 'receiptReference'].sort(),
    );
  });
});

describe('judgeOrder', () => {
  const order = (captured: number, cancelled = false): RealOrder => ({
    paymentOrderId: orderBody.paymentOrderId,
    currency: 'SEK',
    sellerAuthorizationId: orderBody.sellerAuthorizationId,
    ledger: {
      authorizationMinor: 100_000,
      capturedMinor: captured,
      reversedMinor: 0,
      authorized: true,
      cancelled,
    },
  });

  it('should pass an order that agrees with the model and the ledger', () => {
    const judged = judgeOrder(orderBody, authorized(100_000, 33_333), [], order(33_333), 1);

    expect(judged.failures).toEqual([]);
  });

  it('should catch remainingAmount kept in floats (BPO-AMT-001)', () => {
    const body = { ...orderBody, remainingAmount: 1000 - 333.33 };

    const judged = judgeOrder(body, authorized(100_000, 33_333), [], order(33_333), 1);

    expect(judged.failures.map((f) => f.checkId)).toEqual(['BPO-AMT-001']);
    expect(judged.failures[0]?.message).toContain('666.6700000000001');
  });

  it('should catch operations that do not match the state (BPO-LC-002)', () => {
    const body = { ...orderBody, operations: orderBody.operations.slice(0, 1) };

    const judged = judgeOrder(body, authorized(100_000, 33_333), [], order(33_333), 1);

    expect(judged.failures.map((f) => f.checkId)).toEqual(['BPO-LC-002']);
  });

  it('should adopt a status the documents also allow, and refuse others (BPO-LC-001)', () => {
    const machine = {
      ...authorized(100_000, 33_333),
      quantities: { ...authorized(100_000, 33_333).quantities, remainingAmount: 0 },
    };
    const body = {
      ...orderBody,
      status: 'Canceled',
      remainingAmount: 0,
      operations: [orderBody.operations[1]],
    };

    const allowed = judgeOrder(body, machine, ['Canceled'], order(33_333, true), 1);
    const refused = judgeOrder(body, machine, [], order(33_333, true), 1);

    expect(allowed.failures).toEqual([]);
    expect(allowed.machine.status).toBe('Canceled');
    expect(refused.failures.map((f) => f.checkId)).toEqual(['BPO-LC-001']);
  });
});
