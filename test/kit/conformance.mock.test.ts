// The kit against bnpl-kit's own mock, started as `npm start` starts it (default
// scenario rules), for each revision of the contract (the mock serving the revision
// the kit certifies): every check is evaluated and passes, and both reports are valid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../conformance/report/console.ts';
import { jsonReport, reportValidator } from '../../conformance/report/json.ts';
import { junitXml } from '../../conformance/report/junit.ts';
import type { KitReport as ConformanceReport } from '../../conformance/report/types.ts';
import { runConformance } from '../../conformance/run.ts';
import { parseJunit } from '../../conformance/testing.ts';
import { mockTarget } from './support.ts';

describe.each(['2024-10-30', '2026-02-17'])(
  'runConformance against the mock serving %s (seed 20241030)',
  (revision) => {
    let mock: { close(): Promise<void> };
    let report: ConformanceReport;

    beforeAll(async () => {
      const started = await mockTarget({ rules: 'default', revision });
      mock = started.mock;
      report = await runConformance({
        api: 'bnpl-payment-order',
        target: started.target,
        adapter: 'mock',
        runs: 25,
        seed: 20241030,
        revision,
        concurrencyRounds: 2,
      });
    }, 60_000);

    it('should certify against the revision asked for, and clean up before and after', () => {
      expect(report.revision).toBe(revision);
      expect(report.cleanup).toEqual({ before: 'done', after: 'done' });
    });

    afterAll(async () => {
      await mock?.close();
    });

    it('should pass every check, each evaluated at least once', () => {
      const notPassed = report.checks
        .filter((c) => c.outcome !== 'passed')
        .map((c) => `${c.id} ${c.outcome}`);

      expect(notPassed).toEqual([]);
      expect(report.outcome).toBe('passed');
      expect(report.summary).toMatchObject({ failed: 0, warnings: 0, skipped: 0 });
    });

    it('should reach captures and reversals in the model suite', () => {
      const evaluations = (id: string) => report.checks.find((c) => c.id === id)?.evaluations ?? 0;

      // BPO-MDL-004 is judged on every 201 of create, capture and reversal.
      expect(evaluations('BPO-MDL-004')).toBeGreaterThan(report.options.runs * 2);
      expect(evaluations('BPO-CUST-001')).toBeGreaterThan(report.options.runs);
    });

    it('should write a JSON report that validates against spec/conformance-report.schema.json', async () => {
      const validate = await reportValidator();

      const valid = validate(JSON.parse(jsonReport(report)));

      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });

    it('should write well-formed JUnit XML with a test case per check', async () => {
      const junit = await parseJunit(junitXml(report));

      expect(junit).toEqual({
        tests: report.checks.length,
        failures: 0,
        skipped: 0,
        cases: report.checks.length,
      });
    });

    it('should end the console report with the summary line', () => {
      const lines = renderReport(report).split('\n');

      expect(lines.at(-1)).toBe(`conformance: ${report.checks.length} passed, 0 failed`);
    });
  },
);
