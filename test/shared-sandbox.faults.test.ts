// A shared sandbox when its database fails: a PostgreSQL server of this file's own
// (so that stopping it disturbs no other test file) under two `bnpl-kit mock`
// processes. Stopped mid-run, every request answers 503 `unavailable` at once in its
// API's dialect, nothing answered 2xx is lost and nothing is half-written, a scripted
// customer step and the journal survive, and both instances recover by themselves when
// the database is back. A database that is not there at start is exit code 2 with a
// message that says where it looked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/core/http.ts';
import { ownerPath, redirectBody, sandboxPath } from './support/http.ts';
import { type MockProcess, runMockToExit, startMockProcess } from './support/mock-process.ts';
import { createDatabase, type RunningPostgres, startPostgres } from './support/postgres-server.ts';
import { type Contracts, type Instance, instance, loadContracts, pounds } from './support/sandbox-flows.ts';

let server: RunningPostgres;
let databaseUrl = '';
let contracts: Contracts;
let processes: MockProcess[] = [];
let a: Instance;
let b: Instance;

beforeAll(async () => {
  server = await startPostgres({ label: 'test/shared-sandbox.faults.test.ts' });
  databaseUrl = await createDatabase(server.url);
  contracts = await loadContracts();
  processes = await Promise.all([
    startMockProcess(['--store', databaseUrl]),
    startMockProcess(['--store', databaseUrl]),
  ]);
  [a, b] = processes.map((p) => instance(p.url, contracts)) as [Instance, Instance];
}, 90_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await server?.stop();
});

describe('bnpl-kit mock --store with a database that is not there', () => {
  it.each([
    ['--store', (url: string) => ({ args: ['--store', url], env: {} })],
    ['DATABASE_URL', (url: string) => ({ args: [], env: { DATABASE_URL: url } })],
  ])('should exit 2 naming host, port and what to check (URL from %s)', async (_, given) => {
    const port = await freePort();
    const { args, env } = given(`postgres://someone:hunter22@127.0.0.1:${port}/nowhere`);

    const { code, stdout, stderr } = await runMockToExit(['--port', '0', ...args], env);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`cannot reach PostgreSQL at 127.0.0.1:${port} (database nowhere)`);
    expect(stderr).toMatch(/Check that the PostgreSQL server is running/);
    expect(stderr).not.toContain('hunter22');
  });

  it('should use the in-memory store when told --store memory, whatever DATABASE_URL says', async () => {
    const port = await freePort();
    const mock = await startMockProcess(['--store', 'memory'], {
      DATABASE_URL: `postgres://127.0.0.1:${port}/nowhere`,
    });
    try {
      expect(mock.firstLine).toMatch(/ \(store: memory\)$/);
    } finally {
      expect(await mock.stop()).toBe(0);
    }
  });
});

interface Sent {
  readonly what: 'capture' | 'settle';
  readonly status: number;
  readonly amount: number;
  readonly body: unknown;
}

describe('two instances while their database is stopped and started again', () => {
  it('should answer 503 in each dialect, recover by itself, and lose nothing it answered 2xx', async () => {
    // Arrange: an order and an authorisation that money moves on, each from both instances.
    const ownerNo = 'outage';
    const orderId = await a.createOrder(ownerNo, { authorizationAmount: 1000 });
    await b.approve(ownerNo, orderId);
    const merchantId = randomUUID();
    const customerRef = 'outage-customer';
    const authorisationId = await b.authorise(merchantId, customerRef, 500);
    const untouched = await a.createOrder(ownerNo, { authorizationAmount: 50 });
    await a.approve(ownerNo, untouched);
    const untouchedBefore = (await b.getOrder(ownerNo, untouched)).body;
    // A customer who approves 3 s after the redirect: the step falls due while the database is away.
    const slow = await a.createOrder(ownerNo, {
      customer: { nationalConsumerIdentifier: {}, email: 'anna+slow@example.com', msisdn: '+46701234567' },
    });

    // Each instance moves money, one request after another, through all three phases.
    let phase: 'before' | 'outage' | 'after' = 'before';
    let resumed: () => void = () => {};
    const back = new Promise<void>((resolve) => {
      resumed = resolve;
    });
    let afterSince = 0;
    const sent: Sent[] = [];
    const count = (status: number) => sent.filter((s) => s.status === status).length;
    /** Resolves to how many of its requests succeeded after the database came back (it stops at 3). */
    const stream = async (from: Instance, tag: string): Promise<number> => {
      let outageAnswers = 0;
      let recovered = 0;
      const deadline = () => phase === 'after' && Date.now() > afterSince + 30_000;
      for (let i = 0; recovered < 3 && !deadline(); i++) {
        const seenIn = phase;
        const what = i % 2 === 0 ? 'capture' : 'settle';
        const answer =
          what === 'capture'
            ? await from.capture(ownerNo, orderId, 1, `${tag}-${i}`)
            : await from.settle(merchantId, customerRef, authorisationId, 1);
        sent.push({ what, status: answer.status, amount: 1, body: answer.body });
        if (seenIn === 'outage' && answer.status === 503 && ++outageAnswers >= 3) await back;
        if (seenIn === 'after' && answer.status < 300) recovered += 1;
      }
      return recovered;
    };
    const streams = Promise.all([stream(a, 'a'), stream(b, 'b')]);
    await expect.poll(() => count(201) + count(200), { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
    expect(
      (await a.call('POST', `${ownerPath(ownerNo)}/${slow}/redirect`, { json: redirectBody })).status,
    ).toBe(200);

    // Act: the database goes away mid-run.
    phase = 'outage';
    await server.pause();

    // Assert: every API answers 503 `unavailable` at once, in its own dialect, as its contract documents.
    const ledgerProblem = { Type: 'ledger/bnpl-payment-order/v1/problems/unavailable', Status: 503 };
    const opProblem = {
      type: 'https://bnpl-kit.dev/problems/order-processing/unavailable',
      status: 503,
      instance: expect.stringMatching(/^urn:uuid:/),
    };
    const during = [
      [await a.getOrder(ownerNo, untouched), ledgerProblem],
      [await b.capture(ownerNo, untouched, 10), ledgerProblem],
      [await b.sandboxOp('approve', 'POST', `${sandboxPath(ownerNo, untouched)}/approve`), ledgerProblem],
      [await a.settle(merchantId, customerRef, authorisationId, 10), opProblem],
      [await b.authorisationView(merchantId, authorisationId), opProblem],
      [await a.reset({ merchantId }), opProblem],
      [await b.journal(`merchantId=${merchantId}`), opProblem],
      [await a.journal(`ownerNo=${ownerNo}`), ledgerProblem],
    ] as const;
    for (const [answer, problem] of during) {
      expect(answer.status, answer.text).toBe(503);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body).toMatchObject(problem);
    }
    // The scripted customer step fell due and failed; the process lives on.
    await processes[0]?.waitFor(/a scripted customer step failed/);
    await expect.poll(() => count(503), { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
    expect(processes.every((p) => p.alive())).toBe(true);

    // Act: the database is back; both instances find it again by themselves.
    await server.resume();
    afterSince = Date.now();
    phase = 'after';
    resumed();
    expect(await streams).toEqual([3, 3]);

    // Assert: both serve again, every answered change is there and nothing more.
    for (const from of [a, b]) {
      await expect
        .poll(async () => (await from.getOrder(ownerNo, untouched)).status, { timeout: 20_000 })
        .toBe(200);
    }
    expect(sent.filter((s) => ![200, 201, 503].includes(s.status))).toEqual([]);
    expect((await a.getOrder(ownerNo, untouched)).body).toEqual(untouchedBefore);

    const captured = (status: number) =>
      sent.filter((s) => s.what === 'capture' && s.status === status).reduce((sum, s) => sum + s.amount, 0);
    const order = (await b.getOrder(ownerNo, orderId)).body as { remainingAmount: number };
    expect(order.remainingAmount).toBeLessThanOrEqual(1000 - captured(201));
    expect(order.remainingAmount).toBeGreaterThanOrEqual(1000 - captured(201) - captured(503));

    const view = (await a.authorisationView(merchantId, authorisationId)).body as {
      authorised: unknown;
      settled: unknown;
      reversed: unknown;
      remainingFloat: unknown;
      transactions: { transactionId: string; settled: unknown }[];
    };
    const settledIds = sent
      .filter((s) => s.what === 'settle' && s.status === 200)
      .map((s) => (s.body as { transactionId: string }).transactionId);
    const listed = view.transactions.map((t) => t.transactionId);
    expect(listed).toEqual(expect.arrayContaining(settledIds));
    const unknownSettles = sent.filter((s) => s.what === 'settle' && s.status === 503).length;
    expect(listed.length).toBeLessThanOrEqual(settledIds.length + unknownSettles);
    // Never half-written: the authorisation's sums agree with its transactions.
    const cents = (amount: unknown) => Math.round(pounds(amount) * 100);
    expect(cents(view.settled)).toBe(view.transactions.reduce((sum, t) => sum + cents(t.settled), 0));
    expect(cents(view.remainingFloat)).toBe(
      cents(view.authorised) - cents(view.settled) - cents(view.reversed),
    );

    // The order whose customer step fell due during the outage is as it was (the step is lost, not half-done).
    expect((await b.getOrder(ownerNo, slow)).body).toMatchObject({ status: 'Created' });
    // The journal kept what was answered during the outage and wrote it once the database was back.
    await expect
      .poll(
        async () =>
          (
            (await a.journal(`ownerNo=${ownerNo}&limit=1000`)).body as { entries: { status: number }[] }
          ).entries.filter((e) => e.status === 503).length,
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
  }, 120_000);
});
