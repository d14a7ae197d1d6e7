// Judging answers and read-back orders, without a server: what passes at MUST, what
// only warns, and what fails.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../session.ts';
import { type KitSpec, loadSpec } from '../spec.ts';
import { exchange, orderBody, validationProblem } from '../testing.ts';
import { judgeAnswer, judgeOrder } from './judge.ts';
import type { RealOrder } from './model.ts';
import { created, customer, moneyMovement, type OrderState } from './oracle.ts';

let spec: KitSpec;
beforeAll(async () => {
  spec = await loadSpec();
});

const currencies = ['SEK', 'NOK', 'DKK', 'EUR'];
const answer = (operationId: string, status: number, body?: unknown): Answer => ({
  exchange: exchange(operationId, status, body),
  failures: [],
});

function authorized(minor: number, captured = 0): OrderState {
  const approved = customer(created(minor, 'SEK', true), 'authorize');
  if (approved === undefined) throw new Error('not authorized');
  return { ...approved, remainingMinor: minor - captured, capturedMinor: captured };
}

const real = (captured = 0): RealOrder => ({
  paymentOrderId: orderBody.paymentOrderId,
  currency: 'SEK',
  sellerAuthorizationId: orderBody.sellerAuthorizationId,
  instore: undefined,
  ledger: { capturedMinor: captured, reversedMinor: 0 },
  lastSellerTransactionId: {},
});

describe('judgeAnswer', () => {
  const overCapture = () =>
    moneyMovement('capture', authorized(100), { amount: { minor: 500 }, currency: 'SEK', currencies });

  it('should pass a 400 naming amount, or a path under it', () => {
    const named = judgeAnswer(spec, overCapture(), answer('createCapture', 400, validationProblem));
    const under = judgeAnswer(
      spec,
      overCapture(),
      answer('createCapture', 400, { ...validationProblem, Problems: { 'amount.value': ['x'] } }),
    );

    expect(named.failures).toEqual([]);
    expect(under.failures).toEqual([]);
  });

  it('should pass a camelCase validation problem at MUST (D-18)', () => {
    const camel = Object.fromEntries(
      Object.entries(validationProblem).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]),
    );

    expect(judgeAnswer(spec, overCapture(), answer('createCapture', 400, camel)).failures).toEqual([]);
  });

  it('should fail a 201 where the document refuses (BPO-MDL-001) and a 400 naming another field (BPO-MDL-003)', () => {
    const accepted = judgeAnswer(spec, overCapture(), answer('createCapture', 201, {}));
    const other = judgeAnswer(
      spec,
      overCapture(),
      answer('createCapture', 400, { ...validationProblem, Problems: { currency: ['x'] } }),
    );

    expect(accepted.failures.map((f) => f.checkId)).toEqual(['BPO-MDL-001']);
    expect(other.failures.map((f) => f.checkId)).toEqual(['BPO-MDL-003']);
  });

  it('should report an accepted currency mismatch as the SHOULD check BPO-MDL-006', () => {
    const mismatch = moneyMovement('capture', authorized(100), {
      amount: { minor: 5 },
      currency: 'EUR',
      currencies,
    });

    const judged = judgeAnswer(spec, mismatch, answer('createCapture', 201, {}));

    expect(judged.failures.map((f) => f.checkId)).toEqual(['BPO-MDL-006']);
    expect(judged.evaluated).toContain('BPO-MDL-006');
  });
});

describe('judgeOrder', () => {
  it('should pass an order that agrees with the oracle', () => {
    const judged = judgeOrder(orderBody, [authorized(100_000, 33_333)], real(33_333), 1);

    expect(judged.failures).toEqual([]);
  });

  it('should catch remainingAmount kept in floats (BPO-AMT-001)', () => {
    const body = { ...orderBody, remainingAmount: 1000 - 333.33 };

    const judged = judgeOrder(body, [authorized(100_000, 33_333)], real(33_333), 1);

    expect(judged.failures.map((f) => f.checkId)).toEqual(['BPO-AMT-001']);
    expect(judged.failures[0]?.message).toContain('666.6700000000001');
  });

  it('should fail a missing rel the state allows (BPO-LC-002) and a malformed entry', () => {
    const missing = { ...orderBody, operations: orderBody.operations.slice(1) };
    const malformed = {
      ...orderBody,
      operations: [...orderBody.operations, { rel: 'add-capture', method: 'GET' }],
    };

    expect(
      judgeOrder(missing, [authorized(100_000, 33_333)], real(33_333), 1).failures.map((f) => f.checkId),
    ).toEqual(['BPO-LC-002']);
    expect(
      judgeOrder(malformed, [authorized(100_000, 33_333)], real(33_333), 1).failures.map((f) => f.checkId),
    ).toEqual(['BPO-LC-002']);
  });

  it('should only warn (BPO-LC-004) about rels beyond the state, as the document examples list, and ignore unknown rels', () => {
    const all = {
      ...orderBody,
      operations: [
        ...orderBody.operations,
        { rel: 'redirect', method: 'POST', href: `/x/${orderBody.paymentOrderId}/redirect` },
        { rel: 'self', method: 'GET', href: '/x' },
      ],
    };

    const judged = judgeOrder(all, [authorized(100_000, 33_333)], real(33_333), 1);

    expect(judged.failures.map((f) => f.checkId)).toEqual(['BPO-LC-004']);
  });

  it('should follow a status the candidates allow, and refuse others (BPO-LC-001)', () => {
    const state = authorized(100_000, 33_333);
    const candidates = [
      { ...state, remainingMinor: 0 },
      { ...state, status: 'Canceled' as const, remainingMinor: 0 },
    ];
    const body = {
      ...orderBody,
      status: 'Canceled',
      remainingAmount: 0,
      operations: [orderBody.operations[1]],
    };

    const allowed = judgeOrder(body, candidates, real(33_333), 1);
    const refused = judgeOrder(body, [candidates[0] as OrderState], real(33_333), 1);

    expect(allowed.failures).toEqual([]);
    expect(allowed.state.status).toBe('Canceled');
    expect(refused.failures.map((f) => f.checkId)).toEqual(['BPO-LC-001']);
  });
});
