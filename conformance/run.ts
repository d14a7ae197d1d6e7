// Runs the conformance kit against one target and one revision of the contract:
// checks the configuration (adapter, revision, reachability, token), lets the
// adapter clean up before and after, runs the requested suites in order with the
// contract checks applied to every response, and returns the report. It prints
// nothing; the CLI and the tests decide what to show.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConformanceReport } from '../generated/conformance-report.schema.ts';
import { root } from '../lib/paths.ts';
import { type Adapter, loadAdapter } from './adapter.ts';
import type { SuiteName } from './catalogue.ts';
import { HttpClient } from './client.ts';
import { ConfigurationError, Recorder } from './results.ts';
import type { Kit } from './session.ts';
import { apiName, loadSpec } from './spec.ts';
import { runConcurrencySuite } from './suites/concurrency.ts';
import { runModelSuite } from './suites/model.ts';
import { runNegativeSuite } from './suites/negative.ts';
import { runSecuritySuite } from './suites/security.ts';
import type { SuiteStats } from './suites/types.ts';
import { probeTarget, type Target } from './target.ts';

/** The suites that send requests of their own; the contract checks run inside all of them. */
export const scenarioSuites = [
  'model',
  'negative',
  'concurrency',
  'security',
] as const satisfies readonly SuiteName[];
export type ScenarioSuite = (typeof scenarioSuites)[number];

export interface RunOptions {
  readonly api: string;
  readonly target: Target;
  /** `mock`, a module path, or an Adapter value (tests). */
  readonly adapter: string | Adapter;
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

export const defaults = {
  runs: 100,
  maxCommands: 40,
  modelBudgetMs: 40_000,
  profileName: 'BA_PartPayment',
  subProfileNames: ['InstallmentAccount_3', 'InstallmentAccount_12'],
} as const;

export async function runConformance(options: RunOptions): Promise<ConformanceReport> {
  const startedAt = new Date();
  const started = performance.now();
  if (options.api !== apiName) {
    throw new ConfigurationError(
      `the conformance kit knows the API ${apiName}, not ${JSON.stringify(options.api)}`,
    );
  }
  if (options.path !== undefined && !Number.isInteger(options.seed)) {
    throw new ConfigurationError('--path replays a failure only together with its --seed');
  }
  const adapter = typeof options.adapter === 'string' ? await loadAdapter(options.adapter) : options.adapter;
  const spec = await loadSpec(options.revision);
  const strict = options.strict ?? false;
  const client = new HttpClient({ baseUrl: options.target.baseUrl, token: options.target.token });
  const suites = options.suites ?? scenarioSuites;
  const stats: SuiteStats[] = [];
  const recorder = new Recorder();
  const cleanup = { before: 'not offered', after: 'not offered' };
  const resetContext = {
    baseUrl: client.baseUrl,
    ownerNo: options.target.ownerNo,
    token: options.target.token,
  };
  try {
    await probeTarget(client, spec, options.target);
    if (adapter.reset !== undefined) {
      try {
        await adapter.reset(resetContext);
        cleanup.before = 'done';
      } catch (error) {
        throw new ConfigurationError(`the adapter's reset failed before the run: ${describe(error)}`);
      }
    }
    const kit: Kit = {
      spec,
      client,
      target: options.target,
      adapter,
      recorder,
      instances: new Map(),
      counters: { requests: 0, sellerIds: 0 },
      nonce: `${options.seed.toString(36)}${Date.now().toString(36)}`,
      strict,
    };
    for (const suite of scenarioSuites.filter((s) => suites.includes(s))) {
      options.onSuite?.(suite, 'start');
      const progress = (message: string, done: number, total: number) =>
        options.onProgress?.(suite, message, done, total);
      const result = await runSuite(kit, suite, options, progress);
      stats.push(result);
      options.onSuite?.(suite, 'end', result);
    }
    if (adapter.reset !== undefined) {
      cleanup.after = await adapter.reset(resetContext).then(
        () => 'done',
        (error: unknown) => `failed: ${describe(error)}`,
      );
    }
  } finally {
    await client.close();
  }
  const checks = recorder.results(strict);
  const count = (outcome: string) => checks.filter((c) => c.outcome === outcome).length;
  const failed = count('failed');
  return {
    api: apiName,
    revision: spec.revision,
    kit: await kitVersion(),
    target: {
      baseUrl: options.target.baseUrl,
      ownerNo: options.target.ownerNo,
      otherOwnerNo: options.target.otherOwnerNo,
      adapter: typeof options.adapter === 'string' ? options.adapter : '(adapter object)',
    },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
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
}

function runSuite(
  kit: Kit,
  suite: ScenarioSuite,
  options: RunOptions,
  onProgress: (message: string, done: number, total: number) => void,
): Promise<SuiteStats> {
  switch (suite) {
    case 'model':
      return runModelSuite(kit, {
        runs: options.runs,
        seed: options.seed,
        path: options.path,
        maxCommands: options.maxCommands ?? defaults.maxCommands,
        budgetMs: options.modelBudgetMs ?? defaults.modelBudgetMs,
        onProgress,
      });
    case 'negative':
      return runNegativeSuite(kit, { onProgress });
    case 'concurrency':
      return runConcurrencySuite(kit, {
        ...(options.concurrencyRounds === undefined ? {} : { rounds: options.concurrencyRounds }),
        onProgress,
      });
    case 'security':
      return runSecuritySuite(kit, { onProgress });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function kitVersion(): Promise<{ name: string; version: string }> {
  const file = path.join(root, 'package.json');
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { name?: string; version?: string };
  return { name: pkg.name ?? 'bnpl-kit', version: pkg.version ?? '0.0.0' };
}
