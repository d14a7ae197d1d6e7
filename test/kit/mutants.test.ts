// The kit proves it can fail: each deliberately broken implementation (mutants/)
// is caught by a MUST check, with a transcript, and for model-based failures with
// the minimal sequence and the seed and path that replay it.
import { describe, expect, it } from 'vitest';
import { reportValidator } from '../../conformance/report/json.ts';
import { junitXml } from '../../conformance/report/junit.ts';
import { runConformance } from '../../conformance/run.ts';
import { parseJunit } from '../../conformance/testing.ts';
import { mutants } from './mutants/index.ts';
import { mockTarget } from './support.ts';

const seed = 7;

describe.each(mutants.map((m) => [m.name, m] as const))('mutant %s (seed 7)', (_name, mutant) => {
  it(`should be caught: ${mutant.description}`, async () => {
    // Arrange
    const { mock, target } = await mockTarget({
      ...(mutant.faults === undefined ? {} : { faults: mutant.faults }),
      proxy: mutant.proxy,
      revision: mutant.revision,
    });
    try {
      // Act
      const report = await runConformance({
        api: 'bnpl-payment-order',
        target,
        adapter: 'mock',
        // Enough sequences that every mutant's minimal sequence turns up (30 miss some for some seeds).
        runs: 60,
        seed,
        suites: mutant.suites,
        modelBudgetMs: 15_000,
      });

      // Assert
      const failed = report.checks.filter((c) => c.outcome === 'failed');
      const caught = failed.filter((c) => (mutant.caughtBy as readonly string[]).includes(c.id));
      expect(report.outcome).toBe('failed');
      expect(
        caught.map((c) => c.id),
        `failed: ${failed.map((c) => c.id).join(', ')}`,
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
  }, 40_000);
});

describe('replaying a failure', () => {
  it('should reach the same minimal sequence with the printed --seed and --path', async () => {
    // Arrange
    const mutant = mutants.find((m) => m.name === 'float-remaining-amount');
    if (mutant === undefined) throw new Error('float-remaining-amount mutant missing');
    const { mock, target } = await mockTarget({
      ...(mutant.faults === undefined ? {} : { faults: mutant.faults }),
    });
    try {
      const run = (options: { seed: number; path?: string }) =>
        runConformance({
          api: 'bnpl-payment-order',
          target,
          adapter: 'mock',
          runs: 30,
          suites: ['model'],
          modelBudgetMs: 15_000,
          ...options,
        });
      const first = await run({ seed });
      const failure = first.checks.find((c) => c.id === 'BPO-AMT-001')?.failures[0];
      if (failure?.replay === undefined) throw new Error('no replayable BPO-AMT-001 failure');

      // Act
      const again = await run({ seed: failure.replay.seed, path: failure.replay.path });

      // Assert: the same steps (ids aside), found in one run without shrinking.
      const withoutIds = (steps: readonly string[] | undefined) =>
        steps?.map((s) => s.replace(/\(\d+\)/g, '(id)'));
      const replayed = again.checks.find((c) => c.id === 'BPO-AMT-001')?.failures[0];
      expect(withoutIds(replayed?.steps)).toEqual(withoutIds(failure.steps));
      expect(again.suites[0]?.runs).toBe(1);
    } finally {
      await mock.close();
    }
  }, 60_000);
});
