// `bnpl-kit conformance <api>`: parses the flags (commander), runs the kit, writes
// the JUnit and JSON reports and prints the failures and the summary line. Exit
// codes: 0 every MUST check passed (with --strict: every SHOULD check too), 1 some
// failed, 2 a configuration problem (unreachable target, refused token, missing or
// invalid adapter, unknown revision, bad flags).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { renderReport } from './report/console.ts';
import { jsonReport } from './report/json.ts';
import { junitXml } from './report/junit.ts';
import { type ProgressSink, progressDisplay } from './report/progress.ts';
import { ConfigurationError } from './results.ts';
import { defaults, runConformance, type ScenarioSuite, scenarioSuites } from './run.ts';
import { otherOwnerOf } from './target.ts';

export interface ConformanceFlags {
  readonly target: string;
  readonly owner: string;
  readonly token: string;
  readonly adapter: string;
  readonly runs: number;
  readonly seed?: number;
  readonly path?: string;
  readonly revision?: string;
  readonly strict?: boolean;
  readonly junit?: string;
  readonly json?: string;
  readonly otherOwner?: string;
  readonly profile: string;
  readonly subProfiles: string[];
  readonly suites: ScenarioSuite[];
  readonly maxCommands: number;
  readonly timeBudget: number;
}

export interface CliIo {
  readonly stdout: ProgressSink;
  readonly stderr: ProgressSink;
}

export function conformanceCommand(io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Command {
  return new Command('conformance')
    .description(
      'certify an implementation of an API contract: model-based sequences, contract, negative, concurrency and security checks',
    )
    .argument('<api>', 'API name (a file spec/<api>.yaml)')
    .requiredOption('--target <baseUrl>', 'base URL of the implementation under test')
    .requiredOption('--owner <ownerNo>', 'ownerNo the kit may create orders under')
    .requiredOption('--token <token>', 'bearer token for that ownerNo')
    .requiredOption(
      '--adapter <module|mock>',
      "the customer's part: an ES module path, or mock for bnpl-kit's mock",
    )
    .option('--runs <n>', 'model-based sequences to run', positiveInteger, defaults.runs)
    .option('--seed <s>', 'seed of the model-based suite (default: random, printed)', integer)
    .option('--path <p>', 'replay one failure exactly (with the --seed printed beside it)')
    .option('--revision <date>', 'the contract revision to certify against (default: the latest)')
    .option('--strict', 'SHOULD failures (our readings where the document is silent) fail the run too')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write the JSON report (spec/conformance-report.schema.json)')
    .option('--other-owner <ownerNo>', 'a second ownerNo for the isolation checks (default: <owner>-other)')
    .option('--profile <name>', 'the payment profile orders are restricted to', defaults.profileName)
    .addOption(
      new Option('--sub-profiles <names>', 'its sub profiles, comma-separated')
        .argParser(list)
        .default([...defaults.subProfileNames], defaults.subProfileNames.join(',')),
    )
    .addOption(
      new Option('--suites <names>', 'suites to run, comma-separated')
        .argParser(suiteList)
        .default([...scenarioSuites], scenarioSuites.join(',')),
    )
    .option('--max-commands <n>', 'longest model-based sequence', positiveInteger, defaults.maxCommands)
    .option(
      '--time-budget <seconds>',
      'time the model-based suite may take, shrinking included',
      positiveInteger,
      defaults.modelBudgetMs / 1000,
    )
    .exitOverride((error) => {
      // commander has printed its message; a bad command line is a configuration problem.
      process.exit(error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2);
    })
    .action(async (api: string, flags: ConformanceFlags) => {
      process.exitCode = await runConformanceCli(api, flags, io);
    });
}

/** Runs the kit as the CLI does and returns the exit code. */
export async function runConformanceCli(api: string, flags: ConformanceFlags, io: CliIo): Promise<number> {
  const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 31);
  const progress = progressDisplay(io.stderr);
  try {
    if (flags.path !== undefined && flags.seed === undefined) {
      throw new ConfigurationError(
        '--path replays a failure only together with the --seed printed beside it',
      );
    }
    io.stderr.write(
      `conformance: ${api}${flags.revision === undefined ? '' : ` ${flags.revision}`} at ${flags.target}, seed ${seed}${flags.strict ? ', strict' : ''}\n`,
    );
    const report = await runConformance({
      api,
      target: {
        baseUrl: flags.target,
        ownerNo: flags.owner,
        otherOwnerNo: flags.otherOwner ?? otherOwnerOf(flags.owner),
        token: flags.token,
        profileName: flags.profile,
        subProfileNames: flags.subProfiles,
      },
      adapter: flags.adapter,
      runs: flags.runs,
      seed,
      path: flags.path,
      revision: flags.revision,
      strict: flags.strict ?? false,
      suites: flags.suites,
      maxCommands: flags.maxCommands,
      modelBudgetMs: flags.timeBudget * 1000,
      onSuite: progress.onSuite,
      onProgress: progress.onProgress,
    });
    progress.clear();
    if (flags.junit !== undefined) await write(flags.junit, junitXml(report));
    if (flags.json !== undefined) await write(flags.json, jsonReport(report));
    io.stdout.write(`${renderReport(report)}\n`);
    return report.outcome === 'passed' ? 0 : 1;
  } catch (error) {
    progress.clear();
    if (error instanceof ConfigurationError) {
      io.stderr.write(`conformance: configuration problem: ${error.message}\n`);
      return 2;
    }
    // A bug in the kit is not a verdict on the implementation.
    io.stderr.write(
      `conformance: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 2;
  }
}

async function write(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, text);
}

function integer(value: string): number {
  if (!/^-?[0-9]+$/.test(value)) throw new InvalidArgumentError('expected an integer');
  return Number(value);
}

function positiveInteger(value: string): number {
  const n = integer(value);
  if (n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function suiteList(value: string): ScenarioSuite[] {
  const names = list(value);
  const unknown = names.filter((n) => !(scenarioSuites as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(`expected some of ${scenarioSuites.join(', ')}`);
  }
  return names as ScenarioSuite[];
}
