// The run every API shares: the suites in order, each reporting its share, the
// adapter's clean-up before and after, and the report assembled from the recorder.
// A suite whose setup failed (it could not bring the target into the state its checks
// need) never ends a run green: without a verdict of failure, the run is a
// configuration problem (SetupError, exit 2) with a hint, and its report attached.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { root } from '../lib/paths.ts';
import type { CheckDefinition, CheckId, SuiteName } from './catalogue.ts';
import type { KitReport, ReportTarget, SuiteStats } from './report/types.ts';
import { ConfigurationError, type Failure, type RecordedFailure, Recorder } from './results.ts';
import type { Answer, KitCore } from './session.ts';
import type { SuiteShare } from './suites/types.ts';
import type { TranscriptEntry } from './transcript.ts';

/** The suites that send requests of their own; the contract checks run inside all of them. */
export const scenarioSuites = [
  'model',
  'negative',
  'concurrency',
  'security',
] as const satisfies readonly SuiteName[];
export type ScenarioSuite = (typeof scenarioSuites)[number];

/** What every API's run takes besides its target and adapter. */
export interface CommonRunOptions {
  readonly runs: number;
  readonly seed: number;
  readonly path?: string | undefined;
  /** The contract revision to certify against (default: the latest). */
  readonly revision?: string | undefined;
  /** SHOULD failures fail the run. */
  readonly strict?: boolean;
  readonly suites?: readonly ScenarioSuite[];
  readonly maxCommands?: number;
  /** Time the model suite may take, shrinking included. */
  readonly modelBudgetMs?: number;
  readonly concurrencyRounds?: number;
  readonly onSuite?: (suite: ScenarioSuite, phase: 'start' | 'end', stats?: SuiteStats) => void;
  readonly onProgress?: (suite: ScenarioSuite, message: string, done: number, total: number) => void;
}

export const defaultRun = { runs: 100, maxCommands: 40, modelBudgetMs: 40_000 } as const;

/**
 * A --path replays a failure only with the seed it was found with: a configuration
 * problem otherwise. `seedText` names that seed for the one who gave the options.
 */
export function checkReplay(
  options: { readonly path?: string | undefined; readonly seed?: number | undefined },
  seedText = 'its --seed',
): void {
  if (options.path !== undefined && !Number.isInteger(options.seed)) {
    throw new ConfigurationError(`--path replays a failure only together with ${seedText}`);
  }
}

/**
 * A run's kit, whatever the API: its own parts (`parts`) and the state every run
 * starts with: a recorder of the API's catalogue, no problem instances seen, the
 * counters at 0, a nonce of the seed and the time, and no failed setups.
 */
export function newKitCore<P extends Pick<KitCore, 'spec' | 'target' | 'dialect' | 'client'>>(
  parts: P,
  catalogue: ReadonlyMap<CheckId, CheckDefinition>,
  options: Pick<CommonRunOptions, 'seed' | 'strict'>,
): P & KitCore {
  return {
    ...parts,
    recorder: new Recorder(catalogue),
    instances: new Map(),
    counters: { requests: 0, sellerIds: 0 },
    nonce: `${options.seed.toString(36)}${Date.now().toString(36)}`,
    strict: options.strict ?? false,
    setupFailures: [],
  };
}

/** A suite that could not bring the target into the state its checks need. */
export interface SetupFailure {
  readonly suite: ScenarioSuite;
  /** What could not be done ("an authorized order"). */
  readonly what: string;
  /** The statuses the setup's requests got, in order (0: no answer). */
  readonly statuses: readonly number[];
}

/** Records a failed setup and returns the suite's note about it. */
export function setupFailed(
  kit: KitCore,
  suite: ScenarioSuite,
  what: string,
  transcript: readonly TranscriptEntry[],
): string {
  const statuses = transcript.flatMap((e) => (e.kind === 'http' ? [e.response?.status ?? 0] : []));
  kit.setupFailures.push({ suite, what, statuses });
  return `setup failed: ${what}`;
}

/**
 * Records failures found outside a step's verdict, each with the section of its
 * operation and the context that shows it (the case or steps, the transcript).
 */
export function recordFailures(
  kit: KitCore,
  failures: readonly Failure[],
  context: Omit<RecordedFailure, keyof Failure | 'section'>,
): void {
  for (const failure of failures) {
    kit.recorder.fail({ ...failure, section: kit.spec.section(failure.operationId), ...context });
  }
}

/** Records the contract failures of one exchange, with the transcript that led to it. */
export function recordContract(
  kit: KitCore,
  answer: Answer,
  transcript: readonly TranscriptEntry[],
  scenario: string,
): void {
  recordFailures(kit, answer.failures, { case: scenario, transcript: [...transcript] });
}

/** The hint a failed setup gets: what the answers suggest is wrong with the configuration. */
export function setupHint(failures: readonly SetupFailure[], baseUrlHint: string): string {
  const statuses = failures.flatMap((f) => f.statuses);
  if (statuses.length > 0 && statuses.every((s) => s === 404)) {
    return `every request was a 404: is the base URL right? ${baseUrlHint}`;
  }
  if (statuses.some((s) => s === 401 || s === 403))
    return 'requests were refused (401/403): check the credentials';
  if (statuses.length > 0 && statuses.every((s) => s === 0))
    return 'no request got an answer: is the target up?';
  return 'see the transcripts in the report';
}

/** The suites could not run as configured; the report of what did run is attached. */
export class SetupError extends ConfigurationError {
  override name = 'SetupError';
  constructor(
    message: string,
    readonly report: KitReport,
  ) {
    super(message);
  }
}

export interface KitRun<K extends KitCore> {
  readonly api: KitReport['api'];
  readonly revision: string;
  readonly kit: K;
  readonly target: ReportTarget;
  /** "--target is … e.g. …": the end of the hint when every setup request was a 404. */
  readonly baseUrlHint: string;
  /** The adapter's optional reset. */
  readonly reset?: (() => Promise<void>) | undefined;
  /** Runs one suite; the engine measures its duration and requests. */
  runSuite(
    suite: ScenarioSuite,
    onProgress: (message: string, done: number, total: number) => void,
  ): Promise<SuiteShare>;
}

/** Runs the requested suites in order and assembles the report; the caller closes the client. */
export async function executeRun<K extends KitCore>(
  run: KitRun<K>,
  options: CommonRunOptions,
  started: { readonly at: Date; readonly ms: number },
): Promise<KitReport> {
  const { kit } = run;
  const suites = options.suites ?? scenarioSuites;
  const strict = options.strict ?? false;
  const stats: SuiteStats[] = [];
  const cleanup = { before: 'not offered', after: 'not offered' };
  if (run.reset !== undefined) {
    try {
      await run.reset();
      cleanup.before = 'done';
    } catch (error) {
      throw new ConfigurationError(`the adapter's reset failed before the run: ${describe(error)}`);
    }
  }
  for (const suite of scenarioSuites.filter((s) => suites.includes(s))) {
    options.onSuite?.(suite, 'start');
    const progress = (message: string, done: number, total: number) =>
      options.onProgress?.(suite, message, done, total);
    const suiteStarted = performance.now();
    const requestsBefore = kit.counters.requests;
    const share = await run.runSuite(suite, progress);
    const result: SuiteStats = {
      name: suite,
      durationMs: Math.round(performance.now() - suiteStarted),
      requests: kit.counters.requests - requestsBefore,
      ...share,
    };
    stats.push(result);
    options.onSuite?.(suite, 'end', result);
  }
  if (run.reset !== undefined) {
    cleanup.after = await run.reset().then(
      () => 'done',
      (error: unknown) => `failed: ${describe(error)}`,
    );
  }
  const checks = kit.recorder.results(strict);
  const count = (outcome: string) => checks.filter((c) => c.outcome === outcome).length;
  const failed = count('failed');
  const report: KitReport = {
    api: run.api,
    revision: run.revision,
    kit: await kitVersion(),
    target: run.target,
    startedAt: started.at.toISOString(),
    durationMs: Math.round(performance.now() - started.ms),
    options: {
      runs: options.runs,
      seed: options.seed,
      ...(options.path === undefined ? {} : { path: options.path }),
      suites: [...suites],
      strict,
    },
    cleanup,
    outcome: failed > 0 ? 'failed' : 'passed',
    summary: {
      passed: count('passed'),
      failed,
      warnings: count('warning'),
      skipped: count('skipped'),
      total: checks.length,
    },
    suites: stats,
    checks,
  };
  // A verdict of failure stands on its own; without one, a failed setup is not a pass.
  if (failed === 0 && kit.setupFailures.length > 0) {
    const what = kit.setupFailures.map((f) => `${f.suite}: ${f.what}`).join('; ');
    throw new SetupError(`setup failed (${what}); ${setupHint(kit.setupFailures, run.baseUrlHint)}`, report);
  }
  return report;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function kitVersion(): Promise<{ name: string; version: string }> {
  const file = path.join(root, 'package.json');
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { name?: string; version?: string };
  return { name: pkg.name ?? 'bnpl-kit', version: pkg.version ?? '0.0.0' };
}

/** `value` as a base URL, when it is one: http(s), with a host. */
export function baseUrlOf(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '' ? url : undefined;
}

/** A --target as a base URL: http(s), with a host; a configuration problem otherwise. */
export function checkBaseUrl(value: string, example: string): URL {
  const url = baseUrlOf(value);
  if (url === undefined) {
    throw new ConfigurationError(
      `--target ${JSON.stringify(value)} is not a base URL: a target is an http:// or https:// URL, e.g. ${example}`,
    );
  }
  return url;
}
