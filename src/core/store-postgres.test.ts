// The PostgreSQL store against a real server (test/setup/postgres.ts): the contract every
// store passes, then what only a shared database can get wrong: instances that must agree,
// money taken in parallel from two instances, ids unique across instances, a database
// lost mid-run or never there, migrations, expiry and the capped journal.
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, startPostgres } from '../../test/support/postgres-server.ts';
import { freePort } from './http.ts';
import { describeStoreContract } from './store.contract.ts';
import { type Store, StoreUnavailableError, type Write } from './store.ts';
import { migrations } from './store-postgres.migrations.ts';
import { migrate, openPostgresStore, type PostgresStoreOptions } from './store-postgres.ts';

let databaseUrl = '';
let admin: pg.Pool;
let schemaCount = 0;
/** Each store of a case gets its own schema in this file's database, so cases never share rows. */
const freshSchema = () => `case_${++schemaCount}`;

beforeAll(async () => {
  databaseUrl = await createDatabase(inject('postgresUrl'));
  admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  admin.on('error', () => {});
});

afterAll(async () => {
  await admin?.end();
});

const open = (options: PostgresStoreOptions = {}) =>
  openPostgresStore(databaseUrl, { schema: freshSchema(), ...options });

describeStoreContract('postgres', {
  open: (options) => open(options?.now === undefined ? {} : { now: options.now }),
});

const put = (kind: string, key: string, value: unknown, extra: Partial<Write> = {}): Write => ({
  api: 'test-api',
  tenant: 't1',
  kind,
  key,
  value,
  ...extra,
});

/** Fails when `promise` has not settled after `ms`: proves "no hang", never measures speed. */
async function settlesWithin<T>(promise: Promise<T>, ms = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms: a hang`)), ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeAll(...stores: (Store | undefined)[]): Promise<void> {
  await Promise.all(stores.map((store) => store?.close()));
}

describe('openPostgresStore', () => {
  it('should let two instances on one database act as one store', async () => {
    const schema = freshSchema();
    const a = await open({ schema });
    const b = await open({ schema });
    try {
      await a.atomically([{ kind: 'order', key: 'o1' }], () => ({
        result: 0,
        writes: [
          put('order', 'o1', { status: 'Authorized' }),
          put('capture', 'o1/2', { n: 2 }, { parent: 'o1' }),
          put('capture', 'o1/1', { n: 1 }, { parent: 'o1' }),
        ],
      }));
      expect(await b.get('order', 'o1')).toEqual({ status: 'Authorized' });
      expect(await b.children('capture', 'o1')).toEqual([{ n: 2 }, { n: 1 }]);

      const seen = await b.atomically([{ kind: 'order', key: 'o1' }], (s) => ({
        result: s.get('order', 'o1'),
        writes: [put('order', 'o1', { status: 'Cancelled' })],
      }));
      expect(seen).toEqual({ status: 'Authorized' });
      expect(await a.get('order', 'o1')).toEqual({ status: 'Cancelled' });

      a.journal.add({ at: 0, api: 'test-api', method: 'GET', path: '/from-a', status: 200, durationMs: 1 });
      await expect.poll(async () => (await b.journal.list(10)).map((e) => e.path)).toEqual(['/from-a']);
      // A listing with nothing of its own to write must not stop the later background writes.
      expect((await a.journal.list(10)).map((e) => e.path)).toEqual(['/from-a']);
      a.journal.add({ at: 1, api: 'test-api', method: 'GET', path: '/later', status: 200, durationMs: 1 });
      await expect
        .poll(async () => (await b.journal.list(10)).map((e) => e.path))
        .toEqual(['/later', '/from-a']);

      expect(await b.clear({ tenant: 't1' }, 'capture')).toBe(2);
      expect(await a.get('order', 'o1')).toBeUndefined();
      expect(a.instance).toBeGreaterThan(0);
      expect(b.instance).toBeGreaterThan(0);
      expect(a.instance).not.toBe(b.instance);
    } finally {
      await closeAll(a, b);
    }
  });

  it('should let exactly 33 of 40 parallel captures of 20.00 from 666.67 succeed across two instances', async () => {
    const schema = freshSchema();
    const a = await open({ schema });
    const b = await open({ schema });
    try {
      const key = { kind: 'order', key: 'balance' };
      await a.atomically([key], () => ({
        result: 0,
        writes: [put('order', 'balance', { remaining: 66667 })],
      }));
      const take = (store: Store) =>
        store.atomically([key], (s) => {
          const order = s.get<{ remaining: number }>('order', 'balance');
          if (order === undefined || order.remaining < 2000) return { result: false, writes: [] };
          return { result: true, writes: [put('order', 'balance', { remaining: order.remaining - 2000 })] };
        });
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => take(i % 2 === 0 ? a : b)));
      expect(results.filter(Boolean)).toHaveLength(33);
      expect(await a.get('order', 'balance')).toEqual({ remaining: 667 });
      expect(await b.get('order', 'balance')).toEqual({ remaining: 667 });
    } finally {
      await closeAll(a, b);
    }
  });

  it('should never deadlock when decisions lock the same keys named in opposite orders', async () => {
    const store = await open();
    try {
      const x = { kind: 'counter', key: 'x' };
      const y = { kind: 'counter', key: 'y' };
      const bump = (keys: { kind: string; key: string }[]) =>
        store.atomically(keys, (s) => ({
          result: true,
          writes: [
            put('counter', 'x', (s.get<number>('counter', 'x') ?? 0) + 1),
            put('counter', 'y', (s.get<number>('counter', 'y') ?? 0) + 1),
          ],
        }));
      await Promise.all(Array.from({ length: 30 }, (_, i) => bump(i % 2 === 0 ? [x, y] : [y, x])));
      expect([await store.get('counter', 'x'), await store.get('counter', 'y')]).toEqual([30, 30]);
    } finally {
      await store.close();
    }
  });

  it('should hand out ids unique across two instances under parallel calls', async () => {
    const schema = freshSchema();
    // Different block sizes, so blocks of the two instances interleave.
    const a = await open({ schema, idBlockSize: 7 });
    const b = await open({ schema, idBlockSize: 50 });
    try {
      const start = 1_000_000_001;
      const ids = await Promise.all(
        Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? a : b).nextId('paymentOrder', start)),
      );
      expect(new Set(ids).size).toBe(300);
      expect(Math.min(...ids)).toBeGreaterThanOrEqual(start);
      expect(ids.every(Number.isSafeInteger)).toBe(true);
    } finally {
      await closeAll(a, b);
    }
  });

  it('should run a decision again after a serialization failure, and give up after a few', async () => {
    const schema = freshSchema();
    const store = await open({ schema });
    try {
      // The database refuses the first `failures` writes with SQLSTATE 40001 (a sequence is not rolled back).
      const s = pg.escapeIdentifier(schema);
      const refuse = async (failures: number) => {
        await admin.query(`DROP SEQUENCE IF EXISTS ${s}.refused; CREATE SEQUENCE ${s}.refused;
          CREATE OR REPLACE FUNCTION ${s}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF nextval('${schema}.refused') <= ${failures} THEN
              RAISE EXCEPTION 'injected conflict' USING ERRCODE = 'serialization_failure';
            END IF;
            RETURN NEW;
          END $$;
          CREATE OR REPLACE TRIGGER refuse BEFORE INSERT ON ${s}.records FOR EACH ROW EXECUTE FUNCTION ${s}.refuse();`);
      };
      const key = { kind: 'order', key: 'o' };
      let runs = 0;
      const write = () =>
        store.atomically([key], () => {
          runs += 1;
          return { result: runs, writes: [put('order', 'o', { runs })] };
        });

      await refuse(2);
      expect(await write()).toBe(3);
      expect(await store.get('order', 'o')).toEqual({ runs: 3 });

      await refuse(100);
      await expect(write()).rejects.toMatchObject({ code: '40001' });
      await expect(write()).rejects.not.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await store.close();
    }
  });

  it('should reject a decision that reads a key it did not lock, and write nothing', async () => {
    const store = await open();
    try {
      const sneaky = store.atomically([{ kind: 'order', key: 'a' }], (s) => ({
        result: s.get('order', 'b'),
        writes: [put('order', 'a', 1)],
      }));
      await expect(sneaky).rejects.toThrow('not among the keys it locked');
      expect(await store.get('order', 'a')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('should read an expired record as absent everywhere and delete it in the background', async () => {
    const schema = freshSchema();
    const store = await open({ schema, sweepIntervalMs: 50 });
    try {
      const past = Date.now() - 1;
      const future = Date.now() + 3_600_000;
      await store.atomically([], () => ({
        result: 0,
        writes: [
          put('idempotency', 'old', { status: 201 }, { expiresAt: past }),
          put('idempotency', 'new', { status: 200 }, { expiresAt: future }),
          put('capture', 'o/1', { n: 1 }, { parent: 'o', expiresAt: past }),
          put('capture', 'o/2', { n: 2 }, { parent: 'o' }),
        ],
      }));
      expect(await store.get('idempotency', 'old')).toBeUndefined();
      expect(await store.get('idempotency', 'new')).toEqual({ status: 200 });
      expect(await store.children('capture', 'o')).toEqual([{ n: 2 }]);
      const seen = await store.atomically([{ kind: 'idempotency', key: 'old' }], (s) => ({
        result: s.get('idempotency', 'old'),
        writes: [],
      }));
      expect(seen).toBeUndefined();
      const rows = async () =>
        (await admin.query(`SELECT key FROM ${pg.escapeIdentifier(schema)}.records ORDER BY key`)).rows.map(
          (r: { key: string }) => r.key,
        );
      await expect.poll(rows, { timeout: 10_000 }).toEqual(['new', 'o/2']);
    } finally {
      await store.close();
    }
  });

  it('should keep only the newest journalCapacity entries in the database', async () => {
    const schema = freshSchema();
    const store = await open({ schema, journalCapacity: 3 });
    try {
      for (const n of [1, 2, 3, 4, 5]) {
        store.journal.add({ at: n, method: 'GET', path: `/${n}`, status: 200, durationMs: 1 });
      }
      expect((await store.journal.list(10)).map((e) => e.path)).toEqual(['/5', '/4', '/3']);
      const count = await admin.query(
        `SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(schema)}.journal`,
      );
      expect(count.rows[0].n).toBe(3);
    } finally {
      await store.close();
    }
  });
});

describe('migrate', () => {
  it('should apply each migration once, however often it runs', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      const schema = freshSchema();
      expect(await migrate(pool, schema)).toEqual(migrations.map((m) => m.name));
      expect(await migrate(pool, schema)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('should apply each migration once when several instances start at the same moment', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => open({ schema })));
    try {
      const { rows } = await admin.query(
        `SELECT id FROM ${pg.escapeIdentifier(schema)}.migrations ORDER BY id`,
      );
      expect(rows.map((r: { id: number }) => r.id)).toEqual(migrations.map((m) => m.id));
    } finally {
      await closeAll(...stores);
    }
  });

  it('should refuse a schema prepared by a newer version', async () => {
    const schema = freshSchema();
    await closeAll(await open({ schema }));
    await admin.query(
      `INSERT INTO ${pg.escapeIdentifier(schema)}.migrations (id, name) VALUES (999, 'future')`,
    );
    const opening = open({ schema });
    await expect(opening).rejects.toThrow(/migration 999 \(future\).*newer version/);
    await expect(opening).rejects.not.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('PostgresStore when the database is away', () => {
  it('should reject with StoreUnavailableError naming host and port when nothing listens at start', async () => {
    const port = await freePort();
    const opening = openPostgresStore(`postgres://postgres:secret@127.0.0.1:${port}/nothing`);
    const error = await settlesWithin(
      opening.then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain('secret');
  });

  it('should end a transaction whose backend is terminated with StoreUnavailableError, writing none of it', async () => {
    const schema = freshSchema();
    const store = await open({ schema });
    const blocker = await admin.connect();
    try {
      await store.atomically([], () => ({ result: 0, writes: [put('order', 'k', { v: 1 })] }));
      // Hold the order's row, so the decision's second write waits after its first one ran.
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM ${pg.escapeIdentifier(schema)}.records WHERE key = 'k' FOR UPDATE`);
      const cutOff = store.atomically([{ kind: 'order', key: 'k' }], () => ({
        result: true,
        writes: [put('capture', 'k/1', { n: 1 }, { parent: 'k' }), put('order', 'k', { v: 2 })],
      }));
      const outcome = cutOff.then(
        () => undefined,
        (e: unknown) => e,
      );
      const waiting = `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'bnpl-kit' AND wait_event_type = 'Lock'`;
      await expect.poll(async () => (await admin.query(waiting)).rowCount, { timeout: 10_000 }).toBe(1);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'bnpl-kit'`);

      expect(await settlesWithin(outcome)).toBeInstanceOf(StoreUnavailableError);
      await blocker.query('ROLLBACK');
      expect(await store.children('capture', 'k')).toEqual([]);
      expect(await store.get('order', 'k')).toEqual({ v: 1 });
      await store.atomically([{ kind: 'order', key: 'k' }], () => ({
        result: 0,
        writes: [put('order', 'k', { v: 3 })],
      }));
      expect(await store.get('order', 'k')).toEqual({ v: 3 });
    } finally {
      blocker.release();
      await store.close();
    }
  });

  it('should reject every operation while the server is stopped, and work again once it is back', async () => {
    const server = await startPostgres({ label: 'store-postgres.test.ts' });
    let store: Store | undefined;
    try {
      const url = await createDatabase(server.url);
      store = await openPostgresStore(url, { idBlockSize: 1, connectTimeoutMs: 2000, queryTimeoutMs: 3000 });
      const s = store;
      const order = { kind: 'order', key: 'o1' };
      await s.atomically([order], () => ({
        result: 0,
        writes: [put('order', 'o1', { remaining: 100 }), put('capture', 'o1/1', { n: 1 }, { parent: 'o1' })],
      }));
      const firstId = await s.nextId('paymentOrder', 1000);

      await server.pause();
      const operations: [string, () => Promise<unknown>][] = [
        ['get', () => s.get('order', 'o1')],
        ['children', () => s.children('capture', 'o1')],
        [
          'atomically',
          () => s.atomically([order], () => ({ result: 0, writes: [put('order', 'o1', 'lost')] })),
        ],
        [
          'atomically without keys',
          () => s.atomically([], () => ({ result: 0, writes: [put('order', 'o2', 1)] })),
        ],
        ['nextId', () => s.nextId('paymentOrder', 1000)],
        ['clear', () => s.clear({})],
        ['journal.list', () => s.journal.list(10)],
      ];
      for (const [name, operation] of operations) {
        const error = await settlesWithin(
          operation().then(
            () => 'resolved',
            (e: unknown) => e,
          ),
        );
        expect([name, error instanceof StoreUnavailableError]).toEqual([name, true]);
      }

      await server.resume();
      await s.atomically([order], (snapshot) => ({
        result: 0,
        writes: [
          put('order', 'o1', {
            remaining: (snapshot.get<{ remaining: number }>('order', 'o1')?.remaining ?? 0) - 10,
          }),
        ],
      }));
      expect(await s.get('order', 'o1')).toEqual({ remaining: 90 });
      expect(await s.children('capture', 'o1')).toEqual([{ n: 1 }]);
      expect(await s.get('order', 'o2')).toBeUndefined();
      expect(await s.nextId('paymentOrder', 1000)).toBeGreaterThan(firstId);
    } finally {
      await store?.close();
      await server.stop();
    }
  });

  it('should give up within its time limits on a database that stops answering', async () => {
    // A proxy that, once told, swallows every byte both ways: a network that drops packets.
    const target = new URL(databaseUrl);
    const upstreamPort = Number(target.port);
    let silent = false;
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(upstreamPort, target.hostname);
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        sockets.add(from);
        from.on('data', (chunk) => {
          if (!silent) to.write(chunk);
        });
        from.on('error', () => {});
        from.on('close', () => to.destroy());
      }
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address() as net.AddressInfo;
    target.port = String(address.port);
    const store = await openPostgresStore(target.toString(), {
      schema: freshSchema(),
      connectTimeoutMs: 500,
      queryTimeoutMs: 500,
    });
    try {
      await store.atomically([], () => ({ result: 0, writes: [put('order', 'o', 1)] }));
      silent = true;
      for (const operation of [
        () => store.get('order', 'o'),
        () => store.atomically([{ kind: 'order', key: 'o' }], () => ({ result: 0, writes: [] })),
        () => store.nextId('fresh', 1),
      ]) {
        const error = await settlesWithin(
          operation().then(
            () => 'resolved',
            (e: unknown) => e,
          ),
        );
        expect(error).toBeInstanceOf(StoreUnavailableError);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await settlesWithin(store.close());
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
