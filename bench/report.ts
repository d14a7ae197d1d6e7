// The benchmark's verdict: ratios between the servers, the issue's targets with
// PASS/MISS, and the markdown that `npm run bench` prints. The same object is written
// as JSON to bench/results/latest.json, so what is printed and what is stored agree.
import type { LoadResult } from './load.ts';

export const serverNames = ['ours', 'prism', 'prism-default', 'bare'] as const;
export type ServerName = (typeof serverNames)[number];
export const scenarioNames = ['get', 'capture'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export const scenarioTitles: Readonly<Record<ScenarioName, string>> = {
  get: 'GET order',
  capture: 'POST capture',
};

export interface Run extends LoadResult {
  readonly scenario: ScenarioName;
  readonly server: ServerName;
  /** VmHWM of the server's process after this run; cumulative over its earlier runs. */
  readonly peakRssBytes: number | null;
}

export interface ServerOutcome {
  readonly server: ServerName;
  readonly label: string;
  readonly status: 'ran' | 'skipped' | 'failed';
  /** Why a server was skipped or failed, or why one of its scenarios did not run. */
  readonly problems: readonly string[];
  /** RSS after start and setup, before any load. */
  readonly rssBeforeLoadBytes: number | null;
  readonly peakRssBytes: number | null;
}

export interface Ratio {
  readonly scenario: ScenarioName;
  readonly of: ServerName;
  readonly to: ServerName;
  readonly value: number;
}

export interface Target {
  readonly description: string;
  readonly actual: string;
  readonly verdict: 'PASS' | 'MISS' | 'SKIP';
  readonly note?: string;
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly os: string;
  readonly totalMemoryBytes: number;
}

export interface Settings {
  readonly connections: number;
  readonly pipelining: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

export interface Report {
  readonly date: string;
  readonly command: string;
  readonly machine: Machine;
  readonly settings: Settings;
  readonly servers: readonly ServerOutcome[];
  readonly runs: readonly Run[];
  readonly ratios: readonly Ratio[];
  readonly targets: readonly Target[];
  readonly notes: readonly string[];
}

/** A run whose numbers mean something: every request answered 2xx, no connection errors. */
export function isValid(run: Run): boolean {
  return run.non2xx === 0 && run.errors === 0 && run.responses > 0;
}

function find(runs: readonly Run[], server: ServerName, scenario: ScenarioName): Run | undefined {
  return runs.find((run) => run.server === server && run.scenario === scenario);
}

export function ratios(runs: readonly Run[]): Ratio[] {
  const result: Ratio[] = [];
  for (const scenario of scenarioNames) {
    const ours = find(runs, 'ours', scenario);
    for (const to of ['prism', 'prism-default', 'bare'] as const) {
      const other = find(runs, to, scenario);
      if (ours && other && other.requestsPerSecond > 0) {
        result.push({ scenario, of: 'ours', to, value: ours.requestsPerSecond / other.requestsPerSecond });
      }
    }
  }
  return result;
}

function invalidity(run: Run): string {
  return `${run.server} ${scenarioTitles[run.scenario]}: ${run.non2xx} non-2xx, ${run.errors} errors`;
}

/** The issue's targets; they are stated for 2 cores and 32 connections. */
export function targets(runs: readonly Run[]): Target[] {
  const result: Target[] = [];
  const names = {
    prism: 'Prism (-v error)',
    'prism-default': 'Prism (default settings)',
    bare: 'bare node:http',
  };
  const throughput = (to: 'prism' | 'prism-default' | 'bare', factor: number) => {
    const description = `ours GET throughput ≥ ${factor}× ${names[to]}`;
    const ours = find(runs, 'ours', 'get');
    const other = find(runs, to, 'get');
    if (!ours || !other) {
      result.push({ description, actual: 'n/a', verdict: 'SKIP', note: `${ours ? to : 'ours'} did not run` });
      return;
    }
    const ratio = other.requestsPerSecond > 0 ? ours.requestsPerSecond / other.requestsPerSecond : Number.NaN;
    const invalid = [ours, other].filter((run) => !isValid(run));
    result.push({
      description,
      actual: `${ratio.toFixed(2)}×`,
      verdict: invalid.length === 0 && ratio >= factor ? 'PASS' : 'MISS',
      ...(invalid.length > 0 ? { note: `invalid run: ${invalid.map(invalidity).join('; ')}` } : {}),
    });
  };
  // "20× Prism" is checked against Prism as `prism mock` runs out of the box and
  // against Prism with its request log off (as ours runs); both are reported.
  throughput('prism-default', 20);
  throughput('prism', 20);
  throughput('bare', 0.5);
  for (const scenario of scenarioNames) {
    const description = `ours ${scenarioTitles[scenario]} p99 < 10 ms`;
    const ours = find(runs, 'ours', scenario);
    if (!ours) {
      result.push({ description, actual: 'n/a', verdict: 'SKIP', note: 'ours did not run' });
      continue;
    }
    const valid = isValid(ours);
    result.push({
      description,
      actual: `${ours.p99Ms.toFixed(2)} ms`,
      verdict: valid && ours.p99Ms < 10 ? 'PASS' : 'MISS',
      ...(valid ? {} : { note: `invalid run: ${invalidity(ours)}` }),
    });
  }
  return result;
}

const mib = (bytes: number | null) => (bytes === null ? 'n/a' : (bytes / 2 ** 20).toFixed(1));
const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(2));

export function markdown(report: Report): string {
  const label = (server: ServerName) => report.servers.find((s) => s.server === server)?.label ?? server;
  const { machine, settings } = report;
  const lines: string[] = [
    '# bnpl-kit benchmark',
    '',
    `- command: \`${report.command}\``,
    `- machine: ${machine.cpus} × ${machine.cpuModel}, ${mib(machine.totalMemoryBytes)} MiB, ${machine.os}, Node ${machine.node}`,
    `- load: autocannon in the bench process, ${settings.connections} connections, pipelining ${settings.pipelining}, ` +
      `${settings.warmupSeconds} s warm-up (discarded) + ${settings.durationSeconds} s measured per server and scenario`,
    `- each server in its own child process; peak RSS is its VmHWM after the run (cumulative over its runs)`,
    '',
    '| scenario | server | req/s | p50 ms | p99 ms | errors | non-2xx | RSS before load MiB | peak RSS MiB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const scenario of scenarioNames) {
    for (const outcome of report.servers) {
      const run = find(report.runs, outcome.server, scenario);
      const cells = run
        ? [
            Math.round(run.requestsPerSecond).toString(),
            ms(run.p50Ms),
            ms(run.p99Ms),
            run.errors.toString(),
            run.non2xx.toString(),
            mib(outcome.rssBeforeLoadBytes),
            mib(run.peakRssBytes),
          ]
        : [outcome.status === 'ran' ? 'failed' : outcome.status, '', '', '', '', '', ''];
      lines.push(`| ${scenarioTitles[scenario]} | ${label(outcome.server)} | ${cells.join(' | ')} |`);
    }
  }
  lines.push('', '## Ratios (throughput)', '');
  if (report.ratios.length === 0) lines.push('- none: ours did not run');
  for (const ratio of report.ratios) {
    lines.push(`- ${scenarioTitles[ratio.scenario]}: ours / ${label(ratio.to)} = ${ratio.value.toFixed(2)}×`);
  }
  lines.push('', '## Targets (2 cores, 32 connections; benchmark targets, not tests)', '');
  for (const target of report.targets) {
    lines.push(
      `- ${target.verdict} ${target.description}: ${target.actual}${target.note ? ` (${target.note})` : ''}`,
    );
  }
  const problems = report.servers.flatMap((s) => s.problems.map((p) => `${label(s.server)}: ${p}`));
  const notes = [...report.notes, ...problems];
  if (notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const note of notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
