// The store port: where every API keeps its state (orders, captures, authorisations,
// tokens, idempotency keys, sequences, the request journal), behind one interface so
// the domain never knows whether it runs on the embedded in-memory store or on a
// database shared by several mock instances. It owns atomicity: a read-decide-write
// is `atomically(keys, decide)`, where `decide` is a pure, synchronous function of
// the records read, so an implementation may run it inside a transaction and run it
// again on a retry. This module also holds the in-memory implementation.
import type { JournalEntry, JournalRecord } from './journal.ts';
import { Journal } from './journal.ts';

/** Identifies one record: a kind (API-qualified, `bnpl-payment-order/order`) and a key unique within it. */
export interface RecordKey {
  readonly kind: string;
  readonly key: string;
}

/** Writes a record, or removes it (`value: undefined`). */
export interface Write extends RecordKey {
  /** The API the record belongs to, for `clear({ api })`. */
  readonly api: string;
  /** The tenant (ownerNo, merchantId) the record belongs to, for `clear({ tenant })`. */
  readonly tenant: string;
  /** The record this one belongs to (an order's key for its captures), for `children`. */
  readonly parent?: string;
  /** JSON-serialisable. `undefined` deletes the record. */
  readonly value: unknown;
  /** Epoch milliseconds after which the record reads as absent (idempotency keys live 24 h). */
  readonly expiresAt?: number;
}

/** What a decision returns: the result for the caller, and the writes to apply with it. */
export interface Decision<R> {
  readonly result: R;
  readonly writes: readonly Write[];
}

/** The records a decision read, by `kind` and `key`; a missing (or expired) record reads as undefined. */
export interface Snapshot {
  get<T>(kind: string, key: string): T | undefined;
}

export interface ClearScope {
  readonly api?: string | undefined;
  readonly tenant?: string | undefined;
}

export interface JournalFilter {
  readonly api?: string | undefined;
  readonly tenant?: string | undefined;
}

/** The shared request journal: the last N answered requests, newest first. */
export interface JournalPort {
  add(entry: JournalRecord): void;
  list(limit: number, filter?: JournalFilter): Promise<JournalEntry[]>;
  clear(scope: ClearScope): Promise<void>;
}

/** The store is unreachable (a database lost mid-run): the pipeline answers 503 in the API's dialect. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

export interface Store {
  /** `memory` or `postgres`, for logs and the startup line. */
  readonly kind: string;
  /**
   * Mixed into seeded UUIDs so that instances sharing a store never draw the same
   * ids: 0 for the in-memory store (runs replay exactly), random per process for a
   * shared store.
   */
  readonly idSalt: number;
  /** Reads one record outside any transaction. */
  get<T>(kind: string, key: string): Promise<T | undefined>;
  /** The same read without a promise, where the store can answer at once (the in-memory one). */
  peek?<T>(kind: string, key: string): T | undefined;
  /** The records whose `parent` is `parent`, in the order they were first written. */
  children<T>(kind: string, parent: string): Promise<T[]>;
  /**
   * Reads `keys`, runs `decide` on them and applies its writes, all as one atomic step:
   * no other `atomically` on any of the same keys interleaves, whichever instance runs
   * it. `decide` must be pure and synchronous; it may run more than once.
   */
  atomically<R>(keys: readonly RecordKey[], decide: (snapshot: Snapshot) => Decision<R>): Promise<R>;
  /** The next value of a named sequence, unique across every instance sharing the store. */
  nextId(sequence: string, start: number): Promise<number>;
  /** Removes the records of an API (or of one tenant of it); returns how many of `countKind` were removed. */
  clear(scope: ClearScope, countKind?: string): Promise<number>;
  readonly journal: JournalPort;
  close(): Promise<void>;
}

interface MemoryRecord {
  readonly api: string;
  readonly tenant: string;
  readonly parent: string | undefined;
  readonly value: unknown;
  readonly expiresAt: number | undefined;
}

/** Keys of the records map: kind and key joined by a character neither may contain in practice. */
const recordId = (kind: string, key: string) => `${kind}\u0000${key}`;

/**
 * The embedded store: plain Maps. `atomically` runs `decide` and applies its writes
 * without an `await` in between, so on Node's single thread nothing interleaves.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly idSalt = 0;
  readonly journal: JournalPort;
  readonly #records = new Map<string, MemoryRecord>();
  /** parent → record ids of its children, in insertion order. */
  readonly #children = new Map<string, Set<string>>();
  readonly #sequences = new Map<string, number>();
  readonly #now: () => number;

  constructor(options: { readonly now?: () => number; readonly journalCapacity?: number } = {}) {
    this.#now = options.now ?? Date.now;
    const ring = new Journal(options.journalCapacity ?? 1000);
    this.journal = {
      add: (entry) => ring.add(entry),
      list: (limit, filter) => Promise.resolve(ring.list(limit, filter)),
      clear: (scope) => {
        ring.clear(scope);
        return Promise.resolve();
      },
    };
  }

  /** A synchronous read, for callers that know they run on this store (the hot GET path). */
  peek<T>(kind: string, key: string): T | undefined {
    const record = this.#records.get(recordId(kind, key));
    if (record === undefined) return undefined;
    if (record.expiresAt !== undefined && record.expiresAt <= this.#now()) return undefined;
    return record.value as T;
  }

  get<T>(kind: string, key: string): Promise<T | undefined> {
    return Promise.resolve(this.peek<T>(kind, key));
  }

  children<T>(kind: string, parent: string): Promise<T[]> {
    const out: T[] = [];
    for (const id of this.#children.get(parent) ?? []) {
      const [childKind, childKey] = id.split('\u0000') as [string, string];
      if (childKind !== kind) continue;
      const value = this.peek<T>(childKind, childKey);
      if (value !== undefined) out.push(value);
    }
    return Promise.resolve(out);
  }

  atomically<R>(keys: readonly RecordKey[], decide: (snapshot: Snapshot) => Decision<R>): Promise<R> {
    try {
      return Promise.resolve(this.atomicallySync(keys, decide));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `atomically` without the promise, for callers that know they run on this store. */
  atomicallySync<R>(keys: readonly RecordKey[], decide: (snapshot: Snapshot) => Decision<R>): R {
    // As strict as a shared store, where only the declared keys are locked: a read of
    // anything else would be a race there, so it is a bug here too.
    const declared = new Set(keys.map((k) => recordId(k.kind, k.key)));
    const decision = decide({
      get: (kind, key) => {
        if (!declared.has(recordId(kind, key))) {
          throw new Error(
            `atomically: the decision read ${kind} ${key}, which is not among the keys it locked`,
          );
        }
        return this.peek(kind, key);
      },
    });
    for (const write of decision.writes) this.#apply(write);
    return decision.result;
  }

  nextId(sequence: string, start: number): Promise<number> {
    const value = this.#sequences.get(sequence) ?? start;
    this.#sequences.set(sequence, value + 1);
    return Promise.resolve(value);
  }

  clear(scope: ClearScope, countKind?: string): Promise<number> {
    let removed = 0;
    for (const [id, record] of this.#records) {
      if (scope.api !== undefined && record.api !== scope.api) continue;
      if (scope.tenant !== undefined && record.tenant !== scope.tenant) continue;
      if (countKind !== undefined && id.startsWith(`${countKind}\u0000`)) removed += 1;
      this.#records.delete(id);
      if (record.parent !== undefined) this.#children.get(record.parent)?.delete(id);
    }
    return Promise.resolve(removed);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #apply(write: Write): void {
    const id = recordId(write.kind, write.key);
    if (write.value === undefined) {
      const old = this.#records.get(id);
      this.#records.delete(id);
      if (old?.parent !== undefined) this.#children.get(old.parent)?.delete(id);
      return;
    }
    this.#records.set(id, {
      api: write.api,
      tenant: write.tenant,
      parent: write.parent,
      value: write.value,
      expiresAt: write.expiresAt,
    });
    if (write.parent !== undefined) {
      let siblings = this.#children.get(write.parent);
      if (siblings === undefined) {
        siblings = new Set();
        this.#children.set(write.parent, siblings);
      }
      siblings.add(id);
    }
  }
}
