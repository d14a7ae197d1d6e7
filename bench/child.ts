// The benchmark's child processes: starting each server in a process of its own (plain
// `node`, never a TypeScript loader), waiting until it answers, talking to it in JSON
// lines, reading its memory from /proc, and stopping it. Every child started here is
// registered so that it is killed when the bench exits, on success, on a crash or on
// Ctrl-C: the bench must never leave a server behind.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
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

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited(child);
    clearTimeout(timer);
  }
  live.delete(child);
}

/** Spawns a process that is killed with the bench; throws when it cannot be spawned. */
export function spawnTracked(
  name: string,
  file: string,
  args: readonly string[],
  options: SpawnOptions,
): ChildProcess & { readonly pid: number } {
  const child = spawn(file, args, options);
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${file}`);
  return child as ChildProcess & { readonly pid: number };
}

export interface Child {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** The line the child announced itself with (`url` and whatever else it tells). */
  readonly announcement: Readonly<Record<string, unknown>>;
  /** Sends one JSON line on the child's stdin and resolves to the next JSON line it prints. */
  ask(message: unknown, timeoutMs: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The last few KiB of a child's stderr, for the error message when it dies early. */
function tail(chunks: string[]): string {
  return chunks.join('').slice(-4000).trim();
}

export interface AnnouncingOptions {
  readonly args?: readonly string[];
  /** Options for node itself (`--expose-gc`). */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs: number;
  /** Called with every JSON line the child prints that carries `progress`. */
  readonly onProgress?: (message: Record<string, unknown>) => void;
}

/**
 * Starts a plain JavaScript server (bench/servers/*.ts compiled to bench/.build/) that
 * announces itself with one JSON line `{"url": ...}` on stdout, under this node binary.
 * Later JSON lines answer `ask`, one line per question.
 */
export function startAnnouncing(name: string, script: string, options: AnnouncingOptions): Promise<Child> {
  const child = spawnTracked(
    name,
    process.execPath,
    [...(options.nodeArgs ?? []), script, ...(options.args ?? [])],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  // stderr is always drained: a full pipe would block the child mid-benchmark.
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 64) stderr.shift();
  });
  const waiting: ((message: Record<string, unknown>) => void)[] = [];
  let gone: Error | undefined;
  const failures: ((error: Error) => void)[] = [];
  child.once('exit', (code, signal) => {
    gone = new Error(
      `${name}: exited (code ${code}, signal ${signal})${stderr.length ? `\n${tail(stderr)}` : ''}`,
    );
    for (const fail of failures.splice(0)) fail(gone);
  });
  const stop = () => stopProcess(child);
  const ask = (message: unknown, timeoutMs: number) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      if (gone) return reject(gone);
      const timer = setTimeout(
        () => reject(new Error(`${name}: no answer within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      failures.push(reject);
      waiting.push((answer) => {
        clearTimeout(timer);
        failures.splice(failures.indexOf(reject), 1);
        resolve(answer);
      });
      child.stdin?.write(`${JSON.stringify(message)}\n`);
    });
  return new Promise<Child>((resolve, reject) => {
    let announced = false;
    const fail = (message: string) => {
      clearTimeout(timer);
      void stop();
      const detail = tail(stderr);
      reject(new Error(`${name}: ${message}${detail ? `\n${detail}` : ''}`));
    };
    const timer = setTimeout(
      () => fail(`no url announced within ${options.timeoutMs / 1000} s`),
      options.timeoutMs,
    );
    child.once('exit', (code, signal) => {
      if (!announced) fail(`exited before it listened (code ${code}, signal ${signal})`);
    });
    child.once('error', (error) => fail(error.message));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return; // not for us; the child may print other things
      }
      if (typeof message !== 'object' || message === null) return;
      if (!announced) {
        if (typeof message.url !== 'string') return;
        announced = true;
        clearTimeout(timer);
        resolve({ name, url: message.url, pid: child.pid, announcement: message, ask, stop });
        return;
      }
      if ('progress' in message) {
        options.onProgress?.(message);
        return;
      }
      waiting.shift()?.(message);
    });
  });
}

/**
 * Starts a plain node script (Prism's CLI) with its output going to `logFile`, and
 * waits until `probe` succeeds, trying every 200 ms. Output goes to a file because
 * Prism logs a lot and an undrained pipe would stall it.
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
  const child = spawnTracked(name, process.execPath, [script, ...args], { stdio: ['ignore', log, log] });
  const stop = () => stopProcess(child);
  const ask = () => Promise.reject(new Error(`${name}: takes no questions`));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name}: exited before it listened (code ${child.exitCode}); see ${logFile}`);
    }
    if (await probe().catch(() => false))
      return { name, url, pid: child.pid, announcement: { url }, ask, stop };
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
