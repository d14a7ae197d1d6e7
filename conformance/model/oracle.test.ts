// The kit's oracle, without a server: for each step, the answers the document and
// DECISIONS.md's accept sets allow, and the orders they lead to.
import { describe, expect, it } from 'vitest';
import {
  afterCancelAuthorized,
  cancelWithoutAuthorization,
  overRemaining,
  redirectNotAwaiting,
  repeatedSellerId,
} from '../bnpl-payment-order/accepts.ts';
import {
  allowedRels,
  cancelAuthorize,
  create,
  created,
  customer,
  moneyMovement,
  type OrderState,
  type Prediction,
  redirect,
  requiredRels,
} from './oracle.ts';

const currencies = ['SEK', 'NOK', 'DKK', 'EUR'];

function authorized(minor: number, captured = 0): OrderState {
  const chosen = customer(created(minor, 'SEK', false), 'choosePaymentMethod');
  const approved = chosen && customer(chosen, 'authorize');
  if (approved === undefined) throw new Error('the customer could not approve');
  return { ...approved, remainingMinor: minor - captured, capturedMinor: captured };
}

const statuses = (p: Prediction) => p.outcomes.map((o) => o.status);
const nextStatuses = (p: Prediction) =>
  p.outcomes.flatMap((o) => (o.next.kind === 'states' ? o.next.states.map((s) => s.status) : ['(leaves)']));
const capture = (state: OrderState, minor: number, currency = 'SEK', repeated = false) =>
  moneyMovement('capture', state, { amount: { minor }, currency, currencies, repeated });

describe('create', () => {
  it('should accept 201 with a Created order whose remainingAmount is 0', () => {
    const prediction = create({
      amount: { minor: 100_000 },
      currency: 'SEK',
      currencies,
      singleProfile: false,
    });

    expect(statuses(prediction)).toEqual([201]);
    expect(prediction.outcomes[0]?.next).toMatchObject({
      kind: 'states',
      states: [{ status: 'Created', remainingMinor: 0, authorizationMinor: 100_000 }],
    });
  });

  const refusals: [
    string,
    { amount: { raw: number } | { minor: number }; currency: string; want: string[] },
  ][] = [
    ['a negative amount', { amount: { raw: -1 }, currency: 'SEK', want: ['authorizationAmount'] }],
    ['three decimals', { amount: { raw: 12.345 }, currency: 'SEK', want: ['authorizationAmount'] }],
    ['over 100000000', { amount: { raw: 100000000.01 }, currency: 'SEK', want: ['authorizationAmount'] }],
    ['a currency outside the enum', { amount: { minor: 100 }, currency: 'USD', want: ['currency'] }],
  ];
  for (const [name, { amount, currency, want }] of refusals) {
    it(`should refuse ${name} with 400 naming ${want.join(', ')}, and nothing else`, () => {
      const prediction = create({ amount, currency, currencies, singleProfile: false });

      expect(prediction.outcomes.map((o) => [o.status, o.parameters])).toEqual([[400, want]]);
    });
  }

  it('should prefer refusing authorizationAmount 0 but let 201 pass with a SHOULD warning (D-13)', () => {
    const prediction = create({ amount: { raw: 0 }, currency: 'SEK', currencies, singleProfile: false });

    expect(statuses(prediction)).toEqual([400, 201]);
    expect(prediction.outcomes[1]?.warn?.checkId).toBe('BPO-MDL-006');
  });

  it('should let a repeated sellerAuthorizationId be a new order, 409, or 400 naming it (D-07)', () => {
    const prediction = create({
      amount: { minor: 100 },
      currency: 'SEK',
      currencies,
      singleProfile: false,
      repeated: true,
    });

    expect(prediction.checkId).toBe('BPO-DUP-001');
    expect(statuses(prediction)).toEqual(repeatedSellerId.answers.map((a) => a.status));
    expect(prediction.outcomes[2]?.parameters).toEqual(['sellerAuthorizationId']);
  });
});

describe('moneyMovement', () => {
  it('should accept a capture within remainingAmount and take it off', () => {
    const prediction = capture(authorized(100_000), 33_333);

    expect(statuses(prediction)).toEqual([201]);
    expect(prediction.outcomes[0]?.next).toMatchObject({
      states: [{ remainingMinor: 66_667, capturedMinor: 33_333 }],
    });
  });

  it('should refuse a capture above remainingAmount with the D-01 accept set', () => {
    const prediction = capture(authorized(100), 101);

    expect(prediction.outcomes.map((o) => [o.status, o.parameters])).toEqual(
      overRemaining.answers.map((a) => [a.status, a.naming === undefined ? undefined : [a.naming]]),
    );
  });

  it('should refuse a capture on a Created order (remainingAmount 0)', () => {
    expect(statuses(capture(created(100, 'SEK', true), 1))).toEqual([400, 409]);
  });

  it('should refuse amount 0 at MUST: the document refuses it for `amount`', () => {
    const prediction = capture(authorized(100), 0);

    expect(prediction.outcomes.map((o) => [o.status, o.parameters, o.warn])).toEqual([
      [400, ['amount'], undefined],
    ]);
  });

  it('should refuse another currency, but let a 201 pass with a warning and the order leave the model (D-02)', () => {
    const prediction = capture(authorized(100), 50, 'EUR');

    expect(statuses(prediction)).toEqual([400, 409, 201]);
    expect(prediction.outcomes[0]?.parameters).toEqual(['currency']);
    expect(prediction.outcomes[2]?.next.kind).toBe('leaves');
    expect(prediction.outcomes[2]?.warn?.checkId).toBe('BPO-MDL-006');
  });

  it('should accept either name when both the currency and the amount are wrong', () => {
    const prediction = capture(authorized(100), 500, 'EUR');

    expect(prediction.outcomes.map((o) => [o.status, o.parameters])).toEqual([
      [400, ['amount', 'currency']],
      [409, undefined],
    ]);
  });

  it('should refuse a reversal above captured − reversed, and leave remainingAmount alone on one within', () => {
    const state = authorized(10_000, 4_000);

    const over = moneyMovement('reversal', state, { amount: { minor: 4_001 }, currency: 'SEK', currencies });
    const within = moneyMovement('reversal', state, {
      amount: { minor: 4_000 },
      currency: 'SEK',
      currencies,
    });

    expect(statuses(over)).toEqual([400, 409]);
    expect(within.outcomes[0]?.next).toMatchObject({
      states: [{ remainingMinor: 6_000, reversedMinor: 4_000 }],
    });
  });

  it('should let a repeated sellerTransactionId be refused with 409 or 400 naming it (D-07)', () => {
    const prediction = capture(authorized(100), 10, 'SEK', true);

    expect(prediction.checkId).toBe('BPO-DUP-001');
    expect(prediction.outcomes.map((o) => [o.status, o.parameters])).toEqual([
      [201, undefined],
      [409, undefined],
      [400, ['sellerTransactionId']],
    ]);
  });
});

describe('cancelAuthorize', () => {
  const cases: [string, { given: OrderState; want: string[] }][] = [
    [
      'a Created order is Canceled or stays Created (D-04)',
      { given: created(100, 'SEK', false), want: [...cancelWithoutAuthorization.created] },
    ],
    [
      'an Authorized order without captures is Authorized or Canceled (D-03)',
      { given: authorized(100), want: [...afterCancelAuthorized.statuses] },
    ],
    [
      'an Authorized order with captures is Authorized or Canceled (D-03)',
      { given: authorized(100, 40), want: [...afterCancelAuthorized.statuses] },
    ],
    [
      'a Rejected order stays Rejected (D-04)',
      { given: { ...created(100, 'SEK', false), status: 'Rejected' }, want: ['Rejected'] },
    ],
  ];
  for (const [name, { given, want }] of cases) {
    it(`should answer 204: ${name}`, () => {
      const prediction = cancelAuthorize(given);

      expect(statuses(prediction)).toEqual([204]);
      expect(nextStatuses(prediction)).toEqual(want);
    });
  }

  it('should leave remainingAmount 0 after cancelling an authorization', () => {
    const next = cancelAuthorize(authorized(100, 40)).outcomes[0]?.next;

    expect(next?.kind === 'states' && next.states.map((s) => s.remainingMinor)).toEqual([0, 0]);
  });
});

describe('redirect', () => {
  it('should answer 200 once a payment method is chosen, and 409 invalid-payment-method before', () => {
    expect(redirect(created(100, 'SEK', true)).outcomes.map((o) => [o.status, o.problem])).toEqual([
      [200, undefined],
    ]);
    expect(redirect(created(100, 'SEK', false)).outcomes.map((o) => [o.status, o.problem])).toEqual([
      [409, 'invalid-payment-method'],
    ]);
  });

  it('should accept the D-09 set on an order that no longer awaits the customer', () => {
    expect(statuses(redirect(authorized(100)))).toEqual(redirectNotAwaiting.answers.map((a) => a.status));
  });
});

describe('customer', () => {
  it('should fail a Created order to Failed, with nothing to capture', () => {
    const failed = customer(created(100, 'SEK', false), 'fail');

    expect(failed).toMatchObject({ status: 'Failed', remainingMinor: 0 });
    expect(failed && statuses(capture(failed, 1))).toEqual([400, 409]);
  });

  it('should refuse every step once the order no longer awaits the customer', () => {
    const steps = ['choosePaymentMethod', 'authorize', 'reject', 'fail'] as const;

    expect(steps.map((step) => customer(authorized(100), step))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('requiredRels and allowedRels', () => {
  const cases: [string, { given: OrderState; required: string[]; allowed: string[] }][] = [
    [
      'Created, nothing chosen',
      { given: created(100, 'SEK', false), required: [], allowed: ['cancel-authorize'] },
    ],
    [
      'Created, chosen',
      { given: created(100, 'SEK', true), required: ['redirect'], allowed: ['redirect', 'cancel-authorize'] },
    ],
    [
      'Authorized',
      {
        given: authorized(100),
        required: ['add-capture', 'cancel-authorize'],
        allowed: ['add-capture', 'cancel-authorize'],
      },
    ],
    [
      'Authorized, partly captured',
      {
        given: authorized(100, 40),
        required: ['add-capture', 'add-reversal', 'cancel-authorize'],
        allowed: ['add-capture', 'add-reversal', 'cancel-authorize'],
      },
    ],
    [
      'Authorized, fully captured',
      { given: authorized(100, 100), required: ['add-reversal'], allowed: ['add-reversal'] },
    ],
    [
      'Canceled with captures',
      {
        given: { ...authorized(100, 40), status: 'Canceled', remainingMinor: 0 },
        required: ['add-reversal'],
        allowed: ['add-reversal'],
      },
    ],
  ];
  for (const [name, { given, required, allowed }] of cases) {
    it(`should require [${required.join(', ')}] and allow [${allowed.join(', ')}]: ${name}`, () => {
      expect(requiredRels(given)).toEqual(required);
      expect(allowedRels(given)).toEqual(allowed);
    });
  }
});
