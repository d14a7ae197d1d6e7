// A shared sandbox: two `bnpl-kit mock` processes on one PostgreSQL database (the
// throwaway server of test/setup/postgres.ts, a database of this file's own) act as one
// mock. Both start at once on the empty database (both migrate it); then they agree on
// every order and authorisation, share the journal and reset, never move more money than
// the rules allow when parallel captures and settles are spread over both, act once on
// an idempotency key whichever instance gets the retries, and a restarted instance still
// serves everything.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KitReport as ConformanceReport } from '../conformance/report/types.ts';
import { defaults, runConformance } from '../conformance/run.ts';
import type { Target } from '../conformance/target.ts';
import { replayHeader } from '../src/core/pipeline.ts';
import { migrations } from '../src/core/store-postgres.migrations.ts';
import type { Answer } from './support/http.ts';
import {
  type MockProcess,
  type RoundRobinProxy,
  startMockProcess,
  startRoundRobinProxy,
} from './support/mock-process.ts';
import { createDatabase } from './support/postgres-server.ts';
import { type Contracts, type Instance, instance, loadContracts, pounds } from './support/sandbox-flows.ts';

/** Trust authentication ignores it; it must never appear in what the mock prints. */
const password = 's3cret-pw';
let databaseUrl = '';
let contracts: Contracts;
let processes: [MockProcess, MockProcess];
let a: Instance;
let b: Instance;

beforeAll(async () => {
  const url = new URL(await createDatabase(inject('postgresUrl')));
  url.password = password;
  databaseUrl = url.toString();
  contracts = await loadContracts();
  // Both at once on an empty database: each runs the migrations at start.
  processes = await Promise.all([
    startMockProcess(['--store', databaseUrl]),
    startMockProcess(['--store', databaseUrl]),
  ]);
  a = instance(processes[0].url, contracts);
  b = instance(processes[1].url, contracts);
});

afterAll(async () => {
  await Promise.all((processes ?? []).map((p) => p?.stop()));
});

describe('bnpl-kit mock --store postgres://… (two instances started at once)', () => {
  it('should migrate the empty database once and say which store it uses, without the password', async () => {
    const database = new URL(databaseUrl).pathname.slice(1);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let applied: { id: number; name: string }[];
    try {
      applied = (
        await client.query<{ id: number; name: string }>(
          'SELECT id, name FROM bnpl_kit.migrations ORDER BY id',
        )
      ).rows;
    } finally {
      await client.end();
    }

    expect(applied).toEqual(migrations.map((m) => ({ id: m.id, name: m.name })));
    for (const process of processes) {
      expect(process.firstLine).toMatch(
        new RegExp(
          `^bnpl-kit mock listening on http://\\S+ \\(store: postgres at 127\\.0\\.0\\.1:\\d+, database ${database}\\)$`,
        ),
      );
      expect(process.output()).not.toContain(password);
    }
  });
});

describe('two instances on one database', () => {
  it('should agree on every order: created on one, approved, captured and read on the other', async () => {
    const ownerNo = 'agree';
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [here, there] = i % 2 === 0 ? [a, b] : [b, a];
      const id = await here.createOrder(ownerNo, { authorizationAmount: 100 + i });
      await there.approve(ownerNo, id);
      expect((await here.capture(ownerNo, id, 10)).status).toBe(201);
      expect((await there.capture(ownerNo, id, 5)).status).toBe(201);
      ids.push(id);
    }

    expect(new Set(ids).size).toBe(ids.length);
    for (const [i, id] of ids.entries()) {
      const [fromA, fromB] = await Promise.all([a.getOrder(ownerNo, id), b.getOrder(ownerNo, id)]);
      expect(fromA.status).toBe(200);
      expect(fromB.body).toEqual(fromA.body);
      expect(fromA.body).toMatchObject({ status: 'Authorized', remainingAmount: 100 + i - 15 });
    }
  });

  it('should share the request journal and the reset of one owner', async () => {
    const ownerNo = 'journal';
    const onA = await a.createOrder(ownerNo);
    const onB = await b.createOrder(ownerNo);
    const other = await a.createOrder('journal-other');
    const creates = (answer: Answer) =>
      (answer.body as { entries: { operationId: string; status: number }[] }).entries.filter(
        (e) => e.operationId === 'createBnplPaymentOrder' && e.status === 201,
      );

    // Each instance lists what the other answered, once the other has written it (in the background).
    for (const from of [a, b]) {
      await expect
        .poll(async () => creates(await from.journal(`ownerNo=${ownerNo}`)).length, { timeout: 10_000 })
        .toBe(2);
    }

    const reset = await b.reset({ ownerNo });
    expect(reset.body).toMatchObject({ ordersRemoved: 2 });
    expect((await a.journal(`ownerNo=${ownerNo}`)).body).toEqual({ entries: [] });
    expect((await a.getOrder(ownerNo, onA)).status).toBe(404);
    expect((await a.getOrder(ownerNo, onB)).status).toBe(404);
    expect((await a.getOrder('journal-other', other)).status).toBe(200);
  });

  it('should take exactly 33 captures of 20 from 666.67 when 40 are sent in parallel over both', async () => {
    const ownerNo = 'race';
    const id = await a.createOrder(ownerNo, { authorizationAmount: 666.67 });
    await b.approve(ownerNo, id);

    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).capture(ownerNo, id, 20, `ship-${i}`)),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(33);
    expect(statuses.filter((s) => s === 400)).toHaveLength(7);
    for (const from of [a, b]) {
      expect((await from.getOrder(ownerNo, id)).body).toMatchObject({ remainingAmount: 6.67 });
    }
  });

  it('should settle exactly 33 of 40 parallel settles of £20 on £666.67 spread over both', async () => {
    const merchantId = randomUUID();
    const authorisationId = await a.authorise(merchantId, 'race-customer', 666.67);

    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).settle(merchantId, 'race-customer', authorisationId, 20),
      ),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(33);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(7);
    for (const answer of refused)
      expect(answer.body).toMatchObject({
        status: 409,
        type: expect.stringMatching(/\/insufficient-float$/),
      });
    for (const from of [a, b]) {
      const view = (await from.authorisationView(merchantId, authorisationId)).body as {
        settled: unknown;
        remainingFloat: unknown;
        transactions: unknown[];
      };
      expect(pounds(view.remainingFloat)).toBe(6.67);
      expect(pounds(view.settled)).toBe(660);
      expect(view.transactions).toHaveLength(33);
    }
  });

  it('should act once on an idempotency key whichever instance gets the parallel retries', async () => {
    const merchantId = randomUUID();
    const authorisationId = await b.authorise(merchantId, 'retry-customer', 100);
    const key = randomUUID();

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).settle(merchantId, 'retry-customer', authorisationId, 30, key),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers[replayHeader] === undefined)).toHaveLength(1);
    const view = (await a.authorisationView(merchantId, authorisationId)).body as {
      remainingFloat: unknown;
      transactions: unknown[];
    };
    expect(view.transactions).toHaveLength(1);
    expect(pounds(view.remainingFloat)).toBe(70);
  });

  it('should still serve every order and authorisation after an instance restarts', async () => {
    const ownerNo = 'restart';
    const ids = [await a.createOrder(ownerNo), await b.createOrder(ownerNo)];
    await a.approve(ownerNo, ids[1] as number);
    const merchantId = randomUUID();
    const authorisationId = await b.authorise(merchantId, 'restart-customer', 50);
    expect((await b.settle(merchantId, 'restart-customer', authorisationId, 20)).status).toBe(200);
    const before = await Promise.all(ids.map((id) => b.getOrder(ownerNo, id)));
    const viewBefore = await b.authorisationView(merchantId, authorisationId);

    expect(await processes[1].stop()).toBe(0);
    processes[1] = await startMockProcess(['--store', databaseUrl]);
    b = instance(processes[1].url, contracts);

    const after = await Promise.all(ids.map((id) => b.getOrder(ownerNo, id)));
    expect(after.map((answer) => answer.body)).toEqual(before.map((answer) => answer.body));
    expect((await b.authorisationView(merchantId, authorisationId)).body).toEqual(viewBefore.body);
    const fresh = await b.createOrder(ownerNo);
    expect(ids).not.toContain(fresh);
  });
});

describe('the bnpl-payment-order conformance kit against the shared sandbox', () => {
  let proxy: RoundRobinProxy | undefined;
  afterAll(async () => {
    await proxy?.close();
  });

  const target = (baseUrl: string): Target => ({
    baseUrl,
    ownerNo: 'kit',
    otherOwnerNo: 'kit-other',
    token: 't',
    profileName: defaults.profileName,
    subProfileNames: [...defaults.subProfileNames],
  });
  const certify = (baseUrl: string) =>
    runConformance({
      api: 'bnpl-payment-order',
      target: target(baseUrl),
      adapter: 'mock',
      runs: 25,
      seed: 20241030,
      concurrencyRounds: 2,
    });
  const notPassed = (report: ConformanceReport) =>
    report.checks.filter((c) => c.outcome !== 'passed').map((c) => `${c.id} ${c.outcome}`);

  it.each([
    ['instance A', 0],
    ['instance B', 1],
  ])('should pass every check against %s', async (_, index) => {
    const report = await certify((processes[index] as MockProcess).url);

    expect(notPassed(report)).toEqual([]);
    expect(report.outcome).toBe('passed');
  });

  it('should pass every check against both behind a round-robin proxy', async () => {
    proxy = await startRoundRobinProxy(processes.map((p) => p.url));

    const report = await certify(proxy.url);

    expect(notPassed(report)).toEqual([]);
    expect(report.outcome).toBe('passed');
    // Both instances answered a fair share (requests alternate).
    const [toA, toB] = proxy.counts as [number, number];
    expect(Math.abs(toA - toB)).toBeLessThanOrEqual(1);
    expect(toA).toBeGreaterThan(100);
  });
});

describe('the Order Processing conformance kit against the shared sandbox', () => {
  let proxy: RoundRobinProxy | undefined;
  afterAll(async () => {
    await proxy?.close();
  });

  // A merchant of its own, so that the kit's resets never touch what the other tests keep.
  const certify = (baseUrl: string) =>
    runConformance({
      api: 'order-processing',
      target: {
        baseUrl: `${baseUrl}/cl/merchant-gateway-service`,
        merchantId: randomUUID(),
        tenantId: 'kit',
        subscriptionKey: 'kit',
        customerRef: '123456789',
        otherCustomerRef: '4vMgYYLnQJ',
      },
      adapter: 'mock',
      runs: 15,
      seed: 20260101,
      concurrencyRounds: 1,
    });
  const notPassed = (report: ConformanceReport) =>
    report.checks.filter((c) => c.outcome !== 'passed').map((c) => `${c.id} ${c.outcome}`);

  it.each([
    ['instance A', 0],
    ['instance B', 1],
  ])('should pass every check against %s', async (_, index) => {
    const report = await certify((processes[index] as MockProcess).url);

    expect(notPassed(report)).toEqual([]);
    expect(report.outcome).toBe('passed');
  });

  it('should pass every check against both behind a round-robin proxy', async () => {
    proxy = await startRoundRobinProxy(processes.map((p) => p.url));

    const report = await certify(proxy.url);

    expect(notPassed(report)).toEqual([]);
    expect(report.outcome).toBe('passed');
    const [toA, toB] = proxy.counts as [number, number];
    expect(Math.abs(toA - toB)).toBeLessThanOrEqual(1);
    expect(toA).toBeGreaterThan(100);
  });
});
