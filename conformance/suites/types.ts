// What every suite returns besides the verdicts it records: its share of the run.
// The engine (engine.ts executeRun) measures each suite's name, duration and requests;
// a suite returns only what is its own (a note; the model suite's runs and shrinks).
import type { SuiteStats } from '../report/types.ts';

export type { SuiteStats };

export type SuiteShare = Omit<SuiteStats, 'name' | 'durationMs' | 'requests'>;
