// Cold start, each the median of several runs in fresh processes: the `bnpl-kit mock`
// binary from spawn to its first answer (as CI starts it: `node bin/bnpl-kit.js mock
// --port 0`, reading the URL it prints), Prism from spawn to its first answer (as an
// integrator starts it, default settings), and `startMock()` until ready after the
// import of dist/index.js (timed inside its process). The first answer is a create
// (201): a real first request of a test, which needs the contract's validators.
import { request } from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/core/http.ts';
import { spawnTracked, startAnnouncing, stopProcess } from './child.ts';
import { prismCli, prismSpecs } from './contenders.ts';
import { watchOthers } from './machine.ts';
import type { ColdStart, ColdStartSubject } from './report.ts';
import { createOrderBody, ledgerHeaders, ordersPath } from './servers/shared.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binScript = path.join(root, 'bin/bnpl-kit.js');
const runTimeoutMs = 60_000;
const createBody = JSON.stringify(createOrderBody(1000, 'cold-start'));

/** POSTs a create on a fresh connection; resolves to the status, rejects when nothing listens. */
function create(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${url}${ordersPath}`,
      { method: 'POST', headers: ledgerHeaders, agent: false, timeout: 10_000 },
      (response) => {
        response.resume().on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    call.on('error', reject);
    call.on('timeout', () => call.destroy(new Error('timed out')));
    call.end(createBody);
  });
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One run of the binary: spawn, wait for the URL line, first answer; the ms from spawn. */
async function binOnce(): Promise<{ ms: number; status: number; parts: Record<string, number> }> {
  const started = performance.now();
  const child = spawnTracked('bnpl-kit mock', process.execPath, [binScript, 'mock', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('printed no URL line in time')), runTimeoutMs);
      child.once('exit', (code) =>
        reject(new Error(`exited (code ${code}) before its URL line: ${stderr.join('').slice(-500)}`)),
      );
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const printed = performance.now();
    const status = await create(url);
    const answered = performance.now();
    return {
      ms: answered - started,
      status,
      parts: { 'spawn to URL line': printed - started, 'first answer after it': answered - printed },
    };
  } finally {
    await stopProcess(child);
  }
}

/** One run of Prism: spawn, then a create every 5 ms until one is answered; the ms from spawn. */
async function prismOnce(): Promise<{ ms: number; status: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawnTracked(
    'prism',
    process.execPath,
    [prismCli, 'mock', prismSpecs.ledger, '-p', String(port), '-h', '127.0.0.1'],
    // Prism logs a line per request and more at start; nobody reads it here.
    { stdio: 'ignore' },
  );
  try {
    const deadline = started + runTimeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited (code ${child.exitCode}) before answering`);
      try {
        const status = await create(url);
        return { ms: performance.now() - started, status };
      } catch {
        if (performance.now() > deadline) throw new Error('not answering in time');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  } finally {
    await stopProcess(child);
  }
}

/** Measures one subject `runs` times; a run that fails is reported, not retried. */
async function measureRuns(
  subject: ColdStartSubject,
  label: string,
  runs: number,
  once: () => Promise<{ ms: number; status: number; parts?: Record<string, number> }>,
  progress: (message: string) => void,
): Promise<ColdStart> {
  const samplesMs: number[] = [];
  const parts: Record<string, number[]> = {};
  const problems: string[] = [];
  const watch = watchOthers();
  for (let i = 0; i < runs; i++) {
    try {
      const { ms, status, parts: measured } = await once();
      if (status !== 201) problems.push(`run ${i + 1}: the first answer was ${status}, not 201`);
      samplesMs.push(ms);
      for (const [part, value] of Object.entries(measured ?? {}))
        parts[part] = [...(parts[part] ?? []), value];
    } catch (error) {
      problems.push(`run ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const othersCpuShare = watch.stop();
  const medianMs = median(samplesMs);
  progress(
    `${label}: median ${medianMs === null ? 'n/a' : medianMs.toFixed(0)} ms of ${samplesMs.join(', ')}`,
  );
  return {
    subject,
    label,
    samplesMs: samplesMs.map((ms) => Math.round(ms * 10) / 10),
    medianMs,
    parts: Object.fromEntries(
      Object.entries(parts).map(([part, values]) => [part, median(values) ?? Number.NaN]),
    ),
    problems,
    othersCpuShare,
  };
}

export async function coldStarts(
  runs: number,
  startMockScript: string,
  prismLabel: string,
  progress: (message: string) => void,
): Promise<ColdStart[]> {
  const results: ColdStart[] = [];
  progress(`cold start: \`node bin/bnpl-kit.js mock --port 0\`, ${runs} runs`);
  results.push(
    await measureRuns(
      'bin',
      '`node bin/bnpl-kit.js mock --port 0`: spawn to first answer',
      runs,
      binOnce,
      progress,
    ),
  );
  progress(`cold start: startMock() after the import of dist/index.js, ${runs} runs`);
  results.push(
    await measureRuns(
      'start-mock',
      '`startMock({ port: 0 })`: ready after the import of dist/index.js',
      runs,
      async () => {
        const child = await startAnnouncing('start-mock', startMockScript, { timeoutMs: runTimeoutMs });
        await child.stop();
        const told = child.announcement;
        const number = (key: string) => (typeof told[key] === 'number' ? (told[key] as number) : Number.NaN);
        return {
          ms: number('readyMs'),
          status: number('firstAnswerStatus'),
          parts: {
            'node start': number('nodeBootMs'),
            'import of dist/index.js': number('importMs'),
            'first answer after ready': number('firstAnswerMs'),
          },
        };
      },
      progress,
    ),
  );
  progress(`cold start: ${prismLabel}, ${runs} runs`);
  results.push(await measureRuns('prism', `${prismLabel}: spawn to first answer`, runs, prismOnce, progress));
  return results;
}
