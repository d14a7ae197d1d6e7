// The benchmark's server processes: starting each server in its own child process,
// waiting until it answers, reading its memory from /proc, and stopping it. Every
// child started here is registered so that it is killed when the bench exits, on
// success, on a crash or on Ctrl-C; the bench must never leave a server behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const live = new Set<ChildProcess>();

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

export interface Child {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Stops the child: SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

/** The last few KiB of a child's stderr, for the error message when it dies early. */
function tail(chunks: string[]): string {
  return chunks.join('').slice(-4000).trim();
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function makeStop(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    }
    live.delete(child);
  };
}

function register(name: string, child: ChildProcess): number {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (child.pid === undefined) throw new Error(`${name}: could not spawn`);
  return child.pid;
}

/**
 * Starts a server that announces itself with one JSON line `{"url": ...}` on stdout
 * (bench/servers/*.ts). The child runs under the same node binary with tsx's loader.
 */
export function startAnnouncing(name: string, script: string, timeoutMs: number): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = register(name, child);
  const stderr: string[] = [];
  // stderr is always drained: a full pipe would block the child mid-benchmark.
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 64) stderr.shift();
  });
  return new Promise<Child>((resolve, reject) => {
    const stop = makeStop(child);
    const fail = (message: string) => {
      clearTimeout(timer);
      void stop();
      const detail = tail(stderr);
      reject(new Error(`${name}: ${message}${detail ? `\n${detail}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no url announced within ${timeoutMs / 1000} s`), timeoutMs);
    child.once('exit', (code, signal) => fail(`exited before it listened (code ${code}, signal ${signal})`));
    child.once('error', (error) => fail(error.message));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      let url: unknown;
      try {
        url = (JSON.parse(line) as { url?: unknown }).url;
      } catch {
        return; // not the announcement; the child may print other things
      }
      if (typeof url !== 'string') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', () => live.delete(child));
      resolve({ name, url, pid, stop });
    });
  });
}

/**
 * Starts a plain node script (Prism's CLI) with its output going to `logFile`, and
 * waits until `probe` succeeds. Output goes to a file because Prism logs a lot and an
 * undrained pipe would stall it.
 */
export async function startPolled(
  name: string,
  script: string,
  args: readonly string[],
  logFile: string,
  url: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<Child> {
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', log, log] });
  const pid = register(name, child);
  const stop = makeStop(child);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name}: exited before it listened (code ${child.exitCode}); see ${logFile}`);
    }
    if (await probe().catch(() => false)) return { name, url, pid, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name}: not answering within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface Memory {
  /** Resident set size now, in bytes. */
  readonly rss: number;
  /** Peak resident set size since the process started (VmHWM), in bytes. */
  readonly peak: number;
}

/** The child's memory from /proc/<pid>/status; undefined where there is no /proc (not Linux). */
export function memoryOf(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  };
  const rss = kib('VmRSS');
  const peak = kib('VmHWM');
  return rss === undefined || peak === undefined ? undefined : { rss, peak };
}
