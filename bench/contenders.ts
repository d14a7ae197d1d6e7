// The servers the load runs against and how each is set up for a scenario: the mock on
// its in-memory store, on PostgreSQL as one instance and as two sharing one database,
// Prism's mock of the same contracts (as it starts by default, and with its request log
// off) and a bare node:http server. Setting up a scenario on the mock goes through its
// public API and sandbox, as an integrator's test would: a created and approved order
// for GET and capture, and for settle a large authorisation (access token, Initiate, SCA
// completed through the sandbox, Authorise) that 0.01 settles never exhaust.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/core/http.ts';
import type { ServerEntry } from './build.ts';
import { type Child, startAnnouncing, startPolled } from './child.ts';
import type { Load } from './load.ts';
import type { ScenarioName, ServerName } from './report.ts';
import {
  createOrderBody,
  gbp,
  ledgerHeaders,
  orderProcessingBase,
  orderProcessingHeaders,
  ordersPath,
  ownerNo,
} from './servers/shared.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
export const resultsDir = path.join(benchDir, 'results');
const startTimeoutMs = 60_000;

/** The contracts Prism mocks: the revision our mock serves by default, and Order Processing. */
export const prismSpecs = {
  ledger: path.join(root, 'generated/bnpl-payment-order.2026-02-17.yaml'),
  orderProcessing: path.join(root, 'spec/order-processing.yaml'),
};

// 0.01 against an authorization of 100000000 SEK allows 10^10 captures: the order never runs out.
const captureBody = JSON.stringify({
  amount: 0.01,
  currency: 'SEK',
  orderLines: [{ itemDescription: 'Phone', amount: 0.01 }],
  sellerTransactionId: 'bench',
  receiptReference: 'bench-1',
});
// 0.01 against £5,000 (the test customer's whole limit) allows 500 000 settles.
const settleAmount = 5000;
const settleBody = JSON.stringify({ amount: gbp(0.01), description: 'bench' });

export interface Answer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
}

export async function call(
  url: string,
  method: 'GET' | 'POST',
  headers: Readonly<Record<string, string>>,
  body?: string,
): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, ok: response.ok, text: await response.text() };
}

export function brief(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The JSON of an answer with the expected status, or an error saying what came instead. */
async function expectJson(
  what: string,
  status: number,
  answer: Promise<Answer>,
): Promise<Record<string, unknown>> {
  const { status: got, text } = await answer;
  if (got !== status) throw new Error(`${what} answered ${got}: ${brief(text)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** One Authorized order with the largest authorization; its path. */
async function prepareOrder(url: string): Promise<string> {
  const created = await expectJson(
    'create',
    201,
    call(`${url}${ordersPath}`, 'POST', ledgerHeaders, JSON.stringify(createOrderBody(100000000, 'bench'))),
  );
  const id = created.paymentOrderId;
  if (typeof id !== 'number')
    throw new Error(`create answered no paymentOrderId: ${JSON.stringify(created)}`);
  const approved = await expectJson(
    'approve',
    200,
    call(`${url}/_sandbox/bnpl-payment-order/${ownerNo}/bnpl-payment-orders/${id}/approve`, 'POST', {}),
  );
  if (approved.status !== 'Authorized') throw new Error(`approve left the order ${String(approved.status)}`);
  return `${ordersPath}/${id}`;
}

/** An Authorised £5,000 authorisation, as an integrator reaches one; its settle path. */
async function prepareAuthorisation(url: string): Promise<string> {
  const customerRef = 'bench-settle';
  const op = `${url}${orderProcessingBase}/merchant/${customerRef}`;
  const post = (target: string, headers: Record<string, string>, body: unknown) =>
    call(
      target,
      'POST',
      { ...orderProcessingHeaders, 'idempotency-key': randomUUID(), ...headers },
      JSON.stringify(body),
    );
  const token = await expectJson(
    'access-token',
    200,
    call(`${url}/_sandbox/order-processing/customers/${customerRef}/access-token`, 'POST', {}),
  );
  const access = String(token.customerAccessToken);
  const initiated = await expectJson(
    'Initiate',
    200,
    post(`${op}/initiate`, { 'customer-access-token': access }, { amount: gbp(settleAmount) }),
  );
  const scaToken = String(initiated.scaToken);
  if (initiated.scaStatus === 'AuthenticationRequired') {
    await expectJson(
      'sca/complete',
      200,
      call(
        `${url}/_sandbox/order-processing/sca/complete`,
        'POST',
        { 'content-type': 'application/json' },
        JSON.stringify({ scaToken }),
      ),
    );
  }
  const authorised = await expectJson(
    'Authorise',
    200,
    post(
      `${op}/authorisation`,
      { 'customer-access-token': access, 'sca-token': scaToken },
      { amount: gbp(settleAmount), orderReference: 'bench' },
    ),
  );
  if (authorised.result !== 'Authorised') throw new Error(`Authorise answered ${JSON.stringify(authorised)}`);
  return `${orderProcessingBase}/merchant/${customerRef}/authorisation/${String(authorised.authorisationId)}/settle`;
}

/** The load of a scenario against one server, given the path of its order or settle. */
function loadOf(scenario: ScenarioName, url: string, target: string): Load {
  switch (scenario) {
    case 'get':
      return { url: `${url}${target}`, method: 'GET', headers: ledgerHeaders };
    case 'capture':
      return { url: `${url}${target}/captures`, method: 'POST', headers: ledgerHeaders, body: captureBody };
    case 'settle':
      return {
        url: `${url}${target}`,
        method: 'POST',
        headers: orderProcessingHeaders,
        body: settleBody,
        freshUuidHeader: 'idempotency-key',
      };
  }
}

export interface Prepared {
  /** One load per instance; the scenario's connections are split over them. */
  readonly loads: readonly Load[];
  /** The processes serving it, for their memory. */
  readonly pids: readonly number[];
}

export interface Started {
  prepare(scenario: ScenarioName): Promise<Prepared>;
  stop(): Promise<void>;
}

export interface Contender {
  readonly server: ServerName;
  readonly label: string;
  readonly scenarios: readonly ScenarioName[];
  readonly start: () => Promise<Started>;
}

export interface ContenderContext {
  readonly scripts: Readonly<Record<ServerEntry, string>>;
  /** A fresh database on the bench's PostgreSQL server (started when first asked for). */
  readonly database: () => Promise<string>;
}

/** Stops the children, ignoring what fails: stopping must not hide the error that led to it. */
async function stopAll(children: readonly Child[]): Promise<void> {
  await Promise.all(children.map((child) => child.stop().catch(() => {})));
}

/** The mock in `instances` processes on one store (memory when `store` is undefined). */
async function startOurs(
  name: string,
  context: ContenderContext,
  instances: number,
  store: string | undefined,
): Promise<Started> {
  const children: Child[] = [];
  try {
    // One after the other: the first migrates the database; the second finds it done.
    for (let i = 0; i < instances; i++) {
      children.push(
        await startAnnouncing(`${name}${instances > 1 ? `#${i + 1}` : ''}`, context.scripts.ours, {
          args: store === undefined ? [] : [store],
          timeoutMs: startTimeoutMs,
        }),
      );
    }
  } catch (error) {
    await stopAll(children);
    throw error;
  }
  const [first] = children as [Child, ...Child[]];
  const targets = new Map<'order' | 'settle', Promise<string>>();
  const once = (key: 'order' | 'settle', make: () => Promise<string>) => {
    let target = targets.get(key);
    if (target === undefined) {
      target = make();
      targets.set(key, target);
    }
    return target;
  };
  return {
    prepare: async (scenario) => {
      // Set up through the first instance; with a shared store the others see the same state.
      const target =
        scenario === 'settle'
          ? await once('settle', () => prepareAuthorisation(first.url))
          : await once('order', () => prepareOrder(first.url));
      return {
        loads: children.map((child) => loadOf(scenario, child.url, target)),
        pids: children.map((child) => child.pid),
      };
    },
    stop: () => stopAll(children),
  };
}

export async function prismVersion(): Promise<string> {
  const file = path.join(root, 'node_modules/@stoplight/prism-cli/package.json');
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
  } catch {
    return '(version unknown)';
  }
}

export const prismCli = path.join(root, 'node_modules/@stoplight/prism-cli/dist/index.js');
/** Prism answers with its examples; these ids are what a client would send. */
const prismOrderPath = `${ordersPath}/1234567890`;
const prismSettlePath = '/merchant/bench-settle/authorisation/6fe486cf-3193-40ef-a850-f7659e717c6e/settle';

/**
 * `prism mock <spec>` on a free port. `--errors false` is the default, stated so the run
 * does not depend on it. No `--multiprocess`: one process, as for the others, so its
 * VmHWM is all of its memory. `probe` says when it answers.
 */
export async function startPrism(
  name: string,
  spec: string,
  extra: readonly string[],
  probe: (url: string) => Promise<boolean>,
): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await mkdir(resultsDir, { recursive: true });
  return startPolled(
    name,
    prismCli,
    ['mock', spec, '-p', String(port), '-h', '127.0.0.1', '--errors', 'false', ...extra],
    path.join(resultsDir, `${name}.log`),
    url,
    () => probe(url),
    startTimeoutMs,
  );
}

/**
 * Prism mocks one contract per process: the ledger's for GET and capture, and Order
 * Processing's for settle, started when the settle scenario is set up.
 */
function prismContender(
  server: 'prism' | 'prism-default',
  label: string,
  extra: readonly string[],
): Contender {
  return {
    server,
    label,
    scenarios: ['get', 'capture', 'settle'],
    start: async () => {
      const ledger = await startPrism(
        server,
        prismSpecs.ledger,
        extra,
        async (url) => (await call(`${url}${prismOrderPath}`, 'GET', ledgerHeaders)).ok,
      );
      let orderProcessing: Child | undefined;
      return {
        prepare: async (scenario) => {
          if (scenario !== 'settle') {
            return { loads: [loadOf(scenario, ledger.url, prismOrderPath)], pids: [ledger.pid] };
          }
          orderProcessing ??= await startPrism(
            `${server}-order-processing`,
            prismSpecs.orderProcessing,
            extra,
            // Prism is up once it answers anything on the path; the probe before the load says whether it settles.
            async (url) => (await call(`${url}${prismSettlePath}`, 'GET', {})).status > 0,
          );
          return {
            loads: [loadOf('settle', orderProcessing.url, prismSettlePath)],
            pids: [orderProcessing.pid],
          };
        },
        stop: () => stopAll([ledger, ...(orderProcessing === undefined ? [] : [orderProcessing])]),
      };
    },
  };
}

export async function contenders(context: ContenderContext): Promise<Contender[]> {
  const version = await prismVersion();
  return [
    {
      server: 'ours',
      label: 'bnpl-kit mock (memory)',
      scenarios: ['get', 'capture', 'settle'],
      start: () => startOurs('ours', context, 1, undefined),
    },
    {
      server: 'ours-pg',
      label: 'bnpl-kit mock (PostgreSQL, 1 instance)',
      scenarios: ['capture', 'settle'],
      start: async () => startOurs('ours-pg', context, 1, await context.database()),
    },
    {
      server: 'ours-pg2',
      label: 'bnpl-kit mock (PostgreSQL, 2 instances)',
      scenarios: ['capture', 'settle'],
      start: async () => startOurs('ours-pg2', context, 2, await context.database()),
    },
    // `-v error`: Prism logs every request at info level by default; ours runs with logging off, so this Prism does too.
    prismContender('prism', `Prism ${version} (-v error)`, ['-v', 'error']),
    // `prism mock <spec>` as an integrator starts it: request logging at info level.
    prismContender('prism-default', `Prism ${version} (default settings)`, []),
    {
      server: 'bare',
      label: 'bare node:http',
      scenarios: ['get', 'capture', 'settle'],
      start: async () => {
        const child = await startAnnouncing('bare', context.scripts.bare, { timeoutMs: startTimeoutMs });
        return {
          prepare: async (scenario) => ({
            loads: [
              loadOf(
                scenario,
                child.url,
                scenario === 'settle' ? `${orderProcessingBase}${prismSettlePath}` : prismOrderPath,
              ),
            ],
            pids: [child.pid],
          }),
          stop: () => child.stop(),
        };
      },
    },
  ];
}
