// Progress while a run goes: on a terminal one line that rewrites itself (stderr,
// at most ten times a second); elsewhere (CI logs) a plain line when a suite starts
// and ends. The summary and failures go to stdout, separately.
import type { ScenarioSuite } from '../run.ts';
import type { SuiteStats } from '../suites/types.ts';

export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  onSuite(suite: ScenarioSuite, phase: 'start' | 'end', stats?: SuiteStats): void;
  onProgress(suite: ScenarioSuite, message: string, done: number, total: number): void;
  /** Clears the live line before other output. */
  clear(): void;
}

export function progressDisplay(sink: ProgressSink): Progress {
  const live = sink.isTTY === true;
  let last = 0;
  let shown = false;
  const clear = () => {
    if (live && shown) sink.write('\r\x1b[K');
    shown = false;
  };
  return {
    onSuite(suite, phase, stats) {
      clear();
      if (phase === 'start') {
        if (!live) sink.write(`${suite}: started\n`);
        return;
      }
      const runs = stats?.runs === undefined ? '' : `, ${stats.runs} sequences`;
      const note = stats?.note === undefined ? '' : ` (${stats.note})`;
      sink.write(
        `${suite}: ${stats?.requests ?? 0} requests${runs} in ${((stats?.durationMs ?? 0) / 1000).toFixed(1)} s${note}\n`,
      );
    },
    onProgress(suite, message, done, total) {
      if (!live) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      sink.write(`\r\x1b[K${suite}: ${message} ${done}/${total}`);
      shown = true;
    },
    clear,
  };
}
