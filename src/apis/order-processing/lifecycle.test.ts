// The Order Processing lifecycle data (spec/order-processing.*.lifecycle.yaml), run
// by the engine: each rule fires in the check order op-decisions gives, and the
// schema accepts the sources it cites.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { orderProcessingAuthorisationLifecycle as authorisation } from '../../../generated/order-processing.authorisation.lifecycle.ts';
import { orderProcessingTransactionLifecycle as transaction } from '../../../generated/order-processing.transaction.lifecycle.ts';
import { createAjv } from '../../../lib/ajv.ts';
import { blankState, type CommandInput, decide, lint, type MachineState } from '../../core/lifecycle.ts';

type A = typeof authorisation;
type T = typeof transaction;

function authorised(amount: number, approved = true): MachineState<A> {
  const result = decide(authorisation, blankState(authorisation, 'GBP'), 'authorise', { amount, approved });
  if (!result.ok) throw new Error(result.rule);
  return result.state;
}

function settledTransaction(amount: number): MachineState<T> {
  const result = decide(transaction, blankState(transaction, 'GBP'), 'settle', { amount });
  if (!result.ok) throw new Error(result.rule);
  return result.state;
}

describe('spec/order-processing.*.lifecycle.yaml', () => {
  it.each([
    ['authorisation', authorisation],
    ['transaction', transaction],
  ])('should reference only what the %s lifecycle defines', (_, lifecycle) => {
    expect(lint(lifecycle)).toEqual([]);
  });

  it('should be valid against spec/lifecycle.schema.json, which refuses an unknown source', async () => {
    const schema = JSON.parse(await readFile('spec/lifecycle.schema.json', 'utf8'));
    const validate = createAjv().compile(schema);
    for (const file of [
      'spec/order-processing.authorisation.lifecycle.yaml',
      'spec/order-processing.transaction.lifecycle.yaml',
      'spec/bnpl-payment-order.lifecycle.yaml',
    ]) {
      expect(validate(parse(await readFile(file, 'utf8'))), file).toBe(true);
    }
    const guessed = {
      ...structuredClone(authorisation),
      rules: { x: { description: '', problem: 'x', source: 'a guess' } },
    };
    expect(validate(guessed)).toBe(false);
  });
});

describe('authorise', () => {
  it('should hold the whole amount when approved', () => {
    const state = authorised(5000);
    expect([state.status, state.quantities]).toEqual([
      'Authorised',
      { authorised: 5000, settled: 0, reversed: 0, remainingFloat: 5000 },
    ]);
  });

  it('should hold nothing when declined', () => {
    const state = authorised(5000, false);
    expect([state.status, state.quantities]).toEqual([
      'Declined',
      { authorised: 0, settled: 0, reversed: 0, remainingFloat: 0 },
    ]);
  });
});

describe('settle and reverse', () => {
  it.each<[string, { given: [MachineState<A>, 'settle' | 'reverse', CommandInput]; want: string }]>([
    [
      'settle on a Declined authorisation, even above the float',
      {
        given: [authorised(100, false), 'settle', { amount: 500, partialAllowed: false }],
        want: 'authorisation-declined',
      },
    ],
    [
      'reverse on a Declined authorisation',
      {
        given: [authorised(100, false), 'reverse', { amount: 1, partialAllowed: true }],
        want: 'authorisation-declined',
      },
    ],
    [
      'settle above the float, before partial',
      {
        given: [authorised(100), 'settle', { amount: 101, partialAllowed: false }],
        want: 'insufficient-float',
      },
    ],
    [
      'reverse above the float',
      {
        given: [authorised(100), 'reverse', { amount: 101, partialAllowed: true }],
        want: 'insufficient-float',
      },
    ],
    [
      'partial settle when the merchant forbids it',
      {
        given: [authorised(100), 'settle', { amount: 99, partialAllowed: false }],
        want: 'partial-not-allowed',
      },
    ],
    [
      'partial reverse when the merchant forbids it',
      {
        given: [authorised(100), 'reverse', { amount: 1, partialAllowed: false }],
        want: 'partial-not-allowed',
      },
    ],
  ])('should refuse %s', (_, { given: [state, command, input], want }) => {
    expect(decide(authorisation, state, command, input)).toEqual({ ok: false, rule: want });
  });

  it.each<[string, { given: ['settle' | 'reverse', CommandInput]; want: Record<string, number> }]>([
    [
      'a partial settlement',
      {
        given: ['settle', { amount: 30, partialAllowed: true }],
        want: { authorised: 100, settled: 30, reversed: 0, remainingFloat: 70 },
      },
    ],
    [
      'a whole settlement where partial is forbidden',
      {
        given: ['settle', { amount: 100, partialAllowed: false }],
        want: { authorised: 100, settled: 100, reversed: 0, remainingFloat: 0 },
      },
    ],
    [
      'a partial reversal',
      {
        given: ['reverse', { amount: 40, partialAllowed: true }],
        want: { authorised: 100, settled: 0, reversed: 40, remainingFloat: 60 },
      },
    ],
  ])('should apply %s', (_, { given: [command, input], want }) => {
    const result = decide(authorisation, authorised(100), command, input);
    expect(result.ok && result.state.quantities).toEqual(want);
  });
});

describe('upwardAdjustment', () => {
  it('should grow authorised and remainingFloat when approved, even from a float of 0', () => {
    const spent = decide(authorisation, authorised(100), 'settle', { amount: 100, partialAllowed: true });
    if (!spent.ok) throw new Error(spent.rule);
    const result = decide(authorisation, spent.state, 'upwardAdjustment', { amount: 50, approved: true });
    expect(result.ok && result.state.quantities).toEqual({
      authorised: 150,
      settled: 100,
      reversed: 0,
      remainingFloat: 50,
    });
  });

  it('should change nothing when declined', () => {
    const result = decide(authorisation, authorised(100), 'upwardAdjustment', {
      amount: 50,
      approved: false,
    });
    expect(result.ok && result.state).toEqual(authorised(100));
  });

  it('should refuse a Declined authorisation', () => {
    expect(
      decide(authorisation, authorised(100, false), 'upwardAdjustment', { amount: 1, approved: true }),
    ).toEqual({
      ok: false,
      rule: 'authorisation-declined',
    });
  });
});

describe('refund', () => {
  it.each<[string, { given: CommandInput; want: string }]>([
    [
      'more than is left, before partial',
      { given: { amount: 101, partialAllowed: false }, want: 'refund-exceeds-settled' },
    ],
    [
      'a partial refund when the merchant forbids it',
      { given: { amount: 50, partialAllowed: false }, want: 'partial-not-allowed' },
    ],
  ])('should refuse %s', (_, { given, want }) => {
    expect(decide(transaction, settledTransaction(100), 'refund', given)).toEqual({ ok: false, rule: want });
  });

  it('should refund in parts up to what was settled, and no further', () => {
    const first = decide(transaction, settledTransaction(100), 'refund', {
      amount: 60,
      partialAllowed: true,
    });
    if (!first.ok) throw new Error(first.rule);
    expect(first.state.quantities).toEqual({ settled: 100, refunded: 60 });
    expect(decide(transaction, first.state, 'refund', { amount: 41, partialAllowed: true })).toEqual({
      ok: false,
      rule: 'refund-exceeds-settled',
    });
    const rest = decide(transaction, first.state, 'refund', { amount: 40, partialAllowed: false });
    expect(rest.ok && rest.state.quantities).toEqual({ settled: 100, refunded: 100 });
  });
});
