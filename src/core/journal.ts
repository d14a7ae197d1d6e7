// The request journal: the last N answered requests, newest first, for
// `GET /_sandbox/requests`. A fixed-size ring so a long-running mock never grows.

/** An entry as recorded: `at` is epoch milliseconds, formatted only when listed. */
export interface JournalRecord extends Omit<JournalEntry, 'at'> {
  readonly at: number;
}

export interface JournalEntry {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly ownerNo?: string | undefined;
  readonly operationId?: string | undefined;
  readonly status: number;
  readonly durationMs: number;
  readonly rule?: string | undefined;
  readonly requestBody?: unknown | undefined;
  readonly problemType?: string | undefined;
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

  /** Newest first, at most `limit`, optionally only one owner's. */
  list(limit: number, ownerNo?: string): JournalEntry[] {
    return this.#records(limit, ownerNo).map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  #records(limit: number, ownerNo?: string): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (let i = 1; i <= this.#size && out.length < limit; i++) {
      const entry = this.#entries[(this.#next - i + this.capacity) % this.capacity];
      if (entry !== undefined && (ownerNo === undefined || entry.ownerNo === ownerNo)) out.push(entry);
    }
    return out;
  }

  clear(ownerNo?: string): void {
    if (ownerNo === undefined) {
      this.#entries.fill(undefined);
      this.#next = 0;
      this.#size = 0;
      return;
    }
    // Keep the others' history: rebuild without this owner's entries, oldest first.
    const kept = this.#records(this.capacity)
      .reverse()
      .filter((e) => e.ownerNo !== ownerNo);
    this.clear();
    for (const entry of kept) this.add(entry);
  }
}
