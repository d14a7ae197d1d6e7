// Random sequences of authorise / adjust / settle / reverse / refund across
// customers and merchants: after every step the amount and credit invariants hold,
// each outcome is the one an independent model predicts, and a declined
// authorisation or a refused command moves nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorise, refund, reverse, settle, upwardAdjustment } from './authorisations.ts';
import {
  type AuthorisationRecord,
  type CreditRecord,
  creditKey,
  freshCredit,
  type TransactionRecord,
} from './records.ts';
import { customerFor, merchantFor, productFor } from './sandbox-data.ts';
import { accessFor, data, gbp, merchantId, scaTokenFor, strictMerchantId } from './test-fixtures.ts';

const customers = ['123456789', 'limit-100', 'always-declined', 'my-own-ref'] as const;
const merchants = [merchantId, strictMerchantId] as const;

/** An amount: a number of pence, or "all that is left" (what a strict merchant needs). */
const amount = fc.oneof(
  fc.integer({ min: 1, max: 700_000 }),
  fc.integer({ min: 1, max: 6_000 }),
  fc.constant('all' as const),
);

const command = fc.oneof(
  fc.record({
    kind: fc.constant('authorise' as const),
    customer: fc.constantFrom(...customers),
    merchant: fc.constantFrom(...merchants),
    amount: fc.integer({ min: 1, max: 700_000 }),
  }),
  fc.record({
    kind: fc.constant('adjust' as const),
    pick: fc.nat(),
    amount: fc.integer({ min: 1, max: 700_000 }),
  }),
  fc.record({ kind: fc.constantFrom('settle' as const, 'reverse' as const), pick: fc.nat(), amount }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), amount }),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

class World {
  readonly authorisations: AuthorisationRecord[] = [];
  readonly transactions: TransactionRecord[] = [];
  readonly credits = new Map<string, CreditRecord>();
  private ids = 0;

  id(prefix: string): string {
    this.ids += 1;
    return `${prefix}-${this.ids}`;
  }

  credit(merchant: string, customerRef: string): CreditRecord | undefined {
    return this.credits.get(creditKey(merchant, customerRef));
  }

  available(merchant: string, customerRef: string): number {
    const credit = this.credit(merchant, customerRef) ?? freshCredit(merchant, customerRef);
    return customerFor(data, customerRef).creditLimit - credit.held - credit.owed;
  }

  putCredit(credit: CreditRecord): void {
    this.credits.set(creditKey(credit.merchantId, credit.customerRef), credit);
  }

  putAuthorisation(authorisation: AuthorisationRecord): void {
    const i = this.authorisations.findIndex((a) => a.authorisationId === authorisation.authorisationId);
    if (i < 0) this.authorisations.push(authorisation);
    else this.authorisations[i] = authorisation;
  }

  putTransaction(transaction: TransactionRecord): void {
    const i = this.transactions.findIndex((t) => t.transactionId === transaction.transactionId);
    if (i < 0) this.transactions.push(transaction);
    else this.transactions[i] = transaction;
  }
}

/** Runs one command, asserting its outcome against the model; returns what it did, for failure reports. */
function step(world: World, c: Command): string {
  if (c.kind === 'authorise') {
    const customer = customerFor(data, c.customer);
    const approve =
      customer.declineReason === undefined && c.amount <= world.available(c.merchant, c.customer);
    const before = world.credit(c.merchant, c.customer);
    const result = authorise({
      merchantId: c.merchant,
      customerRef: c.customer,
      accessToken: accessFor(c.customer),
      scaToken: scaTokenFor(c.customer, c.amount, { merchantId: c.merchant }),
      customer,
      product: productFor(data, 'default'),
      credit: before,
      request: { amount: gbp(c.amount), orderReference: 'o' },
      authorisationId: world.id('a'),
    });
    if (!result.ok) throw new Error(`authorise refused: ${result.refusal.detail}`);
    expect(result.value.answer.result).toBe(approve ? 'Authorised' : 'Declined');
    if (!approve) {
      // A declined authorisation moves nothing.
      expect(result.value.credit).toEqual(before ?? freshCredit(c.merchant, c.customer));
    }
    world.putAuthorisation(result.value.authorisation);
    world.putCredit(result.value.credit);
    return `authorise ${c.customer} ${c.amount} → ${result.value.answer.result}`;
  }

  if (c.kind === 'refund') {
    const transaction = world.transactions[c.pick % Math.max(world.transactions.length, 1)];
    if (transaction === undefined) return 'refund: no transaction yet';
    const { settled, refunded } = transaction.machine.quantities;
    const left = settled - refunded;
    const pence = c.amount === 'all' ? left : c.amount;
    if (pence < 1) return 'refund: nothing left';
    const merchant = merchantFor(data, transaction.merchantId);
    const want =
      pence > left
        ? 'refund-exceeds-settled'
        : !merchant.partialRefund && pence !== left
          ? 'partial-not-allowed'
          : 'ok';
    const result = refund({
      merchantId: transaction.merchantId,
      customerRef: transaction.customerRef,
      transactionId: transaction.transactionId,
      transaction,
      merchant,
      credit: world.credit(transaction.merchantId, transaction.customerRef),
      request: { amount: gbp(pence) },
      refundTransactionId: world.id('rt'),
    });
    expect(result.ok ? 'ok' : result.refusal.problem).toBe(want);
    if (result.ok) {
      world.putTransaction(result.value.transaction);
      world.putCredit(result.value.credit);
    }
    return `refund ${pence} of ${left} → ${want}`;
  }

  const authorisation = world.authorisations[c.pick % Math.max(world.authorisations.length, 1)];
  if (authorisation === undefined) return `${c.kind}: no authorisation yet`;
  const { merchantId: m, customerRef } = authorisation;
  const q = authorisation.machine.quantities;
  const declined = authorisation.machine.status === 'Declined';
  const credit = world.credit(m, customerRef);

  if (c.kind === 'adjust') {
    const approve =
      customerFor(data, customerRef).declineReason === undefined &&
      c.amount <= world.available(m, customerRef);
    const result = upwardAdjustment({
      merchantId: m,
      customerRef,
      authorisationId: authorisation.authorisationId,
      accessToken: accessFor(customerRef),
      authorisation,
      customer: customerFor(data, customerRef),
      credit,
      request: { amount: gbp(c.amount) },
    });
    const want = declined ? 'authorisation-declined' : approve ? 'Authorised' : 'Declined';
    expect(result.ok ? result.value.answer.result : result.refusal.problem).toBe(want);
    if (result.ok) {
      if (!approve) expect(result.value.authorisation).toBe(authorisation);
      world.putAuthorisation(result.value.authorisation);
      world.putCredit(result.value.credit);
    }
    return `adjust ${c.amount} → ${want}`;
  }

  const pence = c.amount === 'all' ? q.remainingFloat : c.amount;
  if (pence < 1) return `${c.kind}: float is 0`;
  const merchant = merchantFor(data, m);
  const partial = c.kind === 'settle' ? merchant.partialSettle : merchant.partialReverse;
  const want = declined
    ? 'authorisation-declined'
    : pence > q.remainingFloat
      ? 'insufficient-float'
      : !partial && pence !== q.remainingFloat
        ? 'partial-not-allowed'
        : 'ok';
  const common = {
    merchantId: m,
    customerRef,
    authorisationId: authorisation.authorisationId,
    authorisation,
    merchant,
    credit,
  };
  if (c.kind === 'settle') {
    const result = settle({ ...common, request: { amount: gbp(pence) }, transactionId: world.id('t') });
    expect(result.ok ? 'ok' : result.refusal.problem).toBe(want);
    if (result.ok) {
      world.putAuthorisation(result.value.authorisation);
      world.putTransaction(result.value.transaction);
      world.putCredit(result.value.credit);
    }
  } else {
    const result = reverse({
      ...common,
      request: { amount: gbp(pence) },
      authorisationReversalId: world.id('r'),
    });
    expect(result.ok ? 'ok' : result.refusal.problem).toBe(want);
    if (result.ok) {
      expect(result.value.answer.remainingFloat).toBe(
        result.value.authorisation.machine.quantities.remainingFloat,
      );
      world.putAuthorisation(result.value.authorisation);
      world.putCredit(result.value.credit);
    }
  }
  return `${c.kind} ${pence} of ${q.remainingFloat} → ${want}`;
}

function checkInvariants(world: World): void {
  for (const a of world.authorisations) {
    const { authorised, settled, reversed, remainingFloat } = a.machine.quantities;
    expect(settled + reversed).toBeLessThanOrEqual(authorised);
    expect(remainingFloat).toBe(authorised - settled - reversed);
    if (a.machine.status === 'Declined')
      expect(a.machine.quantities).toEqual({ authorised: 0, settled: 0, reversed: 0, remainingFloat: 0 });
    const own = world.transactions.filter((t) => t.authorisationId === a.authorisationId);
    expect(own.reduce((sum, t) => sum + t.machine.quantities.settled, 0)).toBe(settled);
  }
  for (const t of world.transactions) {
    expect(t.machine.quantities.refunded).toBeLessThanOrEqual(t.machine.quantities.settled);
  }
  const keys = new Set([
    ...world.authorisations.map((a) => creditKey(a.merchantId, a.customerRef)),
    ...world.credits.keys(),
  ]);
  for (const key of keys) {
    const credit = world.credits.get(key);
    const mine = (r: { merchantId: string; customerRef: string }) =>
      creditKey(r.merchantId, r.customerRef) === key;
    const floats = world.authorisations
      .filter(mine)
      .reduce((sum, a) => sum + a.machine.quantities.remainingFloat, 0);
    const owed = world.transactions
      .filter(mine)
      .reduce((sum, t) => sum + t.machine.quantities.settled - t.machine.quantities.refunded, 0);
    expect([credit?.held ?? 0, credit?.owed ?? 0]).toEqual([floats, owed]);
    if (credit !== undefined) {
      // available = limit − Σ floats − Σ (settled − refunded), never negative
      expect(customerFor(data, credit.customerRef).creditLimit - floats - owed).toBeGreaterThanOrEqual(0);
    }
  }
}

describe('order-processing decisions', () => {
  it('should keep every amount and credit invariant after every step of any sequence', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        const world = new World();
        const log: string[] = [];
        for (const c of commands) {
          try {
            log.push(step(world, c));
            checkInvariants(world);
          } catch (error) {
            throw new Error(`${(error as Error).message}\nafter: ${log.join('; ')}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should reach every outcome the model knows, so the property is not vacuous', () => {
    // Arrange: a fixed sequence through the strict merchant and a small limit.
    const world = new World();
    const outcomes = [
      { kind: 'authorise', customer: 'limit-100', merchant: strictMerchantId, amount: 6000 },
      { kind: 'authorise', customer: 'limit-100', merchant: strictMerchantId, amount: 5000 },
      { kind: 'authorise', customer: 'always-declined', merchant: merchantId, amount: 100 },
      { kind: 'settle', pick: 2, amount: 1 },
      { kind: 'settle', pick: 0, amount: 6001 },
      { kind: 'settle', pick: 0, amount: 1000 },
      { kind: 'adjust', pick: 0, amount: 4001 },
      { kind: 'adjust', pick: 0, amount: 4000 },
      { kind: 'settle', pick: 0, amount: 'all' },
      { kind: 'refund', pick: 0, amount: 1 },
      { kind: 'refund', pick: 0, amount: 10001 },
      { kind: 'refund', pick: 0, amount: 'all' },
    ] as Command[];
    // Act
    const log = outcomes.map((c) => {
      const line = step(world, c);
      checkInvariants(world);
      return line;
    });
    // Assert
    expect(log).toEqual([
      'authorise limit-100 6000 → Authorised',
      'authorise limit-100 5000 → Declined',
      'authorise always-declined 100 → Declined',
      'settle 1 of 0 → authorisation-declined',
      'settle 6001 of 6000 → insufficient-float',
      'settle 1000 of 6000 → partial-not-allowed',
      'adjust 4001 → Declined',
      'adjust 4000 → Authorised',
      'settle 10000 of 10000 → ok',
      'refund 1 of 10000 → partial-not-allowed',
      'refund 10001 of 10000 → refund-exceeds-settled',
      'refund 10000 of 10000 → ok',
    ]);
    expect(world.available(strictMerchantId, 'limit-100')).toBe(10000);
    expect(world.credits.get(creditKey(strictMerchantId, 'limit-100'))).toMatchObject({ held: 0, owed: 0 });
  });
});
