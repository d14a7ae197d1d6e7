// `npm run bench`: the bnpl-kit mock against Prism's mock of the same contract and a
// bare node:http server, under the same load, in one run. Owns the order of events:
// start one server, set it up, measure GET of an order and POST of a capture, read its
// memory, stop it, and finally print the report and write bench/results/latest.json.
// The targets are benchmark targets, not tests: the exit code is 0 whatever the
// numbers are, and 1 only when something crashed (a server did not start or died).
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/core/http.ts';
import { type Child, memoryOf, startAnnouncing, startPolled } from './child.ts';
import { type Load, type LoadSettings, measure } from './load.ts';
import {
  isValid,
  markdown,
  type Report,
  type Run,
  ratios,
  type ScenarioName,
  type ServerName,
  type ServerOutcome,
  scenarioNames,
  scenarioTitles,
  serverNames,
  targets,
} from './report.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const resultsDir = path.join(benchDir, 'results');
// The revision our mock serves by default, so both servers answer the same contract.
const specFile = path.join(root, 'generated/bnpl-payment-order.2026-02-17.yaml');
const startTimeoutMs = 30_000;

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a number of seconds, not ${raw}`);
  return value;
}

const settings: LoadSettings = {
  // 32 connections is where the issue states its p99 target.
  connections: 32,
  pipelining: 1,
  warmupSeconds: seconds('BENCH_WARMUP', 2),
  durationSeconds: seconds('BENCH_DURATION', 10),
};
const selected = (process.env.BENCH_SERVERS ?? serverNames.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is ServerName => (serverNames as readonly string[]).includes(name));

// Every server gets the same header: the bnpl-kit mock requires a bearer token, and
// Prism enforces the contract's bearer scheme.
const headers = { authorization: 'Bearer bench', 'content-type': 'application/json' };
const ownerNo = '1';
const ordersPath = `/ledger/bnpl-payment-order/v1/${ownerNo}/bnpl-payment-orders`;
// 0.01 against an authorization of 100000000 allows 10^10 captures: the order never runs out.
const captureBody = JSON.stringify({
  amount: 0.01,
  currency: 'SEK',
  orderLines: [{ itemDescription: 'Phone', amount: 0.01 }],
  sellerTransactionId: 'bench',
  receiptReference: 'bench-1',
});

interface Started {
  readonly child: Child;
  /** Path of the order that GET reads and captures go to. */
  readonly orderPath: string;
}

interface Contender {
  readonly server: ServerName;
  readonly label: string;
  /** A reason to skip this server, checked before starting it. */
  readonly skip?: () => string | undefined;
  readonly start: () => Promise<Started>;
}

async function call(url: string, method: 'GET' | 'POST', body?: string) {
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, ok: response.ok, text };
}

function brief(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const oursScript = path.join(benchDir, 'servers/ours.ts');
const mockModule = path.join(root, 'src/mock/server.ts');

const contenders: readonly Contender[] = [
  {
    server: 'ours',
    label: 'bnpl-kit mock',
    skip: () => (existsSync(mockModule) ? undefined : 'skipped: src/mock/server.ts does not exist yet'),
    start: async () => {
      const child = await startAnnouncing('ours', oursScript, startTimeoutMs);
      try {
        // One Authorized order with the largest authorization. A single profile without
        // sub profiles has its payment method chosen at creation (D-08), so approve works.
        const created = await call(
          `${child.url}${ordersPath}`,
          'POST',
          JSON.stringify({
            authorizationAmount: 100000000,
            currency: 'SEK',
            sellerAuthorizationId: 'bench',
            customer: {
              nationalConsumerIdentifier: { value: 'YYYYMMDD-XXXX', countryCode: 'SE' },
              email: 'example@payex.com',
              msisdn: '+46701234567',
            },
            pointOfSale: 'bnpl-kit bench',
            mcc: '1234',
            restrictToProfiles: [{ profileName: 'BA_PartPayment' }],
          }),
        );
        if (created.status !== 201)
          throw new Error(`create answered ${created.status}: ${brief(created.text)}`);
        const id = (JSON.parse(created.text) as { paymentOrderId?: unknown }).paymentOrderId;
        if (typeof id !== 'number')
          throw new Error(`create answered no paymentOrderId: ${brief(created.text)}`);
        const approved = await call(
          `${child.url}/_sandbox/bnpl-payment-order/${ownerNo}/bnpl-payment-orders/${id}/approve`,
          'POST',
        );
        if (!approved.ok) throw new Error(`approve answered ${approved.status}: ${brief(approved.text)}`);
        const status = (JSON.parse(approved.text) as { status?: unknown }).status;
        if (status !== 'Authorized') throw new Error(`approve left the order ${String(status)}`);
        return { child, orderPath: `${ordersPath}/${id}` };
      } catch (error) {
        await child.stop();
        throw new Error(`ours: setup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  },
  {
    server: 'prism',
    label: `Prism ${await prismVersion()} (-v error)`,
    // `-v error`: Prism logs every request at info level by default; ours runs with
    // logging off, so this Prism does too.
    start: () => startPrism('prism', ['-v', 'error']),
  },
  {
    server: 'prism-default',
    label: `Prism ${await prismVersion()} (default settings)`,
    // `prism mock <spec>` as an integrator starts it: request logging at info level.
    start: () => startPrism('prism-default', []),
  },
  {
    server: 'bare',
    label: 'bare node:http',
    start: async () => ({
      child: await startAnnouncing('bare', path.join(benchDir, 'servers/bare.ts'), startTimeoutMs),
      orderPath: `${ordersPath}/1234567890`,
    }),
  },
];

/**
 * Starts `prism mock` on the contract. `--errors false` is the default, stated so the
 * run does not depend on it. No `--multiprocess`: one process, as for the others, so
 * its VmHWM is all of its memory.
 */
async function startPrism(name: 'prism' | 'prism-default', extra: readonly string[]): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const orderPath = `${ordersPath}/1234567890`;
  await mkdir(resultsDir, { recursive: true });
  const child = await startPolled(
    name,
    realpathSync(path.join(root, 'node_modules/.bin/prism')),
    ['mock', specFile, '-p', String(port), '-h', '127.0.0.1', '--errors', 'false', ...extra],
    path.join(resultsDir, `${name}.log`),
    url,
    async () => (await call(`${url}${orderPath}`, 'GET')).ok,
    startTimeoutMs,
  );
  return { child, orderPath };
}

async function prismVersion(): Promise<string> {
  const file = path.join(root, 'node_modules/@stoplight/prism-cli/package.json');
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
  } catch {
    return '(version unknown)';
  }
}

function loadFor(started: Started, scenario: ScenarioName): Load {
  const url = `${started.child.url}${started.orderPath}`;
  return scenario === 'get'
    ? { url, method: 'GET', headers }
    : { url: `${url}/captures`, method: 'POST', headers, body: captureBody };
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<boolean> {
  // Read before the bench adds load of its own: other work on the machine skews every number.
  const [loadBefore = 0] = os.loadavg();
  const runs: Run[] = [];
  const servers: ServerOutcome[] = [];
  let crashed = false;
  for (const contender of contenders.filter((c) => selected.includes(c.server))) {
    const problems: string[] = [];
    const outcome = (status: ServerOutcome['status'], rss: number | null, peak: number | null) =>
      servers.push({
        server: contender.server,
        label: contender.label,
        status,
        problems,
        rssBeforeLoadBytes: rss,
        peakRssBytes: peak,
      });
    const skip = contender.skip?.();
    if (skip) {
      progress(`${contender.server}: ${skip}`);
      problems.push(skip);
      outcome('skipped', null, null);
      continue;
    }
    progress(`${contender.server}: starting`);
    let started: Started;
    try {
      started = await contender.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      progress(message);
      problems.push(message);
      outcome('failed', null, null);
      crashed = true;
      continue;
    }
    const { pid } = started.child;
    const rssBefore = memoryOf(pid)?.rss ?? null;
    try {
      for (const scenario of scenarioNames) {
        const load = loadFor(started, scenario);
        // One request first: a server that answers the scenario with an error should
        // say why, instead of producing a table of fast 4xx responses.
        const probe = await call(load.url, load.method, load.body);
        if (!probe.ok) {
          const message = `${scenarioTitles[scenario]} not measured: answered ${probe.status}: ${brief(probe.text)}`;
          progress(`${contender.server}: ${message}`);
          problems.push(message);
          continue;
        }
        progress(
          `${contender.server}: ${scenarioTitles[scenario]}, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s`,
        );
        const result = await measure(load, settings);
        const run: Run = {
          ...result,
          scenario,
          server: contender.server,
          peakRssBytes: memoryOf(pid)?.peak ?? null,
        };
        runs.push(run);
        progress(
          `${contender.server}: ${Math.round(run.requestsPerSecond)} req/s, p50 ${run.p50Ms.toFixed(2)} ms, p99 ${run.p99Ms.toFixed(2)} ms`,
        );
        if (!isValid(run)) {
          problems.push(
            `${scenarioTitles[scenario]} is not a valid run: ${run.non2xx} non-2xx, ${run.errors} errors ` +
              `(${run.timeouts} timeouts), status codes ${JSON.stringify(run.statusCodes)}`,
          );
        }
      }
      const peak = memoryOf(pid)?.peak ?? null;
      if (peak === null && process.platform === 'linux') {
        problems.push('the process was gone after its runs: it crashed');
        crashed = true;
      }
      outcome('ran', rssBefore, peak);
    } finally {
      await started.child.stop();
    }
  }

  const cpus = os.cpus();
  const notes: string[] = [];
  if (cpus.length !== 2) notes.push(`the targets are stated for 2 cores; this machine has ${cpus.length}`);
  notes.push(
    'autocannon runs in the bench process on the same machine, so it shares the CPUs with the server under load',
  );
  if (loadBefore > 0.5) {
    notes.push(
      `the machine was busy before the bench started (1-minute load average ${loadBefore.toFixed(2)}): the numbers are noisy`,
    );
  }
  if (selected.includes('prism') || selected.includes('prism-default')) {
    notes.push(
      'Prism runs single-process, twice: with its defaults (`prism mock <spec>`, request log at info level, as integrators start it) and with `-v error` (log off, as ours runs)',
    );
  }
  if (selected.includes('ours') || selected.includes('bare')) {
    notes.push(
      "ours and bare run TypeScript through tsx's loader (as `npm start` does), which alone holds about 35 MiB of RSS; Prism is plain JavaScript",
    );
  }
  const getRate = (server: ServerName) =>
    runs.find((run) => run.server === server && run.scenario === 'get')?.requestsPerSecond;
  const prismGet = getRate('prism');
  const bareGet = getRate('bare');
  if (prismGet !== undefined && bareGet !== undefined && 20 * prismGet > bareGet) {
    notes.push(
      `20× Prism's GET throughput with -v error (${Math.round(20 * prismGet)} req/s) is more than bare node:http reaches here ` +
        `(${Math.round(bareGet)} req/s) in this run: the two throughput targets cannot both be met here`,
    );
  }
  if (runs.some((run) => !isValid(run))) {
    notes.push('some runs had non-2xx responses or connection errors; their numbers are not comparable');
  }
  const overrides = ['BENCH_DURATION', 'BENCH_WARMUP', 'BENCH_SERVERS']
    .filter((name) => process.env[name] !== undefined && process.env[name] !== '')
    .map((name) => `${name}=${process.env[name]}`);
  const report: Report = {
    date: new Date().toISOString(),
    command: [...overrides, 'npm run bench'].join(' '),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      totalMemoryBytes: os.totalmem(),
    },
    settings,
    servers,
    runs,
    ratios: ratios(runs),
    targets: targets(runs),
    notes,
  };
  process.stdout.write(markdown(report));
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  progress(`wrote ${path.relative(root, path.join(resultsDir, 'latest.json'))}`);
  return crashed;
}

try {
  process.exitCode = (await main()) ? 1 : 0;
} catch (error) {
  process.stderr.write(
    `bench: crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
// Keep-alive sockets of fetch could hold the loop open for a few seconds after the
// servers are gone; the bench is done, so it does not wait for them.
setTimeout(() => process.exit(), 1000).unref();
