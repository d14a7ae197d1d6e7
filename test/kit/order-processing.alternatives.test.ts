// The Order Processing kit does not fail a correct implementation: each alternative
// (order-processing/alternatives.ts) reads our decisions differently where the sources
// are silent, and must pass with no MUST failure and only the SHOULD warnings it lists.
import { describe, expect, it } from 'vitest';
import { reportValidator } from '../../conformance/report/json.ts';
import { runConformance } from '../../conformance/run.ts';
import { opAlternatives } from './order-processing/alternatives.ts';
import { opMockTarget } from './order-processing/support.ts';

const seed = 11;

describe.each(opAlternatives.map((a) => [a.name, a] as const))(
  'Order Processing alternative %s (seed 11)',
  (_name, alternative) => {
    it(`should pass: ${alternative.description}`, async () => {
      // Arrange
      const { mock, target } = await opMockTarget({
        proxy: alternative.proxy,
        otherCustomerRef: '4vMgYYLnQJ',
      });
      try {
        // Act
        const report = await runConformance({
          api: 'order-processing',
          target,
          adapter: 'mock',
          runs: 25,
          seed,
          concurrencyRounds: 1,
          modelBudgetMs: 20_000,
        });

        // Assert
        const failed = report.checks.filter((c) => c.outcome === 'failed');
        const warned = report.checks.filter((c) => c.outcome === 'warning').map((c) => c.id);
        expect(
          failed.map((c) => c.id),
          failed.map((c) => c.failures[0]?.message).join('\n'),
        ).toEqual([]);
        expect(report.outcome).toBe('passed');
        expect(
          warned.sort(),
          report.checks
            .filter((c) => c.outcome === 'warning')
            .map((c) => `${c.id}: ${c.failures[0]?.message}`)
            .join('\n'),
        ).toEqual([...alternative.warns].sort());
        if (alternative.reached !== undefined) {
          expect(report.checks.find((c) => c.id === alternative.reached)?.evaluations).toBeGreaterThan(0);
        }
        const validate = await reportValidator();
        expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      } finally {
        await mock.close();
      }
    }, 60_000);
  },
);
