// The store port: where every API keeps its state (orders, captures, authorisations,
// tokens, idempotency keys, sequences, the request journal), behind one interface so
// the domain never knows whether it runs on the embedded in-memory store or on a
// database shared by several mock instances. It owns atomicity: a read-decide-write
// is `atomically(keys, decide)`, where `decide` is a pure, synchronous function of
// the records read, so an implementation may run it inside a transaction and run it
// again on a retry. This module also holds the in-memory implementation.
import { flat, intern } from './intern.ts';
import type { JournalEntry, JournalRecord, JournalScope } from './journal.ts';
import { Journal } from './journal.ts';
import { keyNamesTenant, PackedStore, Unpackable } from './packed.ts';

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

/** What a reset forgets: one API's records, one tenant's, or both narrowed. */
export type ClearScope = JournalScope;
/** Which journal entries a listing keeps. */
export type JournalFilter = JournalScope;

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
   * This process's number among the instances sharing the store, written into seeded
   * UUIDs so that no two instances draw the same id: 0 for the in-memory store (nothing
   * shared, runs replay exactly), taken from the database's sequences for a shared store.
   */
  readonly instance: number;
  /** Reads one record outside any transaction. */
  get<T>(kind: string, key: string): Promise<T | undefined>;
  /** The same read without a promise, where the store can answer at once (the in-memory one). */
  peek?<T>(kind: string, key: string): T | undefined;
  /**
   * `atomically` and `nextId` without a promise, for a store that answers without I/O
   * (the in-memory one): the hot path then needs no microtask per request.
   */
  readonly immediate?: {
    atomically<R>(keys: readonly RecordKey[], decide: (snapshot: Snapshot) => Decision<R>): R;
    nextId(sequence: string, start: number): number;
  };
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
  /**
   * A hint: records of these kinds are numerous and rarely read (an API's authorisations,
   * its idempotency keys). A store that can keep such records compactly does; the
   * in-memory one keeps them off the JavaScript heap (src/core/packed.ts). Reads and
   * writes behave the same either way.
   */
  keepPacked?(kinds: readonly string[]): void;
  /** Removes the records of an API (or of one tenant of it); returns how many of `countKind` were removed. */
  clear(scope: ClearScope, countKind?: string): Promise<number>;
  readonly journal: JournalPort;
  close(): Promise<void>;
}

/** `store.atomically`, answered at once where the store can (no promise on the in-memory store). */
export function atomicallyNow<R>(
  store: Store,
  keys: readonly RecordKey[],
  decide: (snapshot: Snapshot) => Decision<R>,
): R | Promise<R> {
  return store.immediate === undefined
    ? store.atomically(keys, decide)
    : store.immediate.atomically(keys, decide);
}

/** `store.nextId`, answered at once where the store can. */
export function nextIdNow(store: Store, sequence: string, start: number): number | Promise<number> {
  return store.immediate === undefined
    ? store.nextId(sequence, start)
    : store.immediate.nextId(sequence, start);
}

/** A decision read a record it did not declare: a race on a shared store, so a bug on every store. */
export const readOutsideLock = (kind: string, key: string): Error =>
  new Error(`atomically: the decision read ${kind} ${key}, which is not among the keys it locked`);

/** What a decision on the in-memory store reads: the locked keys, and nothing else. */
class LockedSnapshot implements Snapshot {
  constructor(
    readonly store: MemoryStore,
    readonly keys: readonly RecordKey[],
  ) {}

  get<T>(kind: string, key: string): T | undefined {
    // A loop rather than `some` and a closure: this runs on every decision (issue 11).
    const { keys } = this;
    for (let i = 0; i < keys.length; i++) {
      const locked = keys[i] as RecordKey;
      if (locked.kind === kind && locked.key === key) return this.store.peek<T>(kind, key);
    }
    throw readOutsideLock(kind, key);
  }
}

/**
 * A record the in-memory store could not keep bare: its tenant is not its key's first
 * segment, it has a parent, or its API is not its kind's usual one. Most records
 * (orders: keys `<tenant>/<id>`) are kept as their value alone, and those that expire
 * as an `ExpiringRecord`, since a million orders pay for every wrapper (issue 11);
 * their tenant is read back from the key.
 */
class MemoryRecord {
  constructor(
    readonly api: string,
    readonly tenant: string,
    readonly value: unknown,
    readonly parent: string | undefined,
    readonly expiresAt: number | undefined,
  ) {}
}

/**
 * A record whose key names its tenant but which expires (an idempotency key): the value
 * and the expiry, nothing else.
 */
class ExpiringRecord {
  constructor(
    readonly value: unknown,
    readonly expiresAt: number,
  ) {}
}

/** Whether a record can be kept without its tenant: the key names it, and it has no parent. */
const keepsTenantInKey = (write: Write) =>
  write.parent === undefined && keyNamesTenant(write.key, write.tenant);

const tenantOf = (key: string, entry: unknown) =>
  entry instanceof MemoryRecord ? entry.tenant : key.slice(0, key.indexOf('/'));

/** The records of one kind. Kinds are API-qualified, so nearly always one API's; a record of another is wrapped. */
interface KindTable {
  /** The API of the kind's first record, which its bare records share. */
  readonly api: string;
  /** A bare value, or a `MemoryRecord` around it. */
  readonly records: Map<string, unknown>;
}

/**
 * The embedded store: plain Maps, one per record kind (no key strings to build per
 * read), children as append-only lists of keys; kinds named to `keepPacked` live off the
 * heap instead (src/core/packed.ts), each read decoding a fresh copy, so a caller that
 * caches by a record's identity (the bnpl GET's rendered bytes) must use an object kind.
 * `atomically` runs `decide` and applies
 * its writes without an `await` in between, so on Node's single thread nothing
 * interleaves.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly instance = 0;
  readonly journal: JournalPort;
  readonly immediate = {
    atomically: <R>(keys: readonly RecordKey[], decide: (snapshot: Snapshot) => Decision<R>): R =>
      this.atomicallySync(keys, decide),
    nextId: (sequence: string, start: number): number => this.#nextId(sequence, start),
  };
  readonly #kinds = new Map<string, KindTable>();
  /** Child kind → parent key → the children's keys, in the order they were first written. */
  readonly #children = new Map<string, Map<string, string[]>>();
  readonly #sequences = new Map<string, number>();
  /**
   * Kind → the keys of its expiring records in the order they were written, which is the
   * order they expire in while a kind keeps one lifetime (idempotency keys: 24 hours). A
   * read already treats an expired record as gone; this lets the memory go too, a little
   * at each write, without a timer or a scan of every record.
   */
  readonly #expiring = new Map<string, { keys: string[]; head: number }>();
  /** Kinds kept off the heap (`keepPacked`), and where. */
  readonly #packedKinds = new Set<string>();
  readonly #packEveryKind: boolean;
  readonly #packed = new PackedStore();
  /**
   * The same queue for packed kinds, as the records' positions: a key string per record
   * is what packing saves. A position whose record has since changed is passed over.
   */
  readonly #expiringPacked = new Map<string, { positions: Uint32Array; length: number; head: number }>();
  #nextSweep = 0;
  readonly #now: () => number;

  constructor(
    options: {
      readonly now?: () => number;
      readonly journalCapacity?: number;
      /** Keeps every kind packed, as if each were named to `keepPacked` (the store contract runs both ways). */
      readonly packEveryKind?: boolean;
    } = {},
  ) {
    this.#now = options.now ?? Date.now;
    this.#packEveryKind = options.packEveryKind === true;
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

  /** The records kept off the heap, for tests and the bench to measure. */
  get packed(): PackedStore {
    return this.#packed;
  }

  keepPacked(kinds: readonly string[]): void {
    for (const kind of kinds) this.#packedKinds.add(kind);
  }

  #isPacked(kind: string): boolean {
    return this.#packEveryKind || this.#packedKinds.has(kind);
  }

  /** A synchronous read, for callers that know they run on this store (the hot GET path). */
  peek<T>(kind: string, key: string): T | undefined {
    if (this.#isPacked(kind)) {
      const position = this.#packed.position(kind, key);
      // A record the packing refused is kept as an object, below.
      if (position !== 0) return this.#packed.liveValue(position, this.#now()) as T | undefined;
    }
    const entry = this.#kinds.get(kind)?.records.get(key);
    if (entry instanceof ExpiringRecord)
      return entry.expiresAt <= this.#now() ? undefined : (entry.value as T);
    if (!(entry instanceof MemoryRecord)) return entry as T | undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.#now()) return undefined;
    return entry.value as T;
  }

  get<T>(kind: string, key: string): Promise<T | undefined> {
    return Promise.resolve(this.peek<T>(kind, key));
  }

  children<T>(kind: string, parent: string): Promise<T[]> {
    const out: T[] = [];
    for (const key of this.#children.get(kind)?.get(parent) ?? []) {
      const value = this.peek<T>(kind, key);
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
    const decision = decide(new LockedSnapshot(this, keys));
    for (const write of decision.writes) this.#apply(write);
    return decision.result;
  }

  nextId(sequence: string, start: number): Promise<number> {
    return Promise.resolve(this.#nextId(sequence, start));
  }

  #nextId(sequence: string, start: number): number {
    const value = this.#sequences.get(sequence) ?? start;
    this.#sequences.set(sequence, value + 1);
    return value;
  }

  clear(scope: ClearScope, countKind?: string): Promise<number> {
    let removed = 0;
    for (const [kind, table] of this.#kinds) {
      for (const [key, entry] of table.records) {
        if (scope.api !== undefined && (entry instanceof MemoryRecord ? entry.api : table.api) !== scope.api)
          continue;
        if (scope.tenant !== undefined && tenantOf(key, entry) !== scope.tenant) continue;
        if (kind === countKind) removed += 1;
        table.records.delete(key);
      }
    }
    for (const [kind, tableApi] of this.#packed.kinds()) {
      for (const position of this.#packed.positions(kind)) {
        const record = this.#packed.read(position, false);
        if (scope.api !== undefined && (record.api ?? tableApi) !== scope.api) continue;
        if (scope.tenant !== undefined && record.tenant !== scope.tenant) continue;
        if (kind === countKind) removed += 1;
        this.#packed.delete(kind, record.key);
      }
    }
    // Forget children lists of records that are gone (rare: resets only).
    for (const [kind, byParent] of this.#children) {
      const records = this.#kinds.get(kind)?.records;
      for (const [parent, keys] of byParent) {
        const kept = keys.filter((key) => records?.has(key) || this.#packed.position(kind, key) !== 0);
        if (kept.length === 0) byParent.delete(parent);
        else if (kept.length !== keys.length) byParent.set(parent, kept);
      }
    }
    return Promise.resolve(removed);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** How many records the store holds, expired ones not yet swept included (what a test of the sweep counts). */
  get size(): number {
    let n = 0;
    for (const table of this.#kinds.values()) n += table.records.size;
    for (const [kind] of this.#packed.kinds()) n += this.#packed.size(kind);
    return n;
  }

  /** Forgets expired records from the front of each kind's queue, until one has not expired yet. */
  #sweep(now: number): void {
    for (const [kind, queue] of this.#expiring) {
      const records = this.#kinds.get(kind)?.records;
      while (queue.head < queue.keys.length) {
        const key = queue.keys[queue.head] as string;
        const entry = records?.get(key);
        const expiresAt =
          entry instanceof ExpiringRecord || entry instanceof MemoryRecord ? entry.expiresAt : undefined;
        // Not yet due: stop; a later write comes back to it. Rewritten without an expiry:
        // no longer this queue's (stopping there would hold the queue for good).
        if (entry !== undefined && expiresAt !== undefined && expiresAt > now) break;
        if (entry !== undefined && expiresAt !== undefined) records?.delete(key);
        queue.head += 1;
      }
      if (queue.head > 1024 && queue.head * 2 > queue.keys.length) {
        queue.keys = queue.keys.slice(queue.head);
        queue.head = 0;
      }
    }
    for (const [kind, queue] of this.#expiringPacked) {
      while (queue.head < queue.length) {
        const position = queue.positions[queue.head] as number;
        const record = this.#packed.read(position, false);
        // The block now holds another record (rewritten elsewhere, or reused): not this queue's.
        if (record.expiresAt !== undefined && this.#packed.position(kind, record.key) === position) {
          if (record.expiresAt > now) break;
          this.#packed.delete(kind, record.key);
        }
        queue.head += 1;
      }
      if (queue.head > 1024 && queue.head * 2 > queue.length) {
        queue.positions.copyWithin(0, queue.head, queue.length);
        queue.length -= queue.head;
        queue.head = 0;
      }
    }
  }

  /**
   * Keeps a record of a packed kind: 'kept', or, when it cannot be packed (to be kept as
   * an object), whether a packed record of that key was already listed among its
   * parent's children ('listed') or not ('unlisted').
   */
  #applyPacked(write: Write, api: string): 'kept' | 'listed' | 'unlisted' {
    const packed = this.#packed;
    if (write.value === undefined) {
      const position = packed.position(write.kind, write.key);
      if (position === 0) return 'unlisted';
      const { parent } = packed.read(position, false);
      packed.delete(write.kind, write.key);
      if (parent !== undefined) this.#forgetChild(write.kind, parent, write.key);
      return 'kept';
    }
    let position: number;
    try {
      position = packed.write(write.kind, api, {
        key: write.key,
        tenant: write.tenant,
        api: write.api === api ? undefined : write.api,
        parent: write.parent,
        expiresAt: write.expiresAt,
        value: write.value,
      });
    } catch (error) {
      if (error instanceof Unpackable) return packed.delete(write.kind, write.key) ? 'listed' : 'unlisted';
      throw error;
    }
    const previous = packed.previous;
    // A record the packing once refused may be kept as an object: this one replaces it.
    const hadObject = this.#kinds.get(write.kind)?.records.delete(write.key) === true;
    // Queued where it now lies; a record rewritten in place keeps its place in the queue.
    if (write.expiresAt !== undefined && position !== previous) {
      let queue = this.#expiringPacked.get(write.kind);
      if (queue === undefined) {
        queue = { positions: new Uint32Array(1024), length: 0, head: 0 };
        this.#expiringPacked.set(write.kind, queue);
      }
      if (queue.length === queue.positions.length) {
        const grown = new Uint32Array(queue.positions.length * 2);
        grown.set(queue.positions);
        queue.positions = grown;
      }
      queue.positions[queue.length++] = position;
    }
    if (write.expiresAt !== undefined) this.#sweepNow();
    if (write.parent !== undefined && previous === 0 && !hadObject)
      this.#addChild(write.kind, write.parent, write.key);
    return 'kept';
  }

  /** Sweeps at most once a second, so a burst of writes does not walk the queues each time. */
  #sweepNow(): void {
    const now = this.#now();
    if (now >= this.#nextSweep) {
      this.#nextSweep = now + 1000;
      this.#sweep(now);
    }
  }

  #addChild(kind: string, parent: string, key: string): void {
    let byParent = this.#children.get(kind);
    if (byParent === undefined) {
      byParent = new Map();
      this.#children.set(kind, byParent);
    }
    const siblings = byParent.get(parent);
    if (siblings === undefined) byParent.set(parent.length < 13 ? parent : flat(parent), [key]);
    else siblings.push(key);
  }

  #forgetChild(kind: string, parent: string, key: string): void {
    const byParent = this.#children.get(kind);
    const siblings = byParent?.get(parent)?.filter((sibling) => sibling !== key);
    if (siblings !== undefined) byParent?.set(parent, siblings);
  }

  #apply(write: Write): void {
    let table = this.#kinds.get(write.kind);
    if (table === undefined) {
      table = { api: write.api, records: new Map() };
      this.#kinds.set(write.kind, table);
    }
    const packed = this.#isPacked(write.kind) ? this.#applyPacked(write, table.api) : 'unlisted';
    if (packed === 'kept') return;
    const old = table.records.get(write.key);
    if (write.value === undefined) {
      table.records.delete(write.key);
      if (old instanceof MemoryRecord && old.parent !== undefined)
        this.#forgetChild(write.kind, old.parent, write.key);
      return;
    }
    const entry =
      write.api !== table.api || !keepsTenantInKey(write)
        ? new MemoryRecord(write.api, intern(write.tenant), write.value, write.parent, write.expiresAt)
        : write.expiresAt === undefined
          ? write.value
          : new ExpiringRecord(write.value, write.expiresAt);
    // Rewriting a record keeps the key the Map already holds; a new one gets a flat copy.
    // Strings under 13 characters are never built as trees (V8's ConsString::kMinLength).
    const key = old !== undefined || write.key.length < 13 ? write.key : flat(write.key);
    table.records.set(key, entry);
    if (write.expiresAt !== undefined) {
      if (old === undefined) {
        let queue = this.#expiring.get(write.kind);
        if (queue === undefined) {
          queue = { keys: [], head: 0 };
          this.#expiring.set(write.kind, queue);
        }
        queue.keys.push(key);
      }
      this.#sweepNow();
    }
    // A child is listed once, where it was first written; rewriting it keeps its place.
    if (write.parent !== undefined && old === undefined && packed !== 'listed')
      this.#addChild(write.kind, write.parent, key);
  }
}
