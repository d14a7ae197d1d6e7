// Test support: `bnpl-kit mock` as a real process (the package bin, as an operator runs
// it), for the tests of a sandbox shared by several instances. Owns spawning one,
// reading the URL from its first line, keeping its output for a failing test's message,
// and stopping it; also a tiny round-robin HTTP proxy that alternates requests between
// instances, as a load balancer in front of them would.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface MockProcess {
  /** The base URL the process printed. */
  readonly url: string;
  /** The first line it printed (`bnpl-kit mock listening on … (store: …)`). */
  readonly firstLine: string;
  readonly pid: number | undefined;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when `pattern` appears in its output (stderr's log lines included). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Whether it is still running. */
  alive(): boolean;
  /** SIGTERM, then the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

/** The environment of a child: this one's, without DATABASE_URL unless given. */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return Object.fromEntries(
    Object.entries({ ...rest, ...env }).filter(([, value]) => value !== undefined),
  ) as NodeJS.ProcessEnv;
}

function launch(args: readonly string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ['bin/bnpl-kit.js', 'mock', ...args], {
    cwd: root,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts `bnpl-kit mock --port 0 …args` and resolves once it printed where it listens. */
export function startMockProcess(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<MockProcess> {
  const child = launch(['--port', '0', ...args], env);
  let out = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise((resolve, reject) => {
    const onLine = () => {
      const line = out.split('\n').find((l) => l.startsWith('bnpl-kit mock listening on '));
      const url = line === undefined ? undefined : /listening on (http:\/\/\S+)/.exec(line)?.[1];
      if (line === undefined || url === undefined) return;
      waiters.delete(onLine);
      child.off('exit', onEarlyExit);
      resolve({
        url,
        firstLine: line,
        pid: child.pid,
        output: () => out,
        alive: () => child.exitCode === null && child.signalCode === null,
        waitFor: (pattern, timeoutMs = 20_000) =>
          new Promise<void>((done, fail) => {
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`${pattern} did not appear in the mock's output:\n${out}`));
            }, timeoutMs);
            const check = () => {
              if (!pattern.test(out)) return;
              clearTimeout(timer);
              waiters.delete(check);
              done();
            };
            waiters.add(check);
            check();
          }),
        stop: async () => {
          const exited = exitOf(child);
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(killer);
          }
          return exited;
        },
      });
    };
    const onEarlyExit = (code: number | null) => {
      waiters.delete(onLine);
      reject(new Error(`bnpl-kit mock exited (${code}) before listening:\n${out}`));
    };
    waiters.add(onLine);
    child.once('exit', onEarlyExit);
  });
}

/** Runs `bnpl-kit mock …args` expecting it to end by itself; its exit code and output. */
export async function runMockToExit(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = launch(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await exitOf(child);
  clearTimeout(killer);
  return { code, stdout, stderr };
}

export interface RoundRobinProxy {
  readonly url: string;
  /** How many requests each upstream got, in the order given. */
  readonly counts: readonly number[];
  close(): Promise<void>;
}

/** Hop-by-hop headers, which a proxy does not pass on (and undici refuses). */
const hopByHop = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect']);

/**
 * An HTTP proxy that sends each request to the next upstream in turn (a, b, a, b, …). A
 * request body is read whole first, then sent with undici, which keeps an answer the
 * upstream gives before reading the whole body (413) rather than failing the upload.
 */
export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  const counts = upstreams.map(() => 0);
  let next = 0;
  const server = http.createServer(async (req, res) => {
    const index = next;
    next = (next + 1) % upstreams.length;
    counts[index] = (counts[index] ?? 0) + 1;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !hopByHop.has(name)),
      ) as Record<string, string>;
      const answer = await request(new URL(req.url ?? '/', upstreams[index]), {
        method: (req.method ?? 'GET') as 'GET',
        headers,
        body: chunks.length === 0 ? null : Buffer.concat(chunks),
      });
      const passed = Object.fromEntries(
        Object.entries(answer.headers).filter(
          ([name]) => name !== 'transfer-encoding' && name !== 'keep-alive',
        ),
      );
      res.writeHead(answer.statusCode, passed as http.OutgoingHttpHeaders);
      for await (const chunk of answer.body) res.write(chunk);
      res.end();
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
