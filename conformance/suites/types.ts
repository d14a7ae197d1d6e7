// What every suite returns besides the verdicts it records: its share of the run.
export type { SuiteStats } from '../report/types.ts';
