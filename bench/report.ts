// The benchmark's verdict: ratios between the servers and stores, issue 11's targets with
// PASS/MISS, and the markdown that `npm run bench` prints. The same object is written as
// JSON to bench/results/latest.json, so what is printed and what is stored agree.
import type { LoadResult } from './load.ts';

export const serverNames = ['ours', 'ours-pg', 'ours-pg2', 'prism', 'prism-default', 'bare'] as const;
export type ServerName = (typeof serverNames)[number];
export const scenarioNames = ['get', 'capture', 'settle'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export const scenarioTitles: Readonly<Record<ScenarioName, string>> = {
  get: 'bnpl-payment-order GET order',
  capture: 'bnpl-payment-order POST capture',
  settle: 'Order Processing POST settle',
};
export const shortTitles: Readonly<Record<ScenarioName, string>> = {
  get: 'GET order',
  capture: 'POST capture',
  settle: 'POST settle',
};

export interface Run extends LoadResult {
  readonly scenario: ScenarioName;
  readonly server: ServerName;
  /** Processes the load was spread over (2 for two mock instances on one database). */
  readonly instances: number;
  /** VmHWM of the serving process after this run (the largest of the instances); cumulative over its earlier runs. */
  readonly peakRssBytes: number | null;
}

export interface ServerOutcome {
  readonly server: ServerName;
  readonly label: string;
  readonly status: 'ran' | 'failed';
  /** The scenarios it was to run. */
  readonly scenarios: readonly ScenarioName[];
  /** Why a server failed, or why one of its scenarios did not run. */
  readonly problems: readonly string[];
}

export type ColdStartSubject = 'bin' | 'start-mock' | 'prism';

export interface ColdStart {
  readonly subject: ColdStartSubject;
  readonly label: string;
  /** Each run's time in ms, in the order measured. */
  readonly samplesMs: readonly number[];
  readonly medianMs: number | null;
  /** Medians of the parts, where the subject reports them (import, first answer). */
  readonly parts: Readonly<Record<string, number>>;
  readonly problems: readonly string[];
  /** The share of all CPUs other processes used during the runs (null: unknown). */
  readonly othersCpuShare: number | null;
}

export interface MemoryUsage {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export type FillKind = 'orders' | 'authorisations';

export interface Fill {
  readonly kind: FillKind;
  /** Records asked for. */
  readonly count: number;
  /** Whether the process held them all (false: it crashed or failed on the way). */
  readonly completed: boolean;
  readonly seconds: number | null;
  /** After full garbage collections, before and after the fill. */
  readonly before: MemoryUsage | null;
  readonly after: MemoryUsage | null;
  /** VmHWM of the process at the end: the fill's garbage included. */
  readonly peakRssBytes: number | null;
  readonly rssBytesPerRecord: number | null;
  readonly heapBytesPerRecord: number | null;
  readonly getEmpty: LoadResult | null;
  readonly getFilled: LoadResult | null;
  readonly problems: readonly string[];
}

export interface Ratio {
  readonly scenario: ScenarioName;
  readonly of: ServerName;
  readonly to: ServerName;
  readonly value: number;
  /** The ratio round by round (slices measured close together): how much the machine's drift moves it. */
  readonly rounds: readonly number[];
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
  /** 1, 5 and 15 minute load averages before the bench started. */
  readonly loadAverageBefore: readonly number[];
  /** Share of all CPUs busy during one second before the bench started (0–1), where /proc/stat exists. */
  readonly cpuBusyBefore: number | null;
  readonly loadAverageAfter: readonly number[];
}

export interface Settings {
  readonly connections: number;
  readonly pipelining: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly rounds: number;
  /** Records per memory fill. */
  readonly fillCount: number;
  /** Runs per cold start subject. */
  readonly coldStartRuns: number;
}

export interface Report {
  readonly date: string;
  readonly command: string;
  readonly machine: Machine;
  readonly settings: Settings;
  readonly servers: readonly ServerOutcome[];
  readonly runs: readonly Run[];
  readonly coldStarts: readonly ColdStart[];
  readonly fills: readonly Fill[];
  readonly ratios: readonly Ratio[];
  readonly targets: readonly Target[];
  readonly notes: readonly string[];
}

/** A run whose numbers mean something: every request answered 2xx, no connection errors. */
export function isValid(result: LoadResult): boolean {
  return result.non2xx === 0 && result.errors === 0 && result.responses > 0;
}

function find(runs: readonly Run[], server: ServerName, scenario: ScenarioName): Run | undefined {
  return runs.find((run) => run.server === server && run.scenario === scenario);
}

/** The ratio rows: ours against the others, and each PostgreSQL set-up against the in-memory store. */
const ratioRows: readonly { readonly of: ServerName; readonly to: ServerName }[] = [
  { of: 'ours', to: 'prism' },
  { of: 'ours', to: 'prism-default' },
  { of: 'ours', to: 'bare' },
  { of: 'ours-pg', to: 'ours' },
  { of: 'ours-pg2', to: 'ours' },
];

export function ratios(runs: readonly Run[]): Ratio[] {
  const result: Ratio[] = [];
  for (const { of, to } of ratioRows) {
    for (const scenario of scenarioNames) {
      const mine = find(runs, of, scenario);
      const other = find(runs, to, scenario);
      if (mine && other && other.requestsPerSecond > 0) {
        const rounds = mine.sliceRequestsPerSecond
          .map((rate, i) => rate / (other.sliceRequestsPerSecond[i] ?? Number.NaN))
          .filter(Number.isFinite);
        result.push({ scenario, of, to, value: mine.requestsPerSecond / other.requestsPerSecond, rounds });
      }
    }
  }
  return result;
}

function invalidity(run: Run): string {
  return `${run.server} ${shortTitles[run.scenario]}: ${run.non2xx} non-2xx, ${run.errors} errors`;
}

const million = 1_000_000;
/** "GET still as fast" allows this much below the empty store, for run-to-run noise on a shared machine. */
export const stillAsFast = 0.9;
const mibLimit = 600;

/** Issue 11's targets, stated for 2 cores and 32 connections. */
export function targets(
  runs: readonly Run[],
  coldStarts: readonly ColdStart[],
  fills: readonly Fill[],
): Target[] {
  const result: Target[] = [];
  const skip = (description: string, note: string) =>
    result.push({ description, actual: 'n/a', verdict: 'SKIP', note });

  const cold = (subject: ColdStartSubject, description: string, limitMs: number) => {
    const measured = coldStarts.find((c) => c.subject === subject);
    if (measured?.medianMs == null) {
      skip(description, measured ? measured.problems.join('; ') || 'no run succeeded' : 'not measured');
      return;
    }
    result.push({
      description,
      actual: `${measured.medianMs.toFixed(0)} ms (median of ${measured.samplesMs.length})`,
      verdict: measured.medianMs < limitMs ? 'PASS' : 'MISS',
      ...(measured.problems.length > 0 ? { note: measured.problems.join('; ') } : {}),
    });
  };
  cold('bin', 'cold start: `node bin/bnpl-kit.js mock --port 0`, spawn to first answer < 300 ms', 300);
  cold('start-mock', 'cold start: `startMock()` ready after the import of dist/index.js < 150 ms', 150);

  const throughput = (scenario: ScenarioName, factor: number) => {
    const description = `ours ${shortTitles[scenario]} throughput ≥ ${factor.toFixed(2)}× bare node:http`;
    const ours = find(runs, 'ours', scenario);
    const bare = find(runs, 'bare', scenario);
    if (!ours || !bare) return skip(description, `${ours ? 'bare' : 'ours'} did not run`);
    const ratio = bare.requestsPerSecond > 0 ? ours.requestsPerSecond / bare.requestsPerSecond : Number.NaN;
    const invalid = [ours, bare].filter((run) => !isValid(run));
    result.push({
      description,
      actual: `${ratio.toFixed(2)}× (${Math.round(ours.requestsPerSecond)} vs ${Math.round(bare.requestsPerSecond)} req/s)`,
      verdict: invalid.length === 0 && ratio >= factor ? 'PASS' : 'MISS',
      ...(invalid.length > 0 ? { note: `invalid run: ${invalid.map(invalidity).join('; ')}` } : {}),
    });
  };
  throughput('get', 0.8);
  throughput('capture', 0.6);

  for (const scenario of ['get', 'capture'] as const) {
    const description = `ours ${shortTitles[scenario]} p99 < 5 ms at 32 connections`;
    const ours = find(runs, 'ours', scenario);
    if (!ours) {
      skip(description, 'ours did not run');
      continue;
    }
    const valid = isValid(ours);
    result.push({
      description,
      actual: `${ours.p99Ms.toFixed(2)} ms (p50 ${ours.p50Ms.toFixed(2)}, max ${ours.maxMs.toFixed(1)})`,
      verdict: valid && ours.p99Ms < 5 ? 'PASS' : 'MISS',
      ...(valid ? {} : { note: `invalid run: ${invalidity(ours)}` }),
    });
  }

  const what: Readonly<Record<FillKind, string>> = {
    orders: 'bnpl-payment-order orders',
    authorisations: 'Order Processing authorisations',
  };
  for (const kind of ['orders', 'authorisations'] as const) {
    const memory = `1 000 000 ${what[kind]} in the in-memory store in < ${mibLimit} MiB RSS`;
    const speed = `GET order with 1 000 000 ${what[kind]} stored ≥ ${stillAsFast.toFixed(2)}× GET on an empty store`;
    const fill = fills.find((f) => f.kind === kind);
    if (!fill) {
      skip(memory, 'not measured');
      skip(speed, 'not measured');
      continue;
    }
    const partial = fill.count < million ? `a fill of ${fill.count}, not a million (BENCH_FILL)` : undefined;
    const problems = fill.problems.join('; ');
    if (!fill.completed || fill.after === null) {
      result.push({
        description: memory,
        actual: 'crashed or failed',
        verdict: partial ? 'SKIP' : 'MISS',
        note: [partial, problems].filter(Boolean).join('; '),
      });
    } else {
      const rss = fill.after.rss / 2 ** 20;
      const perRecord =
        fill.rssBytesPerRecord === null ? '' : `, ${Math.round(fill.rssBytesPerRecord)} B/record`;
      result.push({
        description: memory,
        actual: `${rss.toFixed(0)} MiB RSS${perRecord}`,
        verdict: partial ? 'SKIP' : rss < mibLimit ? 'PASS' : 'MISS',
        ...(partial ? { note: partial } : {}),
      });
    }
    if (!fill.getEmpty || !fill.getFilled) {
      skip(speed, problems || 'a GET run is missing');
      continue;
    }
    const ratio =
      fill.getEmpty.requestsPerSecond > 0
        ? fill.getFilled.requestsPerSecond / fill.getEmpty.requestsPerSecond
        : Number.NaN;
    const valid = isValid(fill.getEmpty) && isValid(fill.getFilled);
    result.push({
      description: speed,
      actual: `${ratio.toFixed(2)}× (${Math.round(fill.getFilled.requestsPerSecond)} vs ${Math.round(fill.getEmpty.requestsPerSecond)} req/s)`,
      verdict: partial ? 'SKIP' : valid && ratio >= stillAsFast ? 'PASS' : 'MISS',
      ...(partial ? { note: partial } : valid ? {} : { note: 'invalid run: non-2xx or errors' }),
    });
  }
  return result;
}

const mib = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? 'n/a' : (bytes / 2 ** 20).toFixed(1);
const ms = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(2);
/** `mean (max)` of the share of the CPUs other processes used, in %. */
const others = (share: LoadResult['othersCpu'] | undefined) =>
  share ? `${(share.mean * 100).toFixed(0)} (${(share.max * 100).toFixed(0)})` : 'n/a';
const rate = (result: LoadResult | null | undefined) =>
  result ? Math.round(result.requestsPerSecond).toString() : 'n/a';

/** ` (lowest–highest)` of the round-by-round ratio of two measurements taken in turn. */
function roundSpread(mine: LoadResult, other: LoadResult): string {
  const rounds = mine.sliceRequestsPerSecond
    .map((rate, i) => rate / (other.sliceRequestsPerSecond[i] ?? Number.NaN))
    .filter(Number.isFinite);
  return rounds.length > 1 ? ` (${Math.min(...rounds).toFixed(2)}–${Math.max(...rounds).toFixed(2)})` : '';
}

function table(
  header: readonly string[],
  align: readonly ('l' | 'r')[],
  rows: readonly (readonly string[])[],
) {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

export function markdown(report: Report): string {
  const label = (server: ServerName) => report.servers.find((s) => s.server === server)?.label ?? server;
  const { machine, settings } = report;
  const load = machine.loadAverageBefore.map((n) => n.toFixed(2)).join(' ');
  const busy =
    machine.cpuBusyBefore === null ? '' : `, CPUs ${(machine.cpuBusyBefore * 100).toFixed(0)} % busy`;
  const lines: string[] = [
    '# bnpl-kit benchmark',
    '',
    `- command: \`${report.command}\``,
    `- date: ${report.date}`,
    `- machine: ${machine.cpus} × ${machine.cpuModel}, ${mib(machine.totalMemoryBytes)} MiB, ${machine.os}, Node ${machine.node}`,
    `- machine load before the run: load average ${load}${busy}; after: ${machine.loadAverageAfter.map((n) => n.toFixed(2)).join(' ')}`,
    `- load: autocannon in the bench process, ${settings.connections} connections, pipelining ${settings.pipelining}; ` +
      `${settings.durationSeconds} s measured per server and scenario, in ${settings.rounds} rounds of ` +
      `${settings.warmupSeconds} s warm-up (discarded) + ${(settings.durationSeconds / settings.rounds).toFixed(1)} s, ` +
      'the servers in turn within each round',
    '- each server in its own plain `node` process; peak RSS is its VmHWM after the run (cumulative over its runs)',
    '- others CPU %: the share of all CPUs that processes outside the bench used while it measured, mean (highest slice); the machine is shared',
    '',
    '## Throughput and latency',
    '',
  ];
  const rows: string[][] = [];
  for (const scenario of scenarioNames) {
    for (const outcome of report.servers) {
      if (!outcome.scenarios.includes(scenario)) continue;
      const run = find(report.runs, outcome.server, scenario);
      const cells = run
        ? [
            Math.round(run.requestsPerSecond).toString(),
            ms(run.p50Ms),
            ms(run.p99Ms),
            ms(run.maxMs),
            run.errors.toString(),
            run.non2xx.toString(),
            mib(run.peakRssBytes),
            others(run.othersCpu),
          ]
        : [outcome.status === 'ran' ? 'not measured' : outcome.status, '', '', '', '', '', '', ''];
      rows.push([shortTitles[scenario], label(outcome.server), ...cells]);
    }
  }
  lines.push(
    ...table(
      [
        'scenario',
        'server',
        'req/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        'non-2xx',
        'peak RSS MiB',
        'others CPU %',
      ],
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      rows,
    ),
  );

  lines.push('', '## Ratios (throughput, same run; in brackets the lowest and highest round)', '');
  const ratioName = (of: ServerName, to: ServerName) =>
    to === 'ours' ? `${label(of)} / in-memory` : `ours / ${label(to)}`;
  const ratioTable = ratioRows
    .map(({ of, to }) => [
      ratioName(of, to),
      ...scenarioNames.map((scenario) => {
        const ratio = report.ratios.find((r) => r.of === of && r.to === to && r.scenario === scenario);
        if (!ratio) return '';
        const spread =
          ratio.rounds.length > 1
            ? ` (${Math.min(...ratio.rounds).toFixed(2)}–${Math.max(...ratio.rounds).toFixed(2)})`
            : '';
        return `${ratio.value.toFixed(2)}×${spread}`;
      }),
    ])
    .filter((row) => row.slice(1).some((cell) => cell !== ''));
  if (ratioTable.length === 0) lines.push('- none: ours did not run');
  else
    lines.push(
      ...table(['ratio', ...scenarioNames.map((s) => shortTitles[s])], ['l', 'r', 'r', 'r'], ratioTable),
    );

  if (report.coldStarts.length > 0) {
    lines.push('', `## Cold start (median of ${settings.coldStartRuns} runs, each a fresh process)`, '');
    lines.push(
      ...table(
        ['what', 'median ms', 'min ms', 'max ms', 'parts (medians)', 'others CPU %'],
        ['l', 'r', 'r', 'r', 'l', 'r'],
        report.coldStarts.map((c) => [
          c.label,
          c.medianMs === null ? 'n/a' : c.medianMs.toFixed(0),
          c.samplesMs.length ? Math.min(...c.samplesMs).toFixed(0) : 'n/a',
          c.samplesMs.length ? Math.max(...c.samplesMs).toFixed(0) : 'n/a',
          Object.entries(c.parts)
            .map(([part, value]) => `${part} ${value.toFixed(0)} ms`)
            .join(', '),
          c.othersCpuShare === null ? 'n/a' : (c.othersCpuShare * 100).toFixed(0),
        ]),
      ),
    );
  }

  if (report.fills.length > 0) {
    lines.push(
      '',
      '## Memory (in-memory store, filled through `mock.inject`; RSS after full garbage collections; ' +
        'GET order on the filled mock and on an empty one, in turn)',
      '',
    );
    lines.push(
      ...table(
        [
          'records',
          'RSS before MiB',
          'RSS after MiB',
          'RSS B/record',
          'heap B/record',
          'peak RSS MiB',
          'fill s',
          'GET empty req/s',
          'GET filled req/s',
          'filled / empty',
          'p99 empty / filled ms',
          'others CPU % empty / filled',
        ],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        report.fills.map((f) => [
          `${f.count.toLocaleString('en-US')} ${f.kind}${f.completed ? '' : ' (not completed)'}`,
          mib(f.before?.rss),
          mib(f.after?.rss),
          f.rssBytesPerRecord === null ? 'n/a' : Math.round(f.rssBytesPerRecord).toString(),
          f.heapBytesPerRecord === null ? 'n/a' : Math.round(f.heapBytesPerRecord).toString(),
          mib(f.peakRssBytes),
          f.seconds === null ? 'n/a' : f.seconds.toFixed(0),
          rate(f.getEmpty),
          rate(f.getFilled),
          f.getEmpty && f.getFilled && f.getEmpty.requestsPerSecond > 0
            ? `${(f.getFilled.requestsPerSecond / f.getEmpty.requestsPerSecond).toFixed(2)}×${roundSpread(f.getFilled, f.getEmpty)}`
            : 'n/a',
          `${ms(f.getEmpty?.p99Ms)} / ${ms(f.getFilled?.p99Ms)}`,
          `${others(f.getEmpty?.othersCpu)} / ${others(f.getFilled?.othersCpu)}`,
        ]),
      ),
    );
  }

  lines.push('', '## Targets (issue 11; 2 cores, 32 connections; benchmark targets, not tests)', '');
  for (const target of report.targets) {
    lines.push(
      `- ${target.verdict} ${target.description}: ${target.actual}${target.note ? ` (${target.note})` : ''}`,
    );
  }
  const problems = [
    ...report.servers.flatMap((s) => s.problems.map((p) => `${label(s.server)}: ${p}`)),
    ...report.coldStarts.flatMap((c) => c.problems.map((p) => `${c.label}: ${p}`)),
    ...report.fills.flatMap((f) => f.problems.map((p) => `fill of ${f.kind}: ${p}`)),
  ];
  const notes = [...report.notes, ...problems];
  if (notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const note of notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
