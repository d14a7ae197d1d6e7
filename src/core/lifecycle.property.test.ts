// The bnpl-payment-order lifecycle data, executed by the engine: table tests of the
// decisions in spec/DECISIONS.md, and properties over random command sequences that
// the amounts can never break.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bnplPaymentOrderLifecycle as lifecycle } from '../../generated/bnpl-payment-order.lifecycle.ts';
import {
  blankState,
  type CommandOf,
  decide,
  lint,
  type MachineState,
  offeredOperations,
} from './lifecycle.ts';

type L = typeof lifecycle;
type State = MachineState<L>;

function created(amount = 100_000, singleProfile = false): State {
  const result = decide(lifecycle, blankState(lifecycle, 'SEK'), 'create', { amount, singleProfile });
  if (!result.ok) throw new Error(result.rule);
  return result.state;
}

function run(state: State, ...steps: [CommandOf<L>, Record<string, number | string | boolean>?][]): State {
  let current = state;
  for (const [command, input = {}] of steps) {
    const result = decide(lifecycle, current, command, input);
    if (!result.ok) throw new Error(`${command}: ${result.rule}`);
    current = result.state;
  }
  return current;
}

const money = (amount: number) => ({ amount, currency: 'SEK' });
const authorized = (amount = 100_000) =>
  run(created(amount), ['choosePaymentMethod', { profileAllowed: true }], ['authorize']);

describe('spec/bnpl-payment-order.lifecycle.yaml', () => {
  it('should reference only what it defines', () => {
    expect(lint(lifecycle)).toEqual([]);
  });

  it('should start Created with remainingAmount 0 (document 1.2)', () => {
    const state = created(100_000);
    expect(state.status).toBe('Created');
    expect(state.quantities).toMatchObject({ authorizationAmount: 100_000, remainingAmount: 0 });
  });

  it('should make remainingAmount equal authorizationAmount on approval (document 1.1)', () => {
    expect(authorized(100_000).quantities.remainingAmount).toBe(100_000);
  });

  it('should refuse redirect before a payment method is chosen (document 5.1)', () => {
    expect(decide(lifecycle, created(), 'redirect', {})).toEqual({
      ok: false,
      rule: 'payment-method-not-chosen',
    });
    expect(decide(lifecycle, created(100, true), 'redirect', {}).ok).toBe(true);
  });

  it.each<[string, () => State, CommandOf<L>, Record<string, number | string>, string]>([
    ['capture on a Created order', () => created(), 'capture', money(1), 'capture-exceeds-remaining-amount'],
    [
      'capture above remainingAmount',
      () => authorized(1000),
      'capture',
      money(1001),
      'capture-exceeds-remaining-amount',
    ],
    [
      'capture in another currency',
      () => authorized(),
      'capture',
      { amount: 1, currency: 'EUR' },
      'currency-mismatch',
    ],
    [
      'reversal before any capture',
      () => authorized(),
      'reverse',
      money(1),
      'reversal-exceeds-reversible-amount',
    ],
    ['redirect after approval', () => authorized(), 'redirect', {}, 'order-not-awaiting-customer'],
    ['a second approval', () => authorized(), 'authorize', {}, 'order-not-awaiting-customer'],
  ])('should refuse %s', (_, state, command, input, rule) => {
    expect(decide(lifecycle, state(), command, input)).toEqual({ ok: false, rule });
  });

  it('should check the currency before the amount', () => {
    expect(decide(lifecycle, created(), 'capture', { amount: 1, currency: 'EUR' })).toEqual({
      ok: false,
      rule: 'currency-mismatch',
    });
  });

  it.each<[string, () => State, string, string[]]>([
    ['Created', () => created(), 'Canceled', []],
    ['Authorized without captures', () => authorized(), 'Canceled', []],
    [
      'Authorized with captures',
      () => run(authorized(1000), ['capture', money(400)]),
      'Authorized',
      ['Canceled'],
    ],
  ])('should cancel-authorize a %s order', (_, state, status, acceptAlso) => {
    const result = decide(lifecycle, state(), 'cancelAuthorize', {});
    expect(result).toMatchObject({
      ok: true,
      state: { status, quantities: { remainingAmount: 0 } },
      acceptAlso,
    });
  });

  it('should leave a cancelled order as it is on a second cancel-authorize', () => {
    const once = run(authorized(), ['cancelAuthorize']);
    expect(run(once, ['cancelAuthorize'])).toEqual(once);
  });

  it.each<[string, () => State, string[]]>([
    ['Created without a chosen method', () => created(), ['cancel-authorize']],
    ['Created with a chosen method', () => created(100, true), ['cancel-authorize', 'redirect']],
    ['Authorized in full', () => authorized(), ['add-capture', 'cancel-authorize']],
    [
      'Authorized, partly captured',
      () => run(authorized(1000), ['capture', money(400)]),
      ['add-capture', 'add-reversal', 'cancel-authorize'],
    ],
    ['Authorized, fully captured', () => run(authorized(1000), ['capture', money(1000)]), ['add-reversal']],
    [
      'fully captured and fully reversed',
      () => run(authorized(1000), ['capture', money(1000)], ['reverse', money(1000)]),
      [],
    ],
    ['Canceled', () => run(created(), ['cancelAuthorize']), []],
    ['Rejected', () => run(created(), ['reject']), []],
  ])('should offer exactly the allowed rels on a %s order', (_, state, rels) => {
    expect(offeredOperations(lifecycle, state()).sort()).toEqual([...rels].sort());
  });
});

// A random walk over every command with amounts near the limits.
const step = (max: number) =>
  fc.oneof(
    fc.constant(['choosePaymentMethod', { profileAllowed: true }] as const),
    fc.constant(['redirect', {}] as const),
    fc.constant(['authorize', {}] as const),
    fc.constant(['reject', {}] as const),
    fc.constant(['fail', {}] as const),
    fc.constant(['cancelAuthorize', {}] as const),
    fc.tuple(
      fc.constant('capture' as const),
      fc.record({ amount: fc.integer({ min: 1, max }), currency: fc.constant('SEK') }),
    ),
    fc.tuple(
      fc.constant('reverse' as const),
      fc.record({ amount: fc.integer({ min: 1, max }), currency: fc.constant('SEK') }),
    ),
  );

describe('any sequence of commands', () => {
  it('should keep the amounts consistent and the offered operations truthful', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_000 }),
        fc.array(step(2000), { maxLength: 30 }),
        (amount, steps) => {
          let state = created(Math.min(amount, 2000));
          let captured = 0;
          let reversed = 0;
          for (const [command, input] of steps) {
            const before = state;
            const result = decide(lifecycle, state, command, input);
            if (result.ok) {
              state = result.state;
              if (command === 'capture') captured += input.amount;
              if (command === 'reverse') reversed += input.amount;
            } else {
              // A refused capture or reversal asked for more than the order allowed.
              expect(state).toBe(before);
              if (command === 'capture')
                expect(input.amount).toBeGreaterThan(before.quantities.remainingAmount);
              if (command === 'reverse') expect(input.amount).toBeGreaterThan(captured - reversed);
            }
            const q = state.quantities;
            expect(q.capturedAmount).toBe(captured);
            expect(q.reversedAmount).toBe(reversed);
            expect(reversed).toBeLessThanOrEqual(captured);
            expect(q.remainingAmount + captured).toBeLessThanOrEqual(q.authorizationAmount);
            if (state.status !== 'Authorized') expect(q.remainingAmount).toBe(0);
            // An offered capture or reversal of one minor unit always succeeds.
            const offered = offeredOperations(lifecycle, state);
            for (const [rel, command] of [
              ['add-capture', 'capture'],
              ['add-reversal', 'reverse'],
            ] as const) {
              const attempt = decide(lifecycle, state, command, money(1));
              expect(attempt.ok, `${rel} offered=${offered.includes(rel)}`).toBe(offered.includes(rel));
            }
          }
        },
      ),
    );
  });
});
