// `bnpl-kit conformance <api>`: one subcommand per API the kit certifies, each with
// its own flags (commander), sharing the run, the reports and the exit codes: 0 every
// MUST check passed (with --strict: every SHOULD check too), 1 some failed, 2 a
// configuration problem (a target that is not a URL, unreachable or refusing the
// credentials, an adapter missing or invalid, an unknown revision, bad flags, a suite
// whose setup failed). Required options are marked in the help and checked together
// after commander has reported any unknown option, so one run names every mistake.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseMajor } from '../lib/money.ts';
import { baseUrlOf, checkReplay, type ScenarioSuite, SetupError, scenarioSuites } from './engine.ts';
import { defaultBudgetMinor } from './order-processing/target.ts';
import { renderReport } from './report/console.ts';
import { jsonReport } from './report/json.ts';
import { junitXml } from './report/junit.ts';
import { type ProgressSink, progressDisplay } from './report/progress.ts';
import type { KitReport } from './report/types.ts';
import { ConfigurationError } from './results.ts';
import { defaults, runConformance } from './run.ts';
import { otherOwnerOf } from './target.ts';

/** What both APIs' subcommands take. */
interface CommonFlags {
  readonly target: string;
  readonly adapter: string;
  readonly runs: number;
  readonly seed?: number;
  readonly path?: string;
  readonly strict?: boolean;
  readonly junit?: string;
  readonly json?: string;
  readonly suites: ScenarioSuite[];
  readonly maxCommands: number;
  readonly timeBudget: number;
  /** Only the summary line (and one line per failed check). */
  readonly quiet?: boolean;
}

export interface ConformanceFlags extends CommonFlags {
  readonly owner: string;
  readonly token: string;
  readonly revision?: string;
  readonly otherOwner?: string;
  readonly profile: string;
  readonly subProfiles: string[];
}

export interface OrderProcessingFlags extends CommonFlags {
  readonly merchant: string;
  readonly tenant: string;
  readonly key: string;
  readonly customer: string;
  readonly otherCustomer?: string;
  readonly otherMerchant?: string;
  /** Pence. */
  readonly budget: number;
}

export interface CliIo {
  readonly stdout: ProgressSink;
  readonly stderr: ProgressSink;
}

const requiredGroup = 'Required options:';

/** A required option: marked in the help, checked with the others before the run (not by commander one at a time). */
function required(flags: string, description: string, parse?: (value: string) => unknown): Option {
  const option = new Option(flags, `${description} (required)`).helpGroup(requiredGroup);
  return parse === undefined ? option : option.argParser(parse);
}

/** Every missing required option at once, after commander has reported unknown ones. */
function checkRequired(command: Command): void {
  const missing = command.options.filter(
    (o) => o.helpGroupHeading === requiredGroup && command.getOptionValue(o.attributeName()) === undefined,
  );
  if (missing.length === 0) return;
  const names = missing.map((o) => `'${o.flags}'`).join(', ');
  command.error(`error: required option${missing.length === 1 ? '' : 's'} ${names} not specified`, {
    exitCode: 2,
    code: 'commander.missingMandatoryOptionValue',
  });
}

/** The options every API's subcommand takes after its own. */
function withCommonOptions(command: Command): Command {
  return command
    .option('--runs <n>', 'model-based sequences to run', positiveInteger, defaults.runs)
    .option('--seed <s>', 'seed of the model-based suite (default: random, printed)', integer)
    .option('--path <p>', 'replay one failure exactly (with the --seed printed beside it)')
    .option('--strict', 'SHOULD failures (our readings where the sources are silent) fail the run too')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write the JSON report')
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
    .option('--quiet', 'print only the summary line (and one line per failed check)')
    .hook('preAction', (thisCommand) => checkRequired(thisCommand))
    .exitOverride((error) => {
      // commander has printed its message; a bad command line is a configuration problem.
      process.exit(error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2);
    });
}

export function conformanceCommand(io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Command {
  const bnplPaymentOrder = withCommonOptions(
    new Command('bnpl-payment-order')
      .description('certify an implementation of bnpl-payment-order (PayEx ledger)')
      .addOption(
        required(
          '--target <baseUrl>',
          'where the implementation is reached, e.g. http://127.0.0.1:4010',
          targetUrl,
        ),
      )
      .addOption(required('--owner <ownerNo>', 'ownerNo the kit may create orders under'))
      .addOption(required('--token <token>', 'bearer token for that ownerNo'))
      .addOption(
        required(
          '--adapter <module|mock>',
          "the customer's part: an ES module path, or mock for bnpl-kit's mock",
        ),
      )
      .option('--revision <date>', 'the contract revision to certify against (default: the latest)')
      .option('--other-owner <ownerNo>', 'a second ownerNo for the isolation checks (default: <owner>-other)')
      .option('--profile <name>', 'the payment profile orders are restricted to', defaults.profileName)
      .addOption(
        new Option('--sub-profiles <names>', 'its sub profiles, comma-separated')
          .argParser(list)
          .default([...defaults.subProfileNames], defaults.subProfileNames.join(',')),
      ),
  ).action(async (flags: ConformanceFlags) => {
    process.exitCode = await runConformanceCli('bnpl-payment-order', flags, io);
  });
  const orderProcessing = withCommonOptions(
    new Command('order-processing')
      .description("certify an implementation of NewDay's Order Processing")
      .addOption(
        required(
          '--target <baseUrl>',
          'the base URL up to and including /cl/merchant-gateway-service, e.g. http://127.0.0.1:4010/cl/merchant-gateway-service',
          targetUrl,
        ),
      )
      .addOption(required('--merchant <merchantId>', 'the context-merchantId the kit acts as'))
      .addOption(required('--tenant <tenantId>', 'the context-tenantId'))
      .addOption(required('--key <key>', 'the Ocp-Apim-Subscription-Key'))
      .addOption(required('--customer <customerRef>', 'a customer approved within --budget'))
      .addOption(
        required(
          '--adapter <module|mock>',
          "the customer's part (access token, SCA): an ES module path, or mock for bnpl-kit's mock",
        ),
      )
      .option('--other-customer <customerRef>', 'a second approved customer, for the checks that need one')
      .option(
        '--other-merchant <merchantId>',
        'a second merchant for the isolation checks (default: derived)',
      )
      .addOption(
        new Option(
          '--budget <pounds>',
          'credit the kit may hold or owe at once; within it every authorisation must be approved',
        )
          .argParser(budget)
          .default(defaultBudgetMinor, '1000.00'),
      ),
  ).action(async (flags: OrderProcessingFlags) => {
    process.exitCode = await runConformanceCli('order-processing', flags, io);
  });
  return new Command('conformance')
    .description(
      'certify an implementation of an API contract: model-based sequences, contract, negative, concurrency and security checks',
    )
    .addCommand(bnplPaymentOrder)
    .addCommand(orderProcessing)
    .exitOverride((error) => {
      process.exit(error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2);
    });
}

/** Runs the kit as the CLI does and returns the exit code. */
export async function runConformanceCli(
  api: string,
  flags: ConformanceFlags | OrderProcessingFlags,
  io: CliIo,
): Promise<number> {
  const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 31);
  const quiet = flags.quiet === true;
  const progress = progressDisplay(quiet ? { write: () => true } : io.stderr);
  const writeReports = async (report: KitReport) => {
    if (flags.junit !== undefined) await write(flags.junit, junitXml(report));
    if (flags.json !== undefined) await write(flags.json, jsonReport(report));
  };
  try {
    // Before a seed is made up: only the flags say whether one was given.
    checkReplay(flags, 'the --seed printed beside it');
    const revision = 'revision' in flags ? flags.revision : undefined;
    if (!quiet) {
      io.stderr.write(
        `conformance: ${api}${revision === undefined ? '' : ` ${revision}`} at ${flags.target}, seed ${seed}${flags.strict ? ', strict' : ''}\n`,
      );
    }
    const common = {
      adapter: flags.adapter,
      runs: flags.runs,
      seed,
      path: flags.path,
      strict: flags.strict ?? false,
      suites: flags.suites,
      maxCommands: flags.maxCommands,
      modelBudgetMs: flags.timeBudget * 1000,
      onSuite: progress.onSuite,
      onProgress: progress.onProgress,
    };
    const report =
      api === 'order-processing'
        ? await runConformance({
            ...common,
            api: 'order-processing',
            target: orderProcessingTarget(flags as OrderProcessingFlags),
          })
        : await runConformance({
            ...common,
            api,
            revision,
            target: bnplPaymentOrderTarget(flags as ConformanceFlags),
          });
    progress.clear();
    await writeReports(report);
    io.stdout.write(`${renderReport(report, { quiet })}\n`);
    return report.outcome === 'passed' ? 0 : 1;
  } catch (error) {
    progress.clear();
    if (error instanceof SetupError) {
      // What ran is still reported; the run itself is not a verdict.
      await writeReports(error.report);
      if (!quiet) io.stdout.write(`${renderReport(error.report)}\n`);
    }
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

function bnplPaymentOrderTarget(flags: ConformanceFlags) {
  return {
    baseUrl: flags.target,
    ownerNo: flags.owner,
    otherOwnerNo: flags.otherOwner ?? otherOwnerOf(flags.owner),
    token: flags.token,
    profileName: flags.profile,
    subProfileNames: flags.subProfiles,
  };
}

function orderProcessingTarget(flags: OrderProcessingFlags) {
  return {
    baseUrl: flags.target,
    merchantId: flags.merchant,
    tenantId: flags.tenant,
    subscriptionKey: flags.key,
    customerRef: flags.customer,
    otherCustomerRef: flags.otherCustomer,
    otherMerchantId: flags.otherMerchant,
    budgetMinor: flags.budget,
  };
}

async function write(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, text);
}

/** An http(s) URL with a host: what a target looks like. */
export function targetUrl(value: string): string {
  if (baseUrlOf(value) === undefined) {
    throw new InvalidArgumentError(
      'expected a base URL with its scheme, such as http://127.0.0.1:4010 (bnpl-payment-order) or http://127.0.0.1:4010/cl/merchant-gateway-service (Order Processing)',
    );
  }
  return value;
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

/** Pounds, at most 2 decimals, at least 0.01, as pence. */
function budget(value: string): number {
  const parsed = /^[0-9]+(\.[0-9]{1,2})?$/.test(value) ? parseMajor(Number(value), 'GBP') : undefined;
  if (parsed === undefined || !parsed.ok || parsed.money.minor < 1) {
    throw new InvalidArgumentError('expected pounds, such as 1000.00');
  }
  return parsed.money.minor;
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
