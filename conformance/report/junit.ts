// The JUnit XML report for CI (junit-report-builder): one test suite per kit suite,
// one test case per check. A MUST failure (or a SHOULD one under --strict) is a
// <failure> with the rendered transcript; a SHOULD failure otherwise passes with the
// warning in <system-out>; a check that was never evaluated is <skipped>.
import junitReportBuilder, { type Builder } from 'junit-report-builder';
import { renderFailure } from './console.ts';
import type { KitReport } from './types.ts';

// junit-report-builder is CommonJS whose module.exports is the builder; its types
// describe an ES default export, so under NodeNext take whichever shape arrives.
const builder = ((junitReportBuilder as { default?: unknown }).default ??
  junitReportBuilder) as unknown as Builder;

export function junitXml(report: KitReport): string {
  const junit = builder.newBuilder().name(`${report.api} conformance`);
  const suites = [...new Set(report.checks.map((c) => c.suite))];
  for (const name of suites) {
    const suite = junit.testSuite().name(`${report.api}.${name}`);
    const stats = report.suites.find((s) => s.name === name);
    if (stats !== undefined) suite.time(stats.durationMs / 1000);
    suite
      .property('seed', String(report.options.seed))
      .property('target', report.target.baseUrl)
      .property('revision', report.revision)
      .property('strict', String(report.options.strict));
    for (const check of report.checks.filter((c) => c.suite === name)) {
      const test = suite
        .testCase()
        .className(`${report.api}.${name}`)
        .name(`${check.id} ${check.title}`)
        .property('level', check.level)
        .property('sections', check.sections.join(', '))
        .property('evaluations', String(check.evaluations));
      if (check.decisions.length > 0) test.property('decisions', check.decisions.join(', '));
      if (check.quotes.length > 0)
        test.property('cites', check.quotes.map((q) => `${q.section}: ${q.text}`).join(' | '));
      const text = check.failures.map((f) => renderFailure(f, report.api).join('\n')).join('\n\n');
      if (check.outcome === 'failed') {
        test
          .failure(
            check.failures[0]?.message ?? 'failed',
            check.level === 'MUST' ? 'MUST' : 'SHOULD (strict)',
          )
          .stacktrace(text);
      } else if (check.outcome === 'warning') {
        test.standardOutput(`WARNING (SHOULD): ${text}`);
      } else if (check.outcome === 'skipped') {
        test.skipped();
      }
    }
  }
  return junit.build();
}
