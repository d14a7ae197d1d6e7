// The in-memory store against the store contract that every implementation passes, and
// what only it promises: expired records leave memory, not only the answers.
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from './store.contract.ts';
import { MemoryStore, type Write } from './store.ts';

describeStoreContract('in-memory', {
  open: (options) => Promise.resolve(new MemoryStore(options ?? {})),
});

// The same promises with every record kept off the heap (src/core/packed.ts).
describeStoreContract('in-memory, packed', {
  open: (options) => Promise.resolve(new MemoryStore({ ...options, packEveryKind: true })),
});

describe('MemoryStore expiry', () => {
  const idempotencyKey = (key: string, expiresAt: number): Write => ({
    api: 'test-api',
    tenant: 't1',
    kind: 'idempotency',
    key: `t1/${key}`,
    value: { status: 200 },
    expiresAt,
  });
  const write = (store: MemoryStore, w: Write) =>
    store.atomicallySync([], () => ({ result: undefined, writes: [w] }));

  it('should let expired records go as later ones are written, and keep those not yet due', () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    for (let i = 0; i < 5000; i += 1) write(store, idempotencyKey(`old-${i}`, now + 1000));
    write(store, { api: 'test-api', tenant: 't1', kind: 'order', key: 't1/order', value: { status: 200 } });
    expect(store.size).toBe(5001);

    now += 1000; // the 5000 are due; reads already miss them
    expect(store.peek('idempotency', 't1/old-0')).toBeUndefined();
    now += 1000; // past the once-a-second sweep limit
    write(store, idempotencyKey('new', now + 1000));
    expect(store.size).toBe(2); // the order (no expiry) and the new key
    expect(store.peek('idempotency', 't1/new')).toEqual({ status: 200 });
    expect(store.peek('order', 't1/order')).toEqual({ status: 200 });
  });

  it('should not sweep a key that was rewritten to live longer', () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    write(store, idempotencyKey('a', now + 1000));
    write(store, idempotencyKey('a', now + 10_000));
    now += 2000;
    write(store, idempotencyKey('b', now + 1000));
    expect(store.peek('idempotency', 't1/a')).toEqual({ status: 200 });
    expect(store.size).toBe(2);
  });
});

describe('MemoryStore packed kinds', () => {
  const write = (store: MemoryStore, ...writes: Write[]) =>
    store.atomicallySync([], () => ({ result: undefined, writes }));
  const key = (id: string, expiresAt: number): Write => ({
    api: 'test-api',
    tenant: 't1',
    kind: 'idempotency',
    key: `t1/${id}`,
    value: ['fingerprint', 200, '', 'Op', '{}'],
    expiresAt,
  });

  it('should keep a packed kind off the heap and read it back as written', () => {
    const store = new MemoryStore();
    store.keepPacked(['authorisation']);
    const value = { authorisationId: 'a-1', amounts: [1, 2], note: undefined };
    write(store, { api: 'test-api', tenant: 't1', kind: 'authorisation', key: 'a-1', value });
    expect(store.peek('authorisation', 'a-1')).toStrictEqual(value);
    expect(store.peek('authorisation', 'a-1')).not.toBe(value);
    expect(store.packed.size('authorisation')).toBe(1);
  });

  it('should keep a value it cannot pack as the object it was', () => {
    const store = new MemoryStore();
    store.keepPacked(['thing']);
    const odd = { when: new Date(0) };
    write(store, { api: 'test-api', tenant: 't1', kind: 'thing', key: 't1/1', value: odd });
    expect(store.peek('thing', 't1/1')).toBe(odd);
    expect(store.packed.size('thing')).toBe(0);
    // Rewritten packable, it moves into the packed table, and the object is gone.
    write(store, { api: 'test-api', tenant: 't1', kind: 'thing', key: 't1/1', value: { when: 0 } });
    expect(store.peek('thing', 't1/1')).toEqual({ when: 0 });
    expect(store.size).toBe(1);
    // And back.
    write(store, { api: 'test-api', tenant: 't1', kind: 'thing', key: 't1/1', value: odd });
    expect(store.peek('thing', 't1/1')).toBe(odd);
    expect(store.size).toBe(1);
  });

  it('should list a child once when a rewrite moves it between packed and object form', async () => {
    const store = new MemoryStore();
    store.keepPacked(['capture']);
    const capture = (value: unknown): Write => ({
      api: 'test-api',
      tenant: 't1',
      kind: 'capture',
      key: 'c1',
      parent: 'o1',
      value,
    });
    const odd = { at: new Date(0) };
    write(store, capture({ n: 1 }));
    write(store, capture(odd));
    expect(await store.children('capture', 'o1')).toEqual([odd]);
    write(store, capture({ n: 2 }));
    expect(await store.children('capture', 'o1')).toEqual([{ n: 2 }]);
  });

  it('should let expired packed records go as later ones are written', () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    store.keepPacked(['idempotency']);
    for (let i = 0; i < 5000; i += 1) write(store, key(`old-${i}`, now + 1000));
    write(store, key('long', now + 100_000));
    expect(store.size).toBe(5001);
    now += 1000;
    expect(store.peek('idempotency', 't1/old-0')).toBeUndefined();
    now += 1000;
    write(store, key('new', now + 1000));
    expect(store.size).toBe(2);
    expect(store.peek('idempotency', 't1/long')).toEqual(['fingerprint', 200, '', 'Op', '{}']);
  });

  it('should not sweep a packed record rewritten to live longer, nor one moved to a bigger block', () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    store.keepPacked(['idempotency']);
    write(store, key('a', now + 1000));
    write(store, { ...key('a', now + 10_000), value: ['a much longer answer than before'.repeat(4)] });
    write(store, key('c', now + 1000));
    write(store, { ...key('c', now + 10_000) });
    now += 2000;
    write(store, key('b', now + 1000));
    expect(store.peek('idempotency', 't1/a')).toEqual(['a much longer answer than before'.repeat(4)]);
    expect(store.peek('idempotency', 't1/c')).toBeDefined();
    expect(store.size).toBe(3);
  });

  it('should forget packed records by API and tenant, count them, and list children', async () => {
    const store = new MemoryStore();
    store.keepPacked(['authorisation', 'transaction']);
    const put = (tenant: string, kind: string, id: string, parent?: string, api = 'test-api'): Write => ({
      api,
      tenant,
      kind,
      key: id,
      value: { id },
      ...(parent === undefined ? {} : { parent }),
    });
    write(
      store,
      put('m1', 'authorisation', 'a1'),
      put('m1', 'transaction', 't1', 'a1'),
      put('m1', 'transaction', 't2', 'a1'),
      put('m2', 'authorisation', 'a2'),
      put('m2', 'authorisation', 'a3', undefined, 'other-api'),
    );
    expect(await store.children('transaction', 'a1')).toEqual([{ id: 't1' }, { id: 't2' }]);
    write(store, { ...put('m1', 'transaction', 't1', 'a1'), value: undefined });
    expect(await store.children('transaction', 'a1')).toEqual([{ id: 't2' }]);
    expect(await store.clear({ api: 'test-api', tenant: 'm2' }, 'authorisation')).toBe(1);
    expect(store.peek('authorisation', 'a3')).toEqual({ id: 'a3' });
    expect(await store.clear({ tenant: 'm1' }, 'authorisation')).toBe(1);
    expect(await store.children('transaction', 'a1')).toEqual([]);
    expect(store.size).toBe(1);
  });
});
