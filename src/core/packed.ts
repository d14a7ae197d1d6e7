// Owns keeping records off the JavaScript heap, for the in-memory store's numerous
// kinds (Order Processing's authorisations, SCA tokens and idempotency keys: a million
// authorisations leave four million records). As objects and strings those cost some
// 1.4 KB an authorisation on the heap, and a heap of millions of small long-lived
// objects is fragmented and slows every scavenge (issue 11). Here a record is a few
// dozen bytes in large Buffers: a compact encoding of its JSON-like value (UUIDs as 16
// bytes, repeated short strings as dictionary numbers, object members by shape, JSON
// texts by structure), in an arena of 16 MiB chunks, found through an open-addressing
// hash table in a Uint32Array. Every value round-trips exactly, `undefined` members
// included; one that cannot (a class instance, a BigInt) is refused with `Unpackable`,
// and the store keeps that record on the heap as before.
import { copyLatin1, isLatin1 } from './latin1.ts';

/**
 * Whether `key` is `<tenant>/…` with a tenant without `/`, so the tenant can be read back
 * from the key instead of being kept beside it (here and in the store's object records).
 */
export function keyNamesTenant(key: string, tenant: string): boolean {
  return (
    key.length > tenant.length &&
    key.charCodeAt(tenant.length) === 47 /* / */ &&
    key.startsWith(tenant) &&
    !tenant.includes('/')
  );
}

/** A value the encoding cannot keep exactly: the caller keeps the record another way. */
export class Unpackable extends Error {
  override name = 'Unpackable';
}

// --- the value encoding ---

enum Tag {
  Undefined = 0,
  Null = 1,
  False = 2,
  True = 3,
  Int = 4,
  Float = 5,
  Latin1 = 6,
  Utf16 = 7,
  Dictionary = 8,
  Uuid = 9,
  PrefixedHex = 10,
  JsonText = 11,
  Shaped = 12,
  Object = 13,
  Array = 14,
  /** The record's own key (an authorisation's `authorisationId`), written once. */
  SameAsKey = 15,
  /** 22 base64url characters that are 16 bytes exactly (a request's fingerprint). */
  Base64url16 = 16,
}

/** Strings are dictionary candidates up to this length; longer ones are rarely repeated. */
const dictionaryMaxLength = 48;
/** Beyond this many entries the dictionary stops growing (each is a heap string). */
const dictionaryCapacity = 1 << 16;
/** Strings seen once are remembered in a window this large; a second sighting admits them. */
const candidateWindow = 16_384;
/** Object shapes (member lists) numbered; beyond this, objects carry their member names. */
const shapeCapacity = 4096;
/** A JSON text longer than this is kept as text (parsing it to compare costs more than it saves). */
const jsonTextMaxLength = 8192;
/** Values nested deeper than this are refused rather than risking the stack. */
const maxDepth = 64;

const hexDigits = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex digits' values by character code; -1 for any other character. */
const hexValues = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) hexValues[i.toString(16).charCodeAt(0)] = i;

function hexValue(code: number): number {
  return code < 128 ? (hexValues[code] as number) : -1;
}

/** Whether `s` is a UUID in canonical lower-case form (8-4-4-4-12). */
function isLowerUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (hexValue(c) < 0) return false;
  }
  return true;
}

/** Whether `s` ends in 32 lower-case hex digits after a prefix of at most 16 characters. */
function hasHexTail(s: string): boolean {
  if (s.length < 32 || s.length > 48) return false;
  for (let i = s.length - 32; i < s.length; i++) if (hexValue(s.charCodeAt(i)) < 0) return false;
  return true;
}

const base64url = /^[A-Za-z0-9_-]{22}$/;

/** Sets a member as JSON.parse does: `__proto__` too is an own member, not the prototype. */
function member(record: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__')
    Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Encoding choices for one string. */
enum StringUse {
  /** A value: JSON texts are encoded by structure, repeated strings admitted on a second sighting. */
  Value = 0,
  /** A tenant or an API name: few and repeated, so admitted at once. */
  Name = 1,
  /** A member name or an id's prefix: never parsed as JSON, admitted on a second sighting. */
  Word = 2,
  /**
   * A key's segment after the first, or a parent's key: an id, unique in its table, so
   * never admitted (it would only churn the candidates), though numbered if already known.
   */
  Id = 3,
}

/** A growable scratch buffer the encoder writes into; its bytes are copied into the arena. */
class Output {
  buffer = Buffer.allocUnsafeSlow(4096);
  length = 0;

  reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** An unsigned integer below 2^53, seven bits a byte. */
  varint(value: number): void {
    this.reserve(8);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  float(value: number): void {
    this.reserve(8);
    this.buffer.writeDoubleLE(value, this.length);
    this.length += 8;
  }

  /** 32 hex digits of `s` from `at`, or a UUID's, as 16 bytes. */
  hex(s: string, at: number, uuid: boolean): void {
    this.reserve(16);
    let i = at;
    for (let n = 0; n < 16; n++) {
      if (uuid && (i === 8 || i === 13 || i === 18 || i === 23)) i++;
      this.buffer[this.length++] = (hexValue(s.charCodeAt(i)) << 4) | hexValue(s.charCodeAt(i + 1));
      i += 2;
    }
  }

  /**
   * A short string as Tag.Latin1 when every character fits a byte, checked while its bytes
   * are written, in one loop (a Buffer#write call costs more than a key's few bytes); false,
   * having written nothing, when it is long or a character does not fit.
   */
  latin1(s: string): boolean {
    const length = s.length;
    if (length > 32) return false;
    this.reserve(2 + length);
    const buffer = this.buffer;
    const start = this.length;
    buffer[start] = Tag.Latin1;
    buffer[start + 1] = length;
    if (!copyLatin1(s, buffer, start + 2)) return false;
    this.length = start + 2 + length;
    return true;
  }

  text(s: string, encoding: 'latin1' | 'utf16le'): void {
    const bytes = encoding === 'latin1' ? s.length : s.length * 2;
    this.varint(s.length);
    this.reserve(bytes);
    this.length += this.buffer.write(s, this.length, bytes, encoding);
  }
}

/** A node of the shape trie: the shape ending here, and the longer ones by their next member. */
interface ShapeNode {
  number: number;
  readonly next: Map<string, ShapeNode>;
  /**
   * The member last followed from here and where it led: the same shapes come again and
   * again, and comparing one name (a pointer, for the same string) is cheaper than hashing it.
   */
  lastName: string | undefined;
  lastNext: ShapeNode | undefined;
}

/** A read position in one arena chunk. */
interface Input {
  buffer: Buffer;
  at: number;
}

function readVarint(input: Input): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = input.buffer[input.at++] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
}

function readHex(input: Input, uuid: boolean): string {
  const b = input.buffer;
  const at = input.at;
  input.at += 16;
  let s = '';
  for (let n = 0; n < 16; n++) {
    if (uuid && (n === 4 || n === 6 || n === 8 || n === 10)) s += '-';
    s += hexDigits[b[at + n] as number];
  }
  return s;
}

/**
 * The encoding and its shared tables: the string dictionary and the object shapes. Both
 * only grow, so a number written once always decodes to what it meant.
 */
class Codec {
  readonly #strings: string[] = [];
  readonly #stringNumbers = new Map<string, number>();
  #candidates = new Set<string>();
  readonly #shapes: (readonly string[])[] = [];
  /** Shapes by their member names, one level a name: found without building a signature string. */
  readonly #shapeTrie: ShapeNode = { number: -1, next: new Map(), lastName: undefined, lastNext: undefined };
  readonly output = new Output();
  /** While a record is written: its key, which a value naming it refers to (SameAsKey). */
  recordKey: string | undefined;
  /** While a record is read: where its key starts, for a SameAsKey. */
  keyInput: Input | undefined;

  /** How many strings the dictionary holds (for tests). */
  get dictionarySize(): number {
    return this.#strings.length;
  }

  /** Numbers a string not in the dictionary, when it is admitted now; -1 when not. */
  #admit(s: string, use: StringUse): number {
    if (use === StringUse.Id || s.length > dictionaryMaxLength || this.#strings.length >= dictionaryCapacity)
      return -1;
    if (use !== StringUse.Name && !this.#candidates.has(s)) {
      if (this.#candidates.size >= candidateWindow) this.#candidates = new Set();
      this.#candidates.add(s);
      return -1;
    }
    this.#candidates.delete(s);
    const number = this.#strings.length;
    // A flat copy: the dictionary outlives the request whose string this was.
    const copy = JSON.parse(JSON.stringify(s)) as string;
    this.#strings.push(copy);
    this.#stringNumbers.set(copy, number);
    return number;
  }

  string(s: string, use: StringUse, depth: number): void {
    const out = this.output;
    const known = this.#stringNumbers.get(s);
    if (known !== undefined) {
      out.byte(Tag.Dictionary);
      out.varint(known);
      return;
    }
    if (use === StringUse.Value && s === this.recordKey) {
      out.byte(Tag.SameAsKey);
      return;
    }
    // A tenant or an API name is numbered even when it is a UUID: three bytes, not seventeen.
    if (use === StringUse.Name) {
      const number = this.#admit(s, use);
      if (number >= 0) {
        out.byte(Tag.Dictionary);
        out.varint(number);
        return;
      }
    }
    if (s.length === 22 && base64url.test(s)) {
      const bytes = Buffer.from(s, 'base64url');
      if (bytes.length === 16 && bytes.toString('base64url') === s) {
        out.byte(Tag.Base64url16);
        out.reserve(16);
        for (let i = 0; i < 16; i++) out.buffer[out.length++] = bytes[i] as number;
        return;
      }
    }
    if (isLowerUuid(s)) {
      out.byte(Tag.Uuid);
      out.hex(s, 0, true);
      return;
    }
    if (hasHexTail(s)) {
      out.byte(Tag.PrefixedHex);
      this.string(s.slice(0, s.length - 32), StringUse.Word, depth);
      out.hex(s, s.length - 32, false);
      return;
    }
    if (use === StringUse.Value && this.#jsonText(s, depth)) return;
    const number = this.#admit(s, use);
    if (number >= 0) {
      out.byte(Tag.Dictionary);
      out.varint(number);
      return;
    }
    if (out.latin1(s)) return;
    if (isLatin1(s)) {
      out.byte(Tag.Latin1);
      out.text(s, 'latin1');
    } else {
      out.byte(Tag.Utf16);
      out.text(s, 'utf16le');
    }
  }

  /** A JSON text (a stored answer) by its structure, when decoding gives back these very bytes. */
  #jsonText(s: string, depth: number): boolean {
    const first = s.charCodeAt(0);
    if ((first !== 123 && first !== 91) || s.length > jsonTextMaxLength) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      return false;
    }
    if (JSON.stringify(parsed) !== s) return false;
    const out = this.output;
    const start = out.length;
    out.byte(Tag.JsonText);
    try {
      this.value(parsed, depth + 1);
    } catch (error) {
      out.length = start;
      if (error instanceof Unpackable) return false;
      throw error;
    }
    return true;
  }

  value(value: unknown, depth: number): void {
    const out = this.output;
    if (depth > maxDepth) throw new Unpackable('nested too deep');
    switch (typeof value) {
      case 'undefined':
        out.byte(Tag.Undefined);
        return;
      case 'boolean':
        out.byte(value ? Tag.True : Tag.False);
        return;
      case 'number':
        if (Number.isInteger(value) && Math.abs(value) <= 0x7fffffff && !Object.is(value, -0)) {
          out.byte(Tag.Int);
          out.varint(value < 0 ? -2 * value - 1 : 2 * value);
        } else {
          out.byte(Tag.Float);
          out.float(value);
        }
        return;
      case 'string':
        this.string(value, StringUse.Value, depth);
        return;
      case 'object':
        break;
      default:
        throw new Unpackable(`a ${typeof value}`);
    }
    if (value === null) {
      out.byte(Tag.Null);
      return;
    }
    if (Array.isArray(value)) {
      out.byte(Tag.Array);
      out.varint(value.length);
      for (let i = 0; i < value.length; i++) this.value(value[i], depth + 1);
      return;
    }
    if (!isPlainObject(value)) throw new Unpackable('an object that is not plain');
    const record = value as Record<string, unknown>;
    const names = Object.keys(record);
    const shape = this.#shapeNumber(names);
    if (shape >= 0) {
      out.byte(Tag.Shaped);
      out.varint(shape);
    } else {
      out.byte(Tag.Object);
      out.varint(names.length);
    }
    for (const name of names) {
      if (shape < 0) this.string(name, StringUse.Word, depth);
      this.value(record[name], depth + 1);
    }
  }

  #shapeNumber(names: readonly string[]): number {
    let node = this.#shapeTrie;
    for (const name of names) {
      let next = node.lastName === name ? node.lastNext : node.next.get(name);
      if (next === undefined) {
        if (this.#shapes.length >= shapeCapacity) return -1;
        next = { number: -1, next: new Map(), lastName: undefined, lastNext: undefined };
        node.next.set(JSON.parse(JSON.stringify(name)) as string, next);
      }
      node.lastName = name;
      node.lastNext = next;
      node = next;
    }
    if (node.number >= 0) return node.number;
    if (this.#shapes.length >= shapeCapacity) return -1;
    node.number = this.#shapes.length;
    this.#shapes.push(names.map((name) => JSON.parse(JSON.stringify(name)) as string));
    return node.number;
  }

  readValue(input: Input): unknown {
    const tag = input.buffer[input.at++] as Tag;
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int: {
        const zigzag = readVarint(input);
        return zigzag % 2 === 1 ? -(zigzag + 1) / 2 : zigzag / 2;
      }
      case Tag.Float: {
        const value = input.buffer.readDoubleLE(input.at);
        input.at += 8;
        return value;
      }
      case Tag.Array: {
        const length = readVarint(input);
        const items: unknown[] = new Array(length);
        for (let i = 0; i < length; i++) items[i] = this.readValue(input);
        return items;
      }
      case Tag.Shaped: {
        const names = this.#shapes[readVarint(input)] as readonly string[];
        const record: Record<string, unknown> = {};
        for (const name of names) member(record, name, this.readValue(input));
        return record;
      }
      case Tag.Object: {
        const count = readVarint(input);
        const record: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) {
          const name = this.readString(input);
          member(record, name, this.readValue(input));
        }
        return record;
      }
      case Tag.JsonText:
        return JSON.stringify(this.readValue(input));
      default:
        return this.readString(input, tag);
    }
  }

  readString(input: Input, tag: Tag = input.buffer[input.at++] as Tag): string {
    switch (tag) {
      case Tag.Dictionary:
        return this.#strings[readVarint(input)] as string;
      case Tag.Uuid:
        return readHex(input, true);
      case Tag.PrefixedHex: {
        const prefix = this.readString(input);
        return prefix + readHex(input, false);
      }
      case Tag.SameAsKey: {
        const at = this.keyInput;
        if (at === undefined) throw new Error('packed: a reference to the key outside a record');
        return this.readKey({ buffer: at.buffer, at: at.at });
      }
      case Tag.Base64url16: {
        const s = input.buffer.toString('base64url', input.at, input.at + 16);
        input.at += 16;
        return s;
      }
      case Tag.Latin1: {
        const length = readVarint(input);
        const s = input.buffer.toString('latin1', input.at, input.at + length);
        input.at += length;
        return s;
      }
      case Tag.Utf16: {
        const length = readVarint(input);
        const s = input.buffer.toString('utf16le', input.at, input.at + length * 2);
        input.at += length * 2;
        return s;
      }
      default:
        throw new Error(`packed: byte ${String(tag)} at ${String(input.at - 1)} is not a string's tag`);
    }
  }

  /** Moves past a string without building it. */
  skipString(input: Input): void {
    const tag = input.buffer[input.at++] as Tag;
    switch (tag) {
      case Tag.Dictionary:
        readVarint(input);
        return;
      case Tag.Uuid:
      case Tag.Base64url16:
        input.at += 16;
        return;
      case Tag.SameAsKey:
        return;
      case Tag.PrefixedHex:
        this.skipString(input);
        input.at += 16;
        return;
      case Tag.Latin1: {
        // Read first: `input.at += readVarint(input)` would add to the position before the read.
        const length = readVarint(input);
        input.at += length;
        return;
      }
      case Tag.Utf16: {
        const length = readVarint(input);
        input.at += 2 * length;
        return;
      }
      default:
        throw new Error(`packed: byte ${String(tag)} at ${String(input.at - 1)} is not a string's tag`);
    }
  }

  skipKey(input: Input): void {
    for (let count = readVarint(input); count > 0; count--) this.skipString(input);
  }

  /** Writes a record key: its `/`-separated segments, the first of several (a tenant) as a name. */
  key(key: string): void {
    // Most keys are one segment (`42`) or two (`<tenant>/<id>`): no array of segments.
    let count = 1;
    for (let at = key.indexOf('/'); at >= 0; at = key.indexOf('/', at + 1)) count++;
    this.output.varint(count);
    if (count === 1) {
      this.string(key, StringUse.Id, 0);
      return;
    }
    let from = 0;
    for (let i = 0; i < count; i++) {
      const end = i === count - 1 ? key.length : key.indexOf('/', from);
      this.string(key.slice(from, end), i === 0 ? StringUse.Name : StringUse.Id, 0);
      from = end + 1;
    }
  }

  readKey(input: Input): string {
    const count = readVarint(input);
    let key = this.readString(input);
    for (let i = 1; i < count; i++) key += `/${this.readString(input)}`;
    return key;
  }

  name(s: string): void {
    this.string(s, StringUse.Name, 0);
  }
}

/** FNV-1a over the key's UTF-16 code units: the hash does not depend on how the key was encoded. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h | 2) >>> 0;
}

// --- the arena ---

/** Chunks of 16 MiB, addressed in 8-byte units: a position is chunk << 21 | offset / 8, a uint32. */
const chunkBits = 24;
const chunkSize = 1 << chunkBits;
const unitShift = 3;
const offsetBits = chunkBits - unitShift;
const maxChunks = 1 << (32 - offsetBits);

const positionOf = (chunk: number, offset: number) => ((chunk << offsetBits) | (offset >>> unitShift)) >>> 0;
const chunkOf = (position: number) => position >>> offsetBits;
const offsetOf = (position: number) => (position & ((1 << offsetBits) - 1)) << unitShift;

/**
 * Where records' bytes live. A record's block starts with its capacity (a uint32); a
 * freed block goes to a list of blocks of its capacity, and the next record needing
 * exactly that much takes it, so a kind rewritten over and over (a credit, an SCA
 * token) reuses its space instead of leaving a trail. Blocks never split or merge, so a
 * position once handed out always starts a block.
 */
class Arena {
  readonly chunks: Buffer[] = [];
  #top = chunkSize;
  readonly #free = new Map<number, number[]>();

  /** A block of at least `size` bytes (header included), or -1 when the arena is full. */
  allocate(size: number): number {
    const capacity = (size + 7) & ~7;
    const reused = this.#free.get(capacity)?.pop();
    if (reused !== undefined) return reused;
    if (capacity > chunkSize) return -1;
    if (this.#top + capacity > chunkSize) {
      if (this.chunks.length >= maxChunks) return -1;
      // Pages are touched only as records fill them, so a new chunk costs its use, not 16 MiB.
      this.chunks.push(Buffer.allocUnsafeSlow(chunkSize));
      // The first chunk starts at 16: positions 0 and 1 mean "empty" and "deleted" in the index.
      this.#top = this.chunks.length === 1 ? 16 : 0;
    }
    const chunk = this.chunks.length - 1;
    const offset = this.#top;
    this.#top += capacity;
    (this.chunks[chunk] as Buffer).writeUInt32LE(capacity, offset);
    return positionOf(chunk, offset);
  }

  /** Bytes handed out so far, freed blocks included (what the arena's pages hold). */
  get used(): number {
    return this.chunks.length === 0 ? 0 : (this.chunks.length - 1) * chunkSize + this.#top;
  }

  capacity(position: number): number {
    return (this.chunks[chunkOf(position)] as Buffer).readUInt32LE(offsetOf(position));
  }

  release(position: number): void {
    const capacity = this.capacity(position);
    let list = this.#free.get(capacity);
    if (list === undefined) {
      list = [];
      this.#free.set(capacity, list);
    }
    list.push(position);
  }

  input(position: number, skip: number): Input {
    return { buffer: this.chunks[chunkOf(position)] as Buffer, at: offsetOf(position) + skip };
  }
}

// --- records and the tables that find them ---

enum Flag {
  /** The tenant is the key's first segment (`<tenant>/<id>`), not written again. */
  TenantInKey = 1,
  HasApi = 2,
  HasParent = 4,
  Expires = 8,
}

/** Bytes before a record's flags: its block's capacity. */
const header = 4;

/** A record's bookkeeping, as the store reads it back for resets and sweeps. */
export interface PackedMeta {
  readonly key: string;
  readonly api: string | undefined;
  readonly tenant: string;
  readonly parent: string | undefined;
  readonly expiresAt: number | undefined;
}

/** What `PackedStore.write` keeps. */
export interface PackedWrite {
  readonly key: string;
  readonly tenant: string;
  /** Written only when it is not the table's own API. */
  readonly api: string | undefined;
  readonly parent: string | undefined;
  readonly expiresAt: number | undefined;
  readonly value: unknown;
}

/** A slot's position when its record was deleted (0: never used). */
const deleted = 1;

/**
 * One kind's index: open addressing, linear probing, a [hash, position] pair per slot.
 * It grows by half when four fifths are taken (doubling would leave a million-record
 * table anywhere between a quarter and a half empty), so a slot is found by `hash % size`.
 */
class Table {
  slots = new Uint32Array(2 * 1024);
  /** Live records. */
  count = 0;
  /** Live records and deleted marks: what decides when to grow. */
  used = 0;

  constructor(readonly api: string) {}

  get size(): number {
    return this.slots.length / 2;
  }

  /** Rebuilds the slots at `size` pairs, dropping deleted marks. */
  rehash(size: number): void {
    const old = this.slots;
    const slots = new Uint32Array(2 * size);
    for (let i = 0; i < old.length; i += 2) {
      const position = old[i + 1] as number;
      if (position <= deleted) continue;
      const hash = old[i] as number;
      let slot = hash % size;
      while ((slots[2 * slot + 1] as number) !== 0) slot = slot + 1 === size ? 0 : slot + 1;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = position;
    }
    this.slots = slots;
    this.used = this.count;
  }
}

/**
 * Records of several kinds in one arena, one table per kind. Not thread-safe and not
 * asynchronous: each call finishes its work before it returns, like the Maps it stands
 * in for.
 */
export class PackedStore {
  readonly #codec = new Codec();
  readonly #arena = new Arena();
  readonly #tables = new Map<string, Table>();
  /** Where the record the last `write` rewrote was (it may since have moved), or 0 for a new one. */
  previous = 0;

  /** The slot index of `key` in `table`, or -1. */
  #find(table: Table, key: string, hash: number): number {
    const { slots, size } = table;
    for (let slot = hash % size; ; slot = slot + 1 === size ? 0 : slot + 1) {
      const position = slots[2 * slot + 1] as number;
      if (position === 0) return -1;
      if (position !== deleted && slots[2 * slot] === hash && this.#keyAt(position) === key) return slot;
    }
  }

  #keyAt(position: number): string {
    return this.#codec.readKey(this.#arena.input(position, header + 1));
  }

  /** The position of `key`'s record of `kind`, or 0. */
  position(kind: string, key: string): number {
    const table = this.#tables.get(kind);
    if (table === undefined) return 0;
    const slot = this.#find(table, key, hashKey(key));
    return slot < 0 ? 0 : (table.slots[2 * slot + 1] as number);
  }

  /** An input past the record's bookkeeping, and its expiry (epoch ms) or NaN. */
  #pastMeta(position: number): { input: Input; expiresAt: number } {
    const codec = this.#codec;
    const input = this.#arena.input(position, header);
    const flags = input.buffer[input.at++] as number;
    codec.skipKey(input);
    if ((flags & Flag.TenantInKey) === 0) codec.skipString(input);
    if ((flags & Flag.HasApi) !== 0) codec.skipString(input);
    if ((flags & Flag.HasParent) !== 0) codec.skipString(input);
    let expiresAt = Number.NaN;
    if ((flags & Flag.Expires) !== 0) {
      expiresAt = input.buffer.readDoubleLE(input.at);
      input.at += 8;
    }
    return { input, expiresAt };
  }

  /** The record at `position`: its bookkeeping and, with `withValue`, its value. */
  read(position: number, withValue: true): PackedMeta & { readonly value: unknown };
  read(position: number, withValue: false): PackedMeta;
  read(position: number, withValue: boolean): PackedMeta & { readonly value?: unknown } {
    const codec = this.#codec;
    const input = this.#arena.input(position, header);
    const flags = input.buffer[input.at++] as number;
    const key = codec.readKey(input);
    const tenant =
      (flags & Flag.TenantInKey) !== 0 ? key.slice(0, key.indexOf('/')) : codec.readString(input);
    const api = (flags & Flag.HasApi) !== 0 ? codec.readString(input) : undefined;
    const parent = (flags & Flag.HasParent) !== 0 ? codec.readString(input) : undefined;
    let expiresAt: number | undefined;
    if ((flags & Flag.Expires) !== 0) {
      expiresAt = input.buffer.readDoubleLE(input.at);
      input.at += 8;
    }
    const meta = { key, api, tenant, parent, expiresAt };
    return withValue ? { ...meta, value: this.#valueAt(position, input) } : meta;
  }

  /** Reads the value `input` is at, in the record at `position` (whose key it may refer to). */
  #valueAt(position: number, input: Input): unknown {
    const codec = this.#codec;
    codec.keyInput = this.#arena.input(position, header + 1);
    try {
      return codec.readValue(input);
    } finally {
      codec.keyInput = undefined;
    }
  }

  /** The value of the record at `position`, or undefined when it expired at or before `now`. */
  liveValue(position: number, now: number): unknown {
    const { input, expiresAt } = this.#pastMeta(position);
    return expiresAt <= now ? undefined : this.#valueAt(position, input);
  }

  /**
   * Keeps `write` as `kind`'s record under its key; returns its position. Throws
   * `Unpackable` (having changed nothing) when the value cannot be kept exactly or the
   * arena is full: the caller keeps it elsewhere.
   */
  write(kind: string, tableApi: string, write: PackedWrite): number {
    const codec = this.#codec;
    const out = codec.output;
    out.length = 0;
    out.reserve(header);
    out.length = header;
    const tenantInKey = keyNamesTenant(write.key, write.tenant);
    const flags =
      (tenantInKey ? Flag.TenantInKey : 0) |
      (write.api !== undefined ? Flag.HasApi : 0) |
      (write.parent !== undefined ? Flag.HasParent : 0) |
      (write.expiresAt !== undefined ? Flag.Expires : 0);
    out.byte(flags);
    codec.key(write.key);
    if (!tenantInKey) codec.name(write.tenant);
    if (write.api !== undefined) codec.name(write.api);
    if (write.parent !== undefined) codec.string(write.parent, StringUse.Id, 0);
    if (write.expiresAt !== undefined) out.float(write.expiresAt);
    codec.recordKey = write.key;
    try {
      codec.value(write.value, 0);
    } finally {
      codec.recordKey = undefined;
    }
    const size = out.length;

    let table = this.#tables.get(kind);
    if (table === undefined) {
      table = new Table(tableApi);
      this.#tables.set(kind, table);
    }
    const hash = hashKey(write.key);
    const slot = this.#find(table, write.key, hash);
    const old = slot < 0 ? 0 : (table.slots[2 * slot + 1] as number);
    this.previous = old;
    let position = old;
    if (old === 0 || this.#arena.capacity(old) < size) {
      position = this.#arena.allocate(size);
      if (position < 0) throw new Unpackable('the arena is full');
    }
    const input = this.#arena.input(position, header);
    // The block keeps its own capacity in its first four bytes; the record follows. A
    // loop: Buffer#copy's own checks cost more than copying a hundred bytes.
    const from = out.buffer;
    const to = input.buffer;
    for (let i = header, at = input.at; i < size; i++, at++) to[at] = from[i] as number;
    if (position === old) return position;
    if (old !== 0) {
      this.#arena.release(old);
      table.slots[2 * slot + 1] = position;
      return position;
    }
    this.#insert(table, hash, position);
    return position;
  }

  #insert(table: Table, hash: number, position: number): void {
    if ((table.used + 1) * 5 > table.size * 4) {
      // Mostly deleted marks: rebuild at the same size; else grow by half.
      const size = table.size;
      table.rehash(table.count * 2 >= size ? Math.ceil(size * 1.5) : size);
    }
    const { slots, size } = table;
    let slot = hash % size;
    // A deleted mark is reused only when the key is absent (checked by the caller).
    while ((slots[2 * slot + 1] as number) > deleted) slot = slot + 1 === size ? 0 : slot + 1;
    if (slots[2 * slot + 1] === 0) table.used += 1;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = position;
    table.count += 1;
  }

  /** Forgets `kind`'s record under `key`; whether there was one. */
  delete(kind: string, key: string): boolean {
    const table = this.#tables.get(kind);
    if (table === undefined) return false;
    const slot = this.#find(table, key, hashKey(key));
    if (slot < 0) return false;
    this.#arena.release(table.slots[2 * slot + 1] as number);
    table.slots[2 * slot + 1] = deleted;
    table.count -= 1;
    return true;
  }

  /** The positions of `kind`'s records (a copy: deleting while walking it is safe). */
  positions(kind: string): number[] {
    const table = this.#tables.get(kind);
    const out: number[] = [];
    if (table === undefined) return out;
    for (let i = 1; i < table.slots.length; i += 2) {
      const position = table.slots[i] as number;
      if (position > deleted) out.push(position);
    }
    return out;
  }

  /** The kinds with a table, and each table's API. */
  kinds(): [kind: string, api: string][] {
    return [...this.#tables].map(([kind, table]) => [kind, table.api]);
  }

  /** The bytes `kind`'s records take in the arena, blocks' headers and rounding included. */
  bytes(kind: string): number {
    let total = 0;
    for (const position of this.positions(kind)) total += this.#arena.capacity(position);
    return total;
  }

  size(kind: string): number {
    return this.#tables.get(kind)?.count ?? 0;
  }

  /** How many strings the dictionary holds (for tests). */
  get dictionarySize(): number {
    return this.#codec.dictionarySize;
  }

  /** Bytes of the arena handed out so far, freed blocks included. */
  get arenaBytes(): number {
    return this.#arena.used;
  }
}
