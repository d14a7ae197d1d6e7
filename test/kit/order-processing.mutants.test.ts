// The Order Processing kit proves it can fail: each deliberately broken implementation
// (order-processing/mutants.ts) is caught by a MUST check, with a transcript, and for
// model-based failures with the minimal sequence and the seed and path that replay it.
import { describe, expect, it } from 'vitest';
import { reportValidator } from '../../conformance/report/json.ts';
import { junitXml } from '../../conformance/report/junit.ts';
import { runConformance } from '../../conformance/run.ts';
import { parseJunit } from '../../conformance/testing.ts';
import { opMutants } from './order-processing/mutants.ts';
import { opMockTarget } from './order-processing/support.ts';

const seed = 7;

describe.each(opMutants.map((m) => [m.name, m] as const))(
  'Order Processing mutant %s (seed 7)',
  (_name, mutant) => {
    it(`should be caught: ${mutant.description}`, async () => {
      // Arrange
      const { mock, target } = await opMockTarget({ faults: mutant.faults, proxy: mutant.proxy });
      try {
        // Act
        const report = await runConformance({
          api: 'order-processing',
          target,
          adapter: 'mock',
          runs: 40,
          seed,
          suites: mutant.suites,
          modelBudgetMs: 15_000,
          concurrencyRounds: 1,
        });

        // Assert
        const failed = report.checks.filter((c) => c.outcome === 'failed');
        const caught = failed.filter((c) => (mutant.caughtBy as readonly string[]).includes(c.id));
        expect(report.outcome).toBe('failed');
        expect(
          caught.map((c) => c.id),
          `failed: ${failed.map((c) => `${c.id}: ${c.failures[0]?.message}`).join('\n')}`,
        ).not.toEqual([]);
        for (const check of caught) {
          expect(check.level).toBe('MUST');
          const failure = check.failures[0];
          expect(failure?.transcript.length).toBeGreaterThan(0);
          if (check.suite === 'model') {
            expect(failure?.steps?.length).toBeGreaterThan(0);
            expect(failure?.replay?.arguments).toMatch(/^--seed \d+ --path '.+'$/);
          }
        }
        const validate = await reportValidator();
        expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
        expect((await parseJunit(junitXml(report))).failures).toBe(failed.length);
      } finally {
        await mock.close();
      }
    }, 60_000);
  },
);

describe('replaying an Order Processing failure', () => {
  it('should reach the same minimal sequence with the printed --seed and --path', async () => {
    // Arrange: the mock is reset before each sequence, so a sequence run alone starts as it did in the run.
    const mutant = opMutants.find((m) => m.name === 'remaining-float-in-floats');
    if (mutant === undefined) throw new Error('remaining-float-in-floats mutant missing');
    const { mock, target } = await opMockTarget({ proxy: mutant.proxy });
    try {
      const run = (options: { seed: number; path?: string }) =>
        runConformance({
          api: 'order-processing',
          target,
          adapter: 'mock',
          runs: 30,
          suites: ['model'],
          modelBudgetMs: 15_000,
          ...options,
        });
      const first = await run({ seed });
      const failure = first.checks.find((c) => c.id === 'OP-FLT-001')?.failures[0];
      if (failure?.replay === undefined) throw new Error('no replayable OP-FLT-001 failure');

      // Act
      const again = await run({ seed: failure.replay.seed, path: failure.replay.path });

      // Assert: the same steps, found in one run without shrinking.
      const replayed = again.checks.find((c) => c.id === 'OP-FLT-001')?.failures[0];
      expect(replayed?.steps).toEqual(failure.steps);
      expect(replayed?.message.replace(/^#\d+: /, '')).toEqual(failure.message.replace(/^#\d+: /, ''));
      expect(again.suites[0]?.runs).toBe(1);
    } finally {
      await mock.close();
    }
  }, 60_000);
});
