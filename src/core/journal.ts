// The request journal: the last N answered requests, newest first, for
// `GET /_sandbox/requests`. A fixed-size ring so a long-running mock never grows.
// Entries name their API and tenant generically (`tenant: { ownerNo: "1" }` or
// `{ merchantId: "…" }`); listing flattens the tenant into the entry.

import { copyLatin1, isLatin1 } from './latin1.ts';

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
  /**
   * `requestBody` as the JSON text it arrived as, when the caller has it: the in-memory
   * journal then keeps it as it is instead of serialising the value again.
   */
  readonly requestBodyText?: string | undefined;
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

/**
 * The last `capacity` entries, kept as bytes in one ring outside V8's heap. An entry
 * lives for a thousand requests, long enough to be promoted to the old generation,
 * where as objects it would leave a garbage of a few hundred bytes per request between
 * the orders that stay: a million orders grew the process by a quarter more than the
 * orders themselves (issue 11). As bytes it leaves nothing. The ring starts small and
 * doubles while the newest `capacity` entries do not fit.
 *
 * An entry is written field by field rather than as JSON text: the few words that
 * repeat on every request (API, method, operation, tenant name, rule, problem type)
 * as numbers of a vocabulary, the rest (path, tenant value, body) as Latin-1 or UTF-16
 * (`writeText`), which keep any string exactly, lone surrogates too. Building and encoding
 * a JSON text cost about a microsecond and a kilobyte of garbage per request on the
 * capture path (issue 11).
 */
/** An entry larger than this is kept without its body. */
const maxEntryBytes = 256 * 1024;
/** The ring grows no further: 1000 entries with 16 KiB bodies and long paths fit. */
const maxRingBytes = 64 * 1024 * 1024;
/** Words numbered at most; past it a word is written out as text. */
const vocabularyCapacity = 4096;
/** A word's slot holding this is followed by the word as text. */
const spelt = 0xffffffff;

enum Has {
  Api = 1,
  Tenant = 2,
  OperationId = 4,
  Rule = 8,
  Body = 16,
  ProblemType = 32,
}

/** Bytes before the fields: at, durationMs (float64), status (int32), presence (uint8). */
const fixedBytes = 8 + 8 + 4 + 1;

export class Journal {
  #ring: Buffer;
  /** Entry i (in order of age, the oldest first) at `#start[(#first + i) % capacity]`. */
  readonly #start: Int32Array;
  readonly #length: Int32Array;
  #first = 0;
  #size = 0;
  /** Where the next entry's bytes go. */
  #head = 0;
  readonly #words: string[] = [];
  readonly #wordNumbers = new Map<string, number>();

  constructor(
    readonly capacity = 1000,
    initialBytes = 256 * 1024,
  ) {
    this.#ring = Buffer.allocUnsafeSlow(Math.max(1024, initialBytes));
    this.#start = new Int32Array(Math.max(1, capacity));
    this.#length = new Int32Array(Math.max(1, capacity));
  }

  add(entry: JournalRecord): void {
    if (this.capacity <= 0) return;
    let body =
      entry.requestBodyText ?? (entry.requestBody === undefined ? undefined : json(entry.requestBody));
    // Bodies are capped upstream (16 KiB); this guards the ring against anything else.
    if (body !== undefined && body.length > maxEntryBytes / 4) body = json('(not kept)');
    const api = this.#word(entry.api);
    const method = this.#word(entry.method);
    const tenantName = this.#word(entry.tenant?.name);
    const operationId = this.#word(entry.operationId);
    const rule = this.#word(entry.rule);
    const problemType = this.#word(entry.problemType);
    const bytes =
      fixedBytes +
      wordBytes(api, entry.api) +
      wordBytes(method, entry.method) +
      textBytes(entry.path) +
      (entry.tenant === undefined
        ? 0
        : wordBytes(tenantName, entry.tenant.name) + textBytes(entry.tenant.value)) +
      wordBytes(operationId, entry.operationId) +
      wordBytes(rule, entry.rule) +
      (body === undefined ? 0 : textBytes(body)) +
      wordBytes(problemType, entry.problemType);
    if (this.#size === this.capacity) this.#dropOldest();
    while (this.#at(bytes) < 0) {
      if (this.#ring.length < maxRingBytes) this.#grow(bytes);
      else this.#dropOldest();
    }
    const start = this.#at(bytes);
    const ring = this.#ring;
    ring.writeDoubleLE(entry.at, start);
    ring.writeDoubleLE(entry.durationMs, start + 8);
    ring.writeInt32LE(entry.status | 0, start + 16);
    ring[start + 20] =
      (entry.api === undefined ? 0 : Has.Api) |
      (entry.tenant === undefined ? 0 : Has.Tenant) |
      (entry.operationId === undefined ? 0 : Has.OperationId) |
      (entry.rule === undefined ? 0 : Has.Rule) |
      (body === undefined ? 0 : Has.Body) |
      (entry.problemType === undefined ? 0 : Has.ProblemType);
    let at = start + fixedBytes;
    at = writeWord(ring, at, api, entry.api);
    at = writeWord(ring, at, method, entry.method);
    at = writeText(ring, at, entry.path);
    if (entry.tenant !== undefined) {
      at = writeWord(ring, at, tenantName, entry.tenant.name);
      at = writeText(ring, at, entry.tenant.value);
    }
    at = writeWord(ring, at, operationId, entry.operationId);
    at = writeWord(ring, at, rule, entry.rule);
    if (body !== undefined) at = writeText(ring, at, body);
    // `bytes` was room for the widest form; the entry ends where its last field did.
    const end = writeWord(ring, at, problemType, entry.problemType);
    const slot = (this.#first + this.#size) % this.capacity;
    this.#start[slot] = start;
    this.#length[slot] = end - start;
    this.#size += 1;
    this.#head = end;
  }

  /** The word's number (-1 when absent or past the vocabulary's capacity: written out). */
  #word(word: string | undefined): number {
    if (word === undefined) return -1;
    const known = this.#wordNumbers.get(word);
    if (known !== undefined) return known;
    if (this.#words.length >= vocabularyCapacity) return -1;
    const number = this.#words.length;
    this.#words.push(word);
    this.#wordNumbers.set(word, number);
    return number;
  }

  /** Newest first, at most `limit`, optionally only one API's or one tenant's. */
  list(limit: number, scope: JournalScope = {}): JournalEntry[] {
    return this.#records(limit, scope).map(listed);
  }

  #records(limit: number, scope: JournalScope): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (let i = this.#size - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.#entry(i);
      if (matches(entry, scope)) out.push(entry);
    }
    return out;
  }

  /** Forgets everything, or one API's or tenant's entries (the others keep their order). */
  clear(scope: JournalScope = {}): void {
    const kept =
      scope.api === undefined && scope.tenant === undefined
        ? []
        : this.#records(this.capacity, {})
            .reverse()
            .filter((e) => !matches(e, scope));
    this.#first = 0;
    this.#size = 0;
    this.#head = 0;
    for (const entry of kept) this.add(entry);
  }

  /** The i-th entry by age (0 is the oldest), as it was added (a body as its JSON text and value). */
  #entry(i: number): JournalRecord {
    const slot = (this.#first + i) % this.capacity;
    const start = this.#start[slot] ?? 0;
    const ring = this.#ring;
    const has = ring[start + 20] as number;
    const cursor = { at: start + fixedBytes };
    // Absent fields take no bytes: only those the presence bits name are read.
    const word = (bit: Has) => ((has & bit) === 0 ? undefined : readWord(ring, cursor, this.#words));
    const api = word(Has.Api);
    const method = readWord(ring, cursor, this.#words);
    const path = readText(ring, cursor);
    const tenant =
      (has & Has.Tenant) === 0
        ? undefined
        : { name: readWord(ring, cursor, this.#words), value: readText(ring, cursor) };
    const operationId = word(Has.OperationId);
    const rule = word(Has.Rule);
    const body = (has & Has.Body) === 0 ? undefined : readText(ring, cursor);
    const problemType = word(Has.ProblemType);
    // The members in the order (and with the absences) the entry was added with.
    return {
      at: finite(ring.readDoubleLE(start)) as number,
      ...(api === undefined ? {} : { api }),
      method,
      path,
      ...(tenant === undefined ? {} : { tenant }),
      ...(operationId === undefined ? {} : { operationId }),
      status: ring.readInt32LE(start + 16),
      durationMs: finite(ring.readDoubleLE(start + 8)) as number,
      ...(rule === undefined ? {} : { rule }),
      ...(body === undefined ? {} : { requestBody: JSON.parse(body) as unknown, requestBodyText: body }),
      ...(problemType === undefined ? {} : { problemType }),
    };
  }

  /**
   * Where `bytes` can be written without overwriting a kept entry: at the head, or past
   * the ring's end at its start; -1 when neither is free. The kept bytes run from the
   * oldest entry to the head, in the order the entries were added, wrapping at most once.
   */
  #at(bytes: number): number {
    const length = this.#ring.length;
    if (this.#size === 0) return bytes <= length ? 0 : -1;
    const oldest = this.#start[this.#first] ?? 0;
    if (oldest < this.#head) {
      if (this.#head + bytes <= length) return this.#head;
      return bytes <= oldest ? 0 : -1;
    }
    // Wrapped: free only between the head and the oldest entry.
    return this.#head + bytes <= oldest ? this.#head : -1;
  }

  #dropOldest(): void {
    this.#first = (this.#first + 1) % this.capacity;
    this.#size -= 1;
    if (this.#size === 0) {
      this.#first = 0;
      this.#head = 0;
    }
  }

  /** A ring twice as large (or large enough for one entry of `bytes`), the kept entries copied to its start. */
  #grow(bytes: number): void {
    const size = Math.min(maxRingBytes, Math.max(this.#ring.length * 2, bytes * 2));
    const ring = Buffer.allocUnsafeSlow(size);
    let head = 0;
    for (let i = 0; i < this.#size; i++) {
      const slot = (this.#first + i) % this.capacity;
      const start = this.#start[slot] ?? 0;
      const length = this.#length[slot] ?? 0;
      this.#ring.copy(ring, head, start, start + length);
      this.#start[slot] = head;
      head += length;
    }
    this.#ring = ring;
    this.#head = head;
  }
}

const json = JSON.stringify;

/** A word's bytes: nothing when absent, its number, or the mark and its text. */
const wordBytes = (number: number, word: string | undefined) =>
  word === undefined ? 0 : number >= 0 ? 4 : 4 + textBytes(word);
const textBytes = (text: string) => 4 + 2 * text.length;

function writeWord(ring: Buffer, at: number, number: number, word: string | undefined): number {
  if (word === undefined) return at;
  if (number >= 0) {
    ring.writeUInt32LE(number, at);
    return at + 4;
  }
  ring.writeUInt32LE(spelt, at);
  return writeText(ring, at + 4, word);
}

/** Marks a text's length word: its characters follow as UTF-16, not a byte each. */
const wide = 0x80000000;

/**
 * A text as a byte a character (Latin-1) when every character fits, as most paths and
 * bodies do, else as UTF-16: both keep any string exactly, lone surrogates included,
 * which UTF-8 would not. A short text is copied in a loop that checks as it goes, a long
 * one checked once and written by one Buffer#write; `textBytes` reserved room for the
 * wider form.
 */
function writeText(ring: Buffer, at: number, text: string): number {
  const length = text.length;
  let latin1: boolean;
  if (length <= 64) latin1 = copyLatin1(text, ring, at + 4);
  else {
    latin1 = isLatin1(text);
    if (latin1) ring.write(text, at + 4, length, 'latin1');
  }
  if (latin1) {
    ring.writeUInt32LE(length, at);
    return at + 4 + length;
  }
  ring.writeUInt32LE((length | wide) >>> 0, at);
  ring.write(text, at + 4, 2 * length, 'utf16le');
  return at + 4 + 2 * length;
}

/** The word at the cursor. */
function readWord(ring: Buffer, cursor: { at: number }, words: readonly string[]): string {
  const number = ring.readUInt32LE(cursor.at);
  cursor.at += 4;
  return number === spelt ? readText(ring, cursor) : (words[number] as string);
}

function readText(ring: Buffer, cursor: { at: number }): string {
  const word = ring.readUInt32LE(cursor.at);
  const bytes = word >= wide ? 2 * (word - wide) : word;
  const text = ring.toString(word >= wide ? 'utf16le' : 'latin1', cursor.at + 4, cursor.at + 4 + bytes);
  cursor.at += 4 + bytes;
  return text;
}

/**
 * An entry as the ring keeps it: JSON built member by member (a third cheaper than
 * stringifying a record on every request), undefined members left out as JSON would,
 * the body spliced in as received when its text is at hand.
 */
export function encode(entry: JournalRecord): string {
  let text = `{"at":${finite(entry.at)}`;
  if (entry.api !== undefined) text += `,"api":${json(entry.api)}`;
  text += `,"method":${json(entry.method)},"path":${json(entry.path)}`;
  if (entry.tenant !== undefined)
    text += `,"tenant":{"name":${json(entry.tenant.name)},"value":${json(entry.tenant.value)}}`;
  if (entry.operationId !== undefined) text += `,"operationId":${json(entry.operationId)}`;
  text += `,"status":${finite(entry.status)},"durationMs":${finite(entry.durationMs)}`;
  if (entry.rule !== undefined) text += `,"rule":${json(entry.rule)}`;
  if (entry.requestBodyText !== undefined) text += `,"requestBody":${entry.requestBodyText}`;
  else if (entry.requestBody !== undefined) text += `,"requestBody":${json(entry.requestBody)}`;
  if (entry.problemType !== undefined) text += `,"problemType":${json(entry.problemType)}`;
  return `${text}}`;
}

/** A number as JSON writes it (NaN and the infinities as null). */
const finite = (n: number) => (Number.isFinite(n) ? n : null);

function matches(entry: JournalRecord, scope: JournalScope): boolean {
  return (
    (scope.api === undefined || entry.api === scope.api) &&
    (scope.tenant === undefined || entry.tenant?.value === scope.tenant)
  );
}

/** The listed form: undefined members dropped by JSON, the tenant under its own name. */
export function listed(record: JournalRecord): JournalEntry {
  const { at, tenant, requestBodyText: _text, ...rest } = record;
  return {
    at: new Date(at).toISOString(),
    ...(tenant === undefined ? {} : { [tenant.name]: tenant.value }),
    ...rest,
  };
}
