// The request journal: the last N answered requests, newest first, for
// `GET /_sandbox/requests`. A fixed-size ring so a long-running mock never grows.
// Entries name their API and tenant generically (`tenant: { ownerNo: "1" }` or
// `{ merchantId: "…" }`); listing flattens the tenant into the entry.

/** An entry as recorded: `at` is epoch milliseconds, formatted only when listed. */
export interface JournalRecord {
  readonly at: number;
  readonly api?: string | undefined;
  readonly method: string;
  readonly path: string;
  /** The tenant's name in its API (`ownerNo`, `merchantId`) and value. */
  readonly tenant?: { readonly name: string; readonly value: string } | undefined;
  readonly operationId?: string | undefined;
  readonly status: number;
  readonly durationMs: number;
  readonly rule?: string | undefined;
  readonly requestBody?: unknown | undefined;
  readonly problemType?: string | undefined;
}

/** An entry as listed: ISO time, the tenant as its own member (`ownerNo: "1"`). */
export type JournalEntry = Omit<JournalRecord, 'at' | 'tenant'> & {
  readonly at: string;
  readonly [tenant: string]: unknown;
};

export interface JournalScope {
  readonly api?: string | undefined;
  readonly tenant?: string | undefined;
}

export class Journal {
  readonly #entries: (JournalRecord | undefined)[];
  #next = 0;
  #size = 0;

  constructor(readonly capacity = 1000) {
    this.#entries = new Array(capacity);
  }

  add(entry: JournalRecord): void {
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Newest first, at most `limit`, optionally only one API's or one tenant's. */
  list(limit: number, scope: JournalScope = {}): JournalEntry[] {
    return this.#records(limit, scope).map(listed);
  }

  #records(limit: number, scope: JournalScope): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (let i = 1; i <= this.#size && out.length < limit; i++) {
      const entry = this.#entries[(this.#next - i + this.capacity) % this.capacity];
      if (entry !== undefined && matches(entry, scope)) out.push(entry);
    }
    return out;
  }

  /** Forgets everything, or one API's or tenant's entries (the others keep their order). */
  clear(scope: JournalScope = {}): void {
    if (scope.api === undefined && scope.tenant === undefined) {
      this.#entries.fill(undefined);
      this.#next = 0;
      this.#size = 0;
      return;
    }
    const kept = this.#records(this.capacity, {})
      .reverse()
      .filter((e) => !matches(e, scope));
    this.clear();
    for (const entry of kept) this.add(entry);
  }
}

function matches(entry: JournalRecord, scope: JournalScope): boolean {
  return (
    (scope.api === undefined || entry.api === scope.api) &&
    (scope.tenant === undefined || entry.tenant?.value === scope.tenant)
  );
}

/** The listed form: undefined members dropped by JSON, the tenant under its own name. */
export function listed(record: JournalRecord): JournalEntry {
  const { at, tenant, ...rest } = record;
  return {
    at: new Date(at).toISOString(),
    ...(tenant === undefined ? {} : { [tenant.name]: tenant.value }),
    ...rest,
  };
}
