// A throwaway PostgreSQL server for the tests (test/setup/postgres.ts) and the benchmark:
// Debian's real server binaries, never an in-process imitation, in a fresh temporary data
// directory, on 127.0.0.1 and a free port, tuned for speed (nothing is fsynced: the data
// is thrown away). Owns finding or installing the binaries, running them as the
// `postgres` system user when we are root (initdb refuses root), and always removing
// what it started, also when the caller dies without calling stop(). The benchmark uses
// the same two calls as the tests: `startPostgres()`, then `createDatabase(server.url)`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/core/http.ts';

const debianRoot = '/usr/lib/postgresql';
const installCommand = 'apt-get install -y --no-install-recommends postgresql';

export interface PostgresServerOptions {
  /** How long to wait for the server to accept connections. */
  readonly startTimeoutMs?: number;
  /** Prefix of the messages (which setup or script is speaking). */
  readonly label?: string;
}

export interface RunningPostgres {
  /** The superuser's URL (`postgres`, no password: trust on loopback), database `postgres`. */
  readonly url: string;
  readonly port: number;
  /** The server's log so far (initdb's and the server's output), for a failing test's message. */
  output(): string;
  /** Stops the server (fast shutdown: sessions are ended) but keeps its data, as a database lost mid-run. */
  pause(): Promise<void>;
  /** Starts the paused server again on the same port and data. */
  resume(): Promise<void>;
  /** Ends the server (fast shutdown, then SIGKILL) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where initdb and postgres are: POSTGRES_BIN when set, else Debian's newest installed version, or undefined. */
export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.POSTGRES_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  let versions: string[];
  try {
    versions = readdirSync(debianRoot).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(debianRoot, version, 'bin');
    if (isExecutable(path.join(bin, 'initdb')) && isExecutable(path.join(bin, 'postgres'))) return bin;
  }
  return undefined;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * The server binaries, installing Debian's `postgresql` first when they are missing and we
 * are root (as on a fresh CI machine); elsewhere an error that says what to run.
 */
export function ensurePostgresBin(label = 'postgres'): string {
  const found = findPostgresBin();
  if (found !== undefined) {
    if (!isExecutable(path.join(found, 'initdb')) || !isExecutable(path.join(found, 'postgres'))) {
      throw new Error(`${label}: POSTGRES_BIN=${found} does not hold executable initdb and postgres.`);
    }
    return found;
  }
  if (!isRoot()) {
    throw new Error(
      `${label}: the PostgreSQL server binaries are missing (no ${debianRoot}/<version>/bin/postgres) and this ` +
        `process is not root, so it cannot install them. Run \`sudo apt-get update && sudo ${installCommand}\` ` +
        'first, or point POSTGRES_BIN at a directory holding initdb and postgres.',
    );
  }
  console.log(`${label}: PostgreSQL is missing; installing Debian's postgresql with apt-get`);
  const started = performance.now();
  for (const args of [['update'], installCommand.split(' ').slice(1)]) {
    const result = spawnSync('apt-get', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.error !== undefined || result.status !== 0) {
      const why = result.error?.message ?? `exit code ${String(result.status ?? result.signal)}`;
      throw new Error(
        `${label}: \`apt-get ${args.join(' ')}\` failed (${why}); the tests need a PostgreSQL server.`,
      );
    }
  }
  const installed = findPostgresBin();
  if (installed === undefined) {
    throw new Error(
      `${label}: apt-get installed postgresql but no ${debianRoot}/<version>/bin/postgres appeared.`,
    );
  }
  console.log(`${label}: installed postgresql in ${Math.round((performance.now() - started) / 1000)} s`);
  return installed;
}

interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/** As root, the `postgres` system user (the Debian package creates it); otherwise ourselves. */
function serverUser(label: string): RunAs {
  if (!isRoot()) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(
      `${label}: running as root, but there is no \`postgres\` system user to run initdb and the server as ` +
        `(initdb refuses root). Install Debian's package (\`${installCommand}\`), which creates it.`,
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

// Trust on loopback (a throwaway server), no fsync, and 1 MB WAL segments instead of 16 MB.
const initdbArgs = [
  '-U',
  'postgres',
  '--auth=trust',
  '-E',
  'UTF8',
  '--locale=C',
  '--no-sync',
  '--no-instructions',
  '--wal-segsize=1',
];

const fastSettings = [
  'listen_addresses=127.0.0.1',
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'max_connections=200',
  'shared_buffers=32MB',
  'max_wal_size=1GB',
  'checkpoint_timeout=1h',
  'autovacuum=off',
  'lc_messages=C',
  'log_min_messages=warning',
  'logging_collector=off',
];

/**
 * Where the data directory goes: the RAM disk when it has room (initdb writes some 30 MB,
 * three to four times faster there on a busy disk), else the temporary directory.
 */
function scratchRoot(): string {
  const ramDisk = '/dev/shm';
  try {
    accessSync(ramDisk, constants.W_OK);
    const { bavail, bsize } = statfsSync(ramDisk);
    if (bavail * bsize >= 512 * 1024 * 1024) return ramDisk;
  } catch {
    // No RAM disk here.
  }
  return os.tmpdir();
}

const urlOf = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

/** Whether a connection to `url` answers a query now. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Starts a fresh server; see the module comment. */
export async function startPostgres(options: PostgresServerOptions = {}): Promise<RunningPostgres> {
  const label = options.label ?? 'postgres';
  const bin = ensurePostgresBin(label);
  const user = serverUser(label);
  // Short, so the socket path stays under the 107-byte limit; world-reachable for the postgres user.
  const dir = mkdtempSync(path.join(scratchRoot(), 'bnpl-pg-'));
  if (user.uid !== undefined && user.gid !== undefined) await chown(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const log: string[] = [];
  const output = () => log.join('');
  const spawnOptions = { ...user, cwd: dir, env: { ...process.env, HOME: dir, LC_ALL: 'C' } };
  let child: ChildProcess | undefined;
  let removed = false;
  const removeNow = () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (!removed) rmSync(dir, { recursive: true, force: true });
    removed = true;
  };
  // A caller that exits without stop() (a crash, process.exit) still runs exit handlers; Ctrl-C
  // reaches the server itself, which is in the same process group.
  process.once('exit', removeNow);
  const stop = async () => {
    if (child !== undefined) await stopChild(child, 'SIGINT');
    process.removeListener('exit', removeNow);
    removeNow();
  };

  try {
    const initdb = spawnSync(path.join(bin, 'initdb'), ['-D', data, ...initdbArgs], {
      ...spawnOptions,
      encoding: 'utf8',
    });
    log.push(initdb.stdout ?? '', initdb.stderr ?? '');
    if (initdb.error !== undefined || initdb.status !== 0) {
      throw new Error(
        `${label}: initdb failed (${initdb.error?.message ?? `exit code ${String(initdb.status ?? initdb.signal)}`}):\n${output()}`,
      );
    }
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    // Starts the server on `port` and waits until it answers; false when it exited because the port was taken.
    const launch = async (port: number): Promise<boolean> => {
      const logFrom = log.length;
      const args = ['-D', data, '-p', String(port), '-k', dir, ...fastSettings.flatMap((s) => ['-c', s])];
      const server = spawn(path.join(bin, 'postgres'), args, {
        ...spawnOptions,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = server;
      server.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
      server.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
      let gone = false;
      server.once('exit', () => {
        gone = true;
      });
      const url = urlOf(port);
      const deadline = Date.now() + timeoutMs;
      while (!gone && Date.now() < deadline) {
        if (await answers(url)) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!gone) throw new Error(`${label}: the server did not accept connections in time:\n${output()}`);
      if (/could not bind|already in use/i.test(log.slice(logFrom).join(''))) return false;
      throw new Error(`${label}: the server exited at start:\n${output()}`);
    };
    // A free port can be taken between freePort() and the server's bind: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      if (await launch(port)) {
        return {
          url: urlOf(port),
          port,
          output,
          stop,
          pause: async () => {
            if (child !== undefined) await stopChild(child, 'SIGINT');
          },
          resume: async () => {
            if (!(await launch(port)))
              throw new Error(`${label}: port ${port} was taken while the server was paused`);
          },
        };
      }
      if (attempt >= 3) throw new Error(`${label}: no free port to bind:\n${output()}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A fresh, empty database on the server behind `adminUrl` (a test file's own, so files
 * running in parallel never see each other's rows); returns its URL.
 */
export async function createDatabase(adminUrl: string, prefix = 'bnpl_test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
