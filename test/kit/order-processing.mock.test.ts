// The Order Processing kit against bnpl-kit's own mock, started as `npm start` starts
// it (default scenario rules), with a second customer: every check is evaluated and
// passes, the adapter cleans up before and after, and both reports are valid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../conformance/report/console.ts';
import { jsonReport, reportValidator } from '../../conformance/report/json.ts';
import { junitXml } from '../../conformance/report/junit.ts';
import type { KitReport } from '../../conformance/report/types.ts';
import { runConformance } from '../../conformance/run.ts';
import { parseJunit } from '../../conformance/testing.ts';
import { opMockTarget } from './order-processing/support.ts';

describe('runConformance order-processing against the mock (seed 20260101)', () => {
  let mock: { close(): Promise<void> };
  let report: KitReport;

  beforeAll(async () => {
    const started = await opMockTarget({ rules: 'default', otherCustomerRef: '4vMgYYLnQJ' });
    mock = started.mock;
    report = await runConformance({
      api: 'order-processing',
      target: started.target,
      adapter: 'mock',
      runs: 40,
      seed: 20260101,
      concurrencyRounds: 1,
    });
  }, 60_000);

  afterAll(async () => {
    await mock?.close();
  });

  it('should pass every check, each evaluated at least once, and clean up before and after', () => {
    const notPassed = report.checks.filter((c) => c.outcome !== 'passed').map((c) => `${c.id} ${c.outcome}`);

    expect(notPassed).toEqual([]);
    expect(report.outcome).toBe('passed');
    expect(report.summary).toMatchObject({ failed: 0, warnings: 0, skipped: 0 });
    expect(report.cleanup).toEqual({ before: 'done', after: 'done' });
    expect(report.target).toMatchObject({
      customerRef: '123456789',
      otherCustomerRef: '4vMgYYLnQJ',
      budget: '1000.00',
    });
  });

  it('should reach settles, reverses, refunds, replays and the SCA widget step in the model suite', () => {
    const evaluations = (id: string) => report.checks.find((c) => c.id === id)?.evaluations ?? 0;

    expect(evaluations('OP-FLT-001')).toBeGreaterThan(report.options.runs);
    expect(evaluations('OP-FLT-003')).toBeGreaterThan(0);
    expect(evaluations('OP-IDM-001')).toBeGreaterThan(0);
    expect(evaluations('OP-ADP-001')).toBeGreaterThan(report.options.runs);
    expect(evaluations('OP-CRD-001')).toBeGreaterThan(report.options.runs);
  });

  it("should write a JSON report that validates against Order Processing's report schema", async () => {
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

  it('should list what it checked, grouped by suite, and end with the summary line', () => {
    const lines = renderReport(report).split('\n');

    expect(lines).toContain('  negative');
    expect(lines.some((l) => /^ {4}✓ OP-FLT-001 +MUST +\d+ evaluations$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe(`conformance: ${report.checks.length} passed, 0 failed`);
  });
});
