// The kit does not fail a correct implementation: each alternative (alternatives/)
// reads the document differently where it is silent, and must pass with no MUST
// failure and at most the SHOULD warnings it lists; with --strict those warnings fail.
import { describe, expect, it } from 'vitest';
import { reportValidator } from '../../conformance/report/json.ts';
import { runConformance } from '../../conformance/run.ts';
import { alternatives } from './alternatives/index.ts';
import { mockTarget } from './support.ts';

const seed = 11;

async function run(alternative: (typeof alternatives)[number], strict = false) {
  const { mock, target } = await mockTarget({
    ...(alternative.faults === undefined ? {} : { faults: alternative.faults }),
    ...(alternative.proxy === undefined ? {} : { proxy: await alternative.proxy() }),
  });
  try {
    return await runConformance({
      api: 'bnpl-payment-order',
      target,
      adapter: 'mock',
      runs: 20,
      seed,
      strict,
      concurrencyRounds: 1,
      modelBudgetMs: 20_000,
    });
  } finally {
    await mock.close();
  }
}

describe.each(alternatives.map((a) => [a.name, a] as const))(
  'alternative %s (seed 11)',
  (_name, alternative) => {
    it(`should pass: ${alternative.description}`, async () => {
      // Act
      const report = await run(alternative);

      // Assert
      const failed = report.checks.filter((c) => c.outcome === 'failed');
      const warned = report.checks.filter((c) => c.outcome === 'warning').map((c) => c.id);
      expect(
        failed.map((c) => c.id),
        failed.map((c) => c.failures[0]?.message).join('\n'),
      ).toEqual([]);
      expect(report.outcome).toBe('passed');
      expect(warned.sort()).toEqual([...alternative.warns].sort());
      if (alternative.reached !== undefined) {
        expect(report.checks.find((c) => c.id === alternative.reached)?.evaluations).toBeGreaterThan(0);
      }
      const validate = await reportValidator();
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    }, 60_000);
  },
);

describe('--strict', () => {
  it('should fail the SHOULD checks a reading of its own warns about', async () => {
    const camel = alternatives.find((a) => a.name === 'camel-case-problems');
    if (camel === undefined) throw new Error('camel-case-problems alternative missing');

    const report = await run(camel, true);

    expect(report.outcome).toBe('failed');
    expect(report.options.strict).toBe(true);
    expect(report.checks.filter((c) => c.outcome === 'failed').map((c) => [c.id, c.level])).toEqual([
      ['BPO-PB-005', 'SHOULD'],
    ]);
  }, 60_000);
});
