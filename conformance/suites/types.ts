// What every suite returns besides the verdicts it records: its share of the run.
import type { ConformanceReport } from '../../generated/conformance-report.schema.ts';

export type SuiteStats = ConformanceReport['suites'][number];
