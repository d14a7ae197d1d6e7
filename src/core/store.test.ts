// The in-memory store against the store contract that every implementation passes, and
// what only it promises: expired records leave memory, not only the answers.
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from './store.contract.ts';
import { MemoryStore, type Write } from './store.ts';

describeStoreContract('in-memory', {
  open: (options) => Promise.resolve(new MemoryStore(options ?? {})),
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
