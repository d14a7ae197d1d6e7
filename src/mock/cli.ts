// `bnpl-kit mock`: starts the mock server from the command line, prints where it
// listens, on which store, and what it loaded, and shuts down cleanly on SIGINT/SIGTERM.
// The store is `--store`, else DATABASE_URL, else the embedded in-memory one.
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseYaml } from '../../lib/yaml.ts';
import { apiNames, isPostgresUrl, startMock } from './server.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number 0-65535');
  return n;
}

function apiList(value: string): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !apiNames.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`expected some of ${apiNames.join(', ')}`);
  }
  return names;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

/** `memory` or a postgres:// URL; a mistake is told without echoing the value (it may hold a password). */
function storeOption(value: string): string {
  if (value === 'memory' || isPostgresUrl(value)) return value;
  throw new InvalidArgumentError("expected 'memory' or a postgres://user:password@host:port/database URL");
}

/** Reads a tokens or keys file: a JSON or YAML object mapping each token to its tenant (an ownerNo, a merchantId). */
export async function readTokens(file: string, tenant = 'ownerNo'): Promise<Record<string, string>> {
  const data: unknown = await parseYaml(await readFile(file, 'utf8'));
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`${file}: expected an object mapping each token to its ${tenant}`);
  }
  const tokens: Record<string, string> = {};
  for (const [token, bound] of Object.entries(data)) {
    if (typeof bound !== 'string' && typeof bound !== 'number') {
      throw new Error(`${file}: token ${token} must map to a ${tenant} (a string)`);
    }
    tokens[token] = String(bound);
  }
  return tokens;
}

function fail(message: string): never {
  throw new Error(message);
}

export function mockCommand(): Command {
  return new Command('mock')
    .description(
      `serve the APIs (${apiNames.join(', ')}) from an in-memory store or a shared PostgreSQL database, with the customer simulated`,
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (0 = any free port)')
        .env('PORT')
        .default(4010)
        .argParser(port),
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--public-url <url>',
      "the URL clients reach the mock at, for the customer's links and the served contracts (default: each request's Host)",
    )
    .option('--api <names>', `the APIs to serve, comma-separated (default: ${apiNames.join(',')})`, apiList)
    .option(
      '--rules <path>',
      "scenario rules: a file or folder, 'default' (mock-rules/) or 'none'",
      'default',
    )
    .option(
      '--tokens <file>',
      'bnpl-payment-order: JSON/YAML object binding each bearer token to one ownerNo',
    )
    .option(
      '--keys <file>',
      'order-processing: JSON/YAML object binding each subscription key to one merchantId',
    )
    .option(
      '--sandbox-data <file>',
      'order-processing: test customers, products and merchants (default: mock-rules/sandbox/)',
    )
    .option(
      '--store <store>',
      "where the state lives: 'memory' (embedded) or a postgres:// URL that several instances share (default: $DATABASE_URL, else memory)",
      storeOption,
    )
    .option('--seed <n>', 'seed for ids and problem instances', integer, 1)
    .option('--revision <date>', 'bnpl-payment-order revision to serve (default: the latest)')
    .option('--quiet', 'print only the URL line', false)
    .action(
      async (options: {
        port: number;
        host: string;
        publicUrl?: string;
        api?: string[];
        rules: string;
        tokens?: string;
        keys?: string;
        sandboxData?: string;
        store?: string;
        seed: number;
        revision?: string;
        quiet: boolean;
      }) => {
        let tokens: Record<string, string> | undefined;
        let keys: Record<string, string> | undefined;
        let store: string;
        try {
          // Read here rather than through commander's env support, whose message for a bad value repeats it.
          const fromEnv = process.env.DATABASE_URL;
          store =
            options.store ??
            (fromEnv === undefined || fromEnv === ''
              ? 'memory'
              : isPostgresUrl(fromEnv)
                ? fromEnv
                : fail('DATABASE_URL is not a postgres:// URL (use --store memory to ignore it)'));
          tokens = options.tokens === undefined ? undefined : await readTokens(options.tokens, 'ownerNo');
          keys = options.keys === undefined ? undefined : await readTokens(options.keys, 'merchantId');
        } catch (error) {
          console.error(`bnpl-kit mock: ${(error as Error).message}`);
          process.exit(2);
        }
        let mock: Awaited<ReturnType<typeof startMock>>;
        try {
          mock = await startMock({
            port: options.port,
            host: options.host,
            ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
            ...(options.api === undefined ? {} : { apis: options.api }),
            rules: options.rules,
            seed: options.seed,
            store,
            ...(options.revision === undefined ? {} : { revision: options.revision }),
            log: !options.quiet,
            ...(tokens === undefined ? {} : { tokens }),
            ...(keys === undefined ? {} : { keys }),
            ...(options.sandboxData === undefined ? {} : { sandboxData: options.sandboxData }),
          });
        } catch (error) {
          console.error(`bnpl-kit mock: ${(error as Error).message}`);
          process.exit(2);
        }
        // Before the URL line: whoever reads it may signal us at once, and must get a clean stop.
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          if (!options.quiet) console.log(`\nbnpl-kit mock: ${signal}, closing`);
          mock.close().then(
            () => process.exit(0),
            (error: unknown) => {
              console.error(`bnpl-kit mock: closing failed: ${(error as Error).message}`);
              process.exit(1);
            },
          );
        };
        process.on('SIGINT', () => stop('SIGINT'));
        process.on('SIGTERM', () => stop('SIGTERM'));
        console.log(`bnpl-kit mock listening on ${mock.url} (store: ${mock.store})`);
        if (!options.quiet) {
          for (const line of mock.banner) console.log(`  ${line}`);
          console.log(`  docs      ${mock.url}/docs`);
          console.log(
            `  sandbox   ${mock.url}/_sandbox/triggers (${mock.rules.length} scenario rules active)`,
          );
          console.log(
            `  tokens    ${tokens === undefined ? 'any bearer token' : `${Object.keys(tokens).length} bound tokens`}; ${keys === undefined ? 'any subscription key' : `${Object.keys(keys).length} bound subscription keys`}`,
          );
          console.log('  Ctrl-C to stop');
        }
      },
    );
}
