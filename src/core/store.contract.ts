// The behaviour every Store implementation must show, as a vitest suite that each
// implementation's test file runs against its own store (the in-memory one here, a
// database-backed one in its own test). The last cases are the ones that matter for
// money: parallel read-decide-writes on one key never lose an update, and a decision
// that throws writes nothing.
import { describe, expect, it } from 'vitest';
import type { Store, Write } from './store.ts';

export interface StoreFactory {
  /** A fresh, empty store (each case gets its own). */
  open(options?: { now?: () => number }): Promise<Store>;
}

const put = (kind: string, key: string, value: unknown, extra: Partial<Write> = {}): Write => ({
  api: 'test-api',
  tenant: 't1',
  kind,
  key,
  value,
  ...extra,
});

export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} store`, () => {
    it('should read back what a decision wrote, and nothing for an unknown key', async () => {
      const store = await factory.open();
      try {
        const result = await store.atomically([{ kind: 'order', key: '1' }], (snapshot) => ({
          result: snapshot.get('order', '1'),
          writes: [put('order', '1', { status: 'Created', amount: 100 })],
        }));
        expect(result).toBeUndefined();
        expect(await store.get('order', '1')).toEqual({ status: 'Created', amount: 100 });
        expect(await store.get('order', '2')).toBeUndefined();
        expect(await store.get('capture', '1')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('should read a value back exactly as written, member order and number forms included', async () => {
      const store = await factory.open();
      try {
        // A response rendered from a stored request must not depend on the store behind it.
        const value = { zeta: 1, alpha: { b: 2.5, a: [3, { y: null, x: 'é' }] }, mid: true, amount: 66667 };
        await store.atomically([], () => ({ result: 0, writes: [put('order', 'exact', value)] }));
        expect(JSON.stringify(await store.get('order', 'exact'))).toBe(JSON.stringify(value));
      } finally {
        await store.close();
      }
    });

    it('should delete a record written with value undefined', async () => {
      const store = await factory.open();
      try {
        await store.atomically([], () => ({ result: 0, writes: [put('order', '1', { a: 1 })] }));
        await store.atomically([], () => ({ result: 0, writes: [put('order', '1', undefined)] }));
        expect(await store.get('order', '1')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it("should list a parent's children of one kind in the order they were first written", async () => {
      const store = await factory.open();
      try {
        for (const n of [3, 1, 2]) {
          await store.atomically([], () => ({
            result: 0,
            writes: [
              put('capture', `o1/${n}`, { n }, { parent: 'o1' }),
              put('note', `o1/${n}`, { n }, { parent: 'o1' }),
            ],
          }));
        }
        await store.atomically([], () => ({
          result: 0,
          writes: [put('capture', 'o1/3', { n: 3, updated: true }, { parent: 'o1' })],
        }));
        expect(await store.children('capture', 'o1')).toEqual([{ n: 3, updated: true }, { n: 1 }, { n: 2 }]);
        expect(await store.children('capture', 'o2')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('should treat an expired record as absent', async () => {
      let now = 1_000_000;
      const store = await factory.open({ now: () => now });
      try {
        await store.atomically([], () => ({
          result: 0,
          writes: [put('idempotency', 'k', { status: 200 }, { expiresAt: now + 1000 })],
        }));
        expect(await store.get('idempotency', 'k')).toEqual({ status: 200 });
        now += 1000;
        expect(await store.get('idempotency', 'k')).toBeUndefined();
        const seen = await store.atomically([{ kind: 'idempotency', key: 'k' }], (s) => ({
          result: s.get('idempotency', 'k'),
          writes: [],
        }));
        expect(seen).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('should clear one tenant of one API, count the records of a kind, and keep the rest', async () => {
      const store = await factory.open();
      try {
        await store.atomically([], () => ({
          result: 0,
          writes: [
            put('order', 'a1', 1, { tenant: 'a' }),
            put('order', 'a2', 2, { tenant: 'a' }),
            put('capture', 'a1/1', 3, { tenant: 'a', parent: 'a1' }),
            put('order', 'b1', 4, { tenant: 'b' }),
            put('order', 'x1', 5, { tenant: 'a', api: 'other-api' }),
          ],
        }));
        expect(await store.clear({ api: 'test-api', tenant: 'a' }, 'order')).toBe(2);
        expect(await store.get('order', 'a1')).toBeUndefined();
        expect(await store.children('capture', 'a1')).toEqual([]);
        expect(await store.get('order', 'b1')).toBe(4);
        expect(await store.get('order', 'x1')).toBe(5);
        expect(await store.clear({}, 'order')).toBe(2);
        expect(await store.get('order', 'b1')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('should clear a tenant by its name, whatever the keys look like', async () => {
      // Keys that start with a tenant's name and a slash, keys that start with another
      // tenant's name, a tenant with a slash in it: clearing one touches only its own.
      const store = await factory.open();
      try {
        await store.atomically([], () => ({
          result: 0,
          writes: [
            put('order', 'a/1', 1, { tenant: 'a' }),
            put('order', 'ab/1', 2, { tenant: 'ab' }),
            put('order', 'a/b/1', 3, { tenant: 'a/b' }),
            put('order', 'b/1', 4, { tenant: 'a' }),
            put('order', 'a/2', 5, { tenant: 'b' }),
          ],
        }));
        expect(await store.clear({ api: 'test-api', tenant: 'a' }, 'order')).toBe(2);
        expect(await store.get('order', 'a/1')).toBeUndefined();
        expect(await store.get('order', 'b/1')).toBeUndefined();
        expect(await store.get('order', 'ab/1')).toBe(2);
        expect(await store.get('order', 'a/b/1')).toBe(3);
        expect(await store.get('order', 'a/2')).toBe(5);
        expect(await store.clear({ tenant: 'a/b' }, 'order')).toBe(1);
        expect(await store.get('order', 'ab/1')).toBe(2);
      } finally {
        await store.close();
      }
    });

    it('should hand out each id of a sequence once, starting at start', async () => {
      const store = await factory.open();
      try {
        const ids = await Promise.all(Array.from({ length: 50 }, () => store.nextId('paymentOrder', 1000)));
        expect(new Set(ids).size).toBe(50);
        expect(Math.min(...ids)).toBe(1000);
        expect(await store.nextId('capture', 1)).toBe(1);
      } finally {
        await store.close();
      }
    });

    it('should never lose an update when read-decide-writes on one key run in parallel', async () => {
      const store = await factory.open();
      try {
        const key = { kind: 'counter', key: 'c' };
        // 40 decisions each take 20 from a balance of 666 (in minor units): exactly 33 may succeed.
        await store.atomically([key], () => ({ result: 0, writes: [put('counter', 'c', { balance: 666 })] }));
        const results = await Promise.all(
          Array.from({ length: 40 }, () =>
            store.atomically([key], (snapshot) => {
              const current = snapshot.get<{ balance: number }>('counter', 'c');
              if (current === undefined || current.balance < 20) return { result: false, writes: [] };
              return { result: true, writes: [put('counter', 'c', { balance: current.balance - 20 })] };
            }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(33);
        expect(await store.get('counter', 'c')).toEqual({ balance: 6 });
      } finally {
        await store.close();
      }
    });

    it('should refuse a decision that reads a key it did not declare', async () => {
      const store = await factory.open();
      try {
        await store.atomically([], () => ({ result: 0, writes: [put('order', '2', { a: 2 })] }));
        const sneaky = store.atomically([{ kind: 'order', key: '1' }], (snapshot) => ({
          result: snapshot.get('order', '2'),
          writes: [put('order', '1', { a: 1 })],
        }));
        await expect(sneaky).rejects.toThrow(/not among the keys/);
        expect(await store.get('order', '1')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('should write nothing when a decision throws', async () => {
      const store = await factory.open();
      try {
        const failing = store.atomically([{ kind: 'order', key: '1' }], () => {
          throw new Error('a bug in decide');
        });
        await expect(failing).rejects.toThrow('a bug in decide');
        expect(await store.get('order', '1')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('should keep a journal, newest first, filtered by API and tenant', async () => {
      const store = await factory.open();
      try {
        const entry = (path: string, api: string, tenant: string) => ({
          at: Date.now(),
          api,
          method: 'GET',
          path,
          tenant: { name: 'ownerNo', value: tenant },
          status: 200,
          durationMs: 1,
        });
        store.journal.add(entry('/1', 'a', 't1'));
        store.journal.add(entry('/2', 'b', 't2'));
        store.journal.add(entry('/3', 'a', 't2'));
        // A shared journal may be written in the background; list what has arrived.
        await expect
          .poll(async () => (await store.journal.list(10)).map((e) => e.path))
          .toEqual(['/3', '/2', '/1']);
        expect((await store.journal.list(10, { api: 'a' })).map((e) => e.path)).toEqual(['/3', '/1']);
        expect((await store.journal.list(10, { tenant: 't2' })).map((e) => e.path)).toEqual(['/3', '/2']);
        expect((await store.journal.list(1)).map((e) => e.ownerNo)).toEqual(['t2']);
        await store.journal.clear({ tenant: 't2' });
        expect((await store.journal.list(10)).map((e) => e.path)).toEqual(['/1']);
      } finally {
        await store.close();
      }
    });
  });
}
