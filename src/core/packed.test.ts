// Records kept off the heap must read back exactly what was written, whatever the value
// (undefined members, -0, lone surrogates, texts that look like JSON and are not quite),
// and the tables must behave as Maps through growth, deletes and rewrites. fast-check
// drives both against plain JavaScript as the model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedStore, type PackedWrite, Unpackable } from './packed.ts';

const merchant = 'bf62723f-f664-4527-b95b-4dfee33e427d';

const record = (key: string, value: unknown, extra: Partial<PackedWrite> = {}): PackedWrite => ({
  key,
  tenant: merchant,
  api: undefined,
  parent: undefined,
  expiresAt: undefined,
  value,
  ...extra,
});

/** Strings shaped like those the encoding treats specially, and some that almost are. */
const strings = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  fc.uuid(),
  fc.uuid().map((uuid) => uuid.toUpperCase()),
  fc.stringMatching(/^[a-z_]{0,16}[0-9a-f]{32}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
  fc.constantFrom('sca_', 'Authorised', 'GBP', merchant, '', '-0', '{}', '[]', '{"a":1}', '{ "a": 1 }'),
  fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
  fc.jsonValue().map((value) => JSON.stringify(value, null, 1) ?? 'null'),
);

/** What the store's records hold: JSON's values, plus undefined members and -0. */
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(undefined, null, true, false, 0, -0, 2 ** 31, -(2 ** 31), 2 ** 53, 0.1, -1.5e300),
    fc.integer(),
    fc.double({ noNaN: true }),
    strings,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(strings, fc.constant('__proto__')), tie('value'), {
      maxKeys: 5,
      noNullPrototype: true,
    }),
  ),
})).value;

describe('PackedStore values', () => {
  it('should read back every value exactly, undefined members and -0 included', () => {
    const store = new PackedStore();
    fc.assert(
      fc.property(fc.uuid(), values, (id, value) => {
        const key = `${merchant}/${id}`;
        const position = store.write('thing', 'api', record(key, value));
        expect(store.liveValue(position, 0)).toStrictEqual(value);
        expect(store.read(store.position('thing', key), true).value).toStrictEqual(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('should give back a JSON text byte for byte, and one with spaces as it was', () => {
    const store = new PackedStore();
    const texts = [
      '{"authorisationId":"6d010770-feac-4771-b48c-a60a7d213b2e","result":"Authorised"}',
      '{ "a": 1 }',
    ];
    for (const text of texts) {
      const position = store.write('answer', 'api', record(text.slice(0, 8), [text]));
      expect(store.liveValue(position, 0)).toEqual([text]);
    }
  });

  it('should refer to the record key instead of repeating it, and still read it back', () => {
    const store = new PackedStore();
    const id = '6d010770-feac-4771-b48c-a60a7d213b2e';
    const position = store.write('authorisation', 'api', record(id, { authorisationId: id, other: id }));
    expect(store.liveValue(position, 0)).toEqual({ authorisationId: id, other: id });
    // Four bytes of block header, a flag, the key (17 bytes and a count), the tenant (a
    // dictionary number), the shape, and one byte per reference: far under two UUIDs' 72 characters.
    expect(store.bytes('authorisation')).toBeLessThanOrEqual(40);
  });

  it('should refuse what it cannot keep exactly, and change nothing', () => {
    const store = new PackedStore();
    store.write('thing', 'api', record('a', { kept: 1 }));
    for (const value of [new Date(0), { n: 1n }, { f: () => 1 }, new Map(), Symbol('s')])
      expect(() => store.write('thing', 'api', record('a', value))).toThrow(Unpackable);
    expect(store.liveValue(store.position('thing', 'a'), 0)).toEqual({ kept: 1 });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => store.write('thing', 'api', record('b', deep))).toThrow(Unpackable);
    expect(store.position('thing', 'b')).toBe(0);
  });

  it('should keep the dictionary to strings seen more than once, and bounded', () => {
    const store = new PackedStore();
    for (let i = 0; i < 100_000; i++)
      store.write(
        'order',
        'api',
        record(`${merchant}/${i}`, { orderReference: `unique-${i}`, currency: 'GBP' }),
      );
    // The merchant, 'GBP' and the key segments 0…99 999 are all unique but the first two.
    expect(store.dictionarySize).toBeLessThan(100);
    for (let i = 0; i < 200_000; i++)
      store.write('order', 'api', record(`${merchant}/x`, { a: `twice-${i % 100_000}` }));
    expect(store.dictionarySize).toBeLessThanOrEqual(1 << 16);
  });
});

describe('PackedStore tables', () => {
  type Step =
    | { readonly op: 'write'; readonly kind: string; readonly key: string; readonly value: unknown }
    | { readonly op: 'delete'; readonly kind: string; readonly key: string };
  const kinds = fc.constantFrom('authorisation', 'sca-token', 'idempotency-key');
  const keys = fc.oneof(
    fc.nat(300).map(String),
    fc.nat(300).map((n) => `${merchant}/${n}`),
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      op: fc.constant('write' as const),
      kind: kinds,
      key: keys,
      // Values of varied sizes, so rewrites move between blocks and reuse freed ones.
      value: fc.oneof(fc.nat(), fc.string({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 40 })),
    }),
    fc.record({ op: fc.constant('delete' as const), kind: kinds, key: keys }),
  );

  it('should behave as a Map per kind through growth, deletes and rewrites', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 3000 }), (steps) => {
        const store = new PackedStore();
        const model = new Map<string, Map<string, unknown>>();
        for (const s of steps) {
          let table = model.get(s.kind);
          if (table === undefined) {
            table = new Map();
            model.set(s.kind, table);
          }
          if (s.op === 'write') {
            store.write(s.kind, 'api', record(s.key, s.value));
            table.set(s.key, s.value);
          } else {
            expect(store.delete(s.kind, s.key)).toBe(table.delete(s.key));
          }
        }
        for (const [kind, table] of model) {
          expect(store.size(kind)).toBe(table.size);
          expect(store.positions(kind)).toHaveLength(table.size);
          for (const [key, value] of table) {
            const position = store.position(kind, key);
            expect(position).not.toBe(0);
            expect(store.liveValue(position, 0)).toStrictEqual(value);
          }
          for (const position of store.positions(kind))
            expect(table.has(store.read(position, false).key)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('should find every one of 200 000 records after the tables grew, and none of the deleted', () => {
    const store = new PackedStore();
    for (let i = 0; i < 200_000; i++) store.write('k', 'api', record(`${merchant}/${i}`, i));
    for (let i = 0; i < 200_000; i += 2) store.delete('k', `${merchant}/${i}`);
    for (let i = 0; i < 200_000; i += 1) {
      const position = store.position('k', `${merchant}/${i}`);
      if (i % 2 === 0) expect(position).toBe(0);
      else expect(store.liveValue(position, 0)).toBe(i);
    }
    expect(store.size('k')).toBe(100_000);
  });

  it('should reuse freed blocks rather than grow, and keep a rewrite that fits in place', () => {
    const store = new PackedStore();
    store.write('k', 'api', record('a', 'x'.repeat(100)));
    const arena = store.arenaBytes;
    for (let i = 0; i < 1000; i++) {
      store.write('k', 'api', record(`b${i % 10}`, 'y'.repeat(100)));
      store.delete('k', `b${i % 10}`);
      store.write('k', 'api', record('a', 'x'.repeat(100 - (i % 50))));
    }
    // Two blocks at most: a key segment is spelt out at its first sighting and numbered
    // from its second, so b0…b9's records come in two sizes.
    expect(store.arenaBytes - arena).toBeLessThanOrEqual(2 * 120);
    expect(store.liveValue(store.position('k', 'a'), 0)).toBe('x'.repeat(100 - (999 % 50)));
  });

  it('should keep the bookkeeping: tenant, API, parent and expiry', () => {
    const store = new PackedStore();
    const plain = store.write('k', 'api', record(`${merchant}/1`, 1));
    expect(store.read(plain, false)).toEqual({
      key: `${merchant}/1`,
      tenant: merchant,
      api: undefined,
      parent: undefined,
      expiresAt: undefined,
    });
    const full = store.write(
      'k',
      'api',
      record('2', 2, { tenant: 'owner/with/slashes', api: 'other', parent: 'p-1', expiresAt: 1.5e12 }),
    );
    expect(store.read(full, true)).toEqual({
      key: '2',
      tenant: 'owner/with/slashes',
      api: 'other',
      parent: 'p-1',
      expiresAt: 1.5e12,
      value: 2,
    });
    expect(store.liveValue(full, 1.5e12 - 1)).toBe(2);
    expect(store.liveValue(full, 1.5e12)).toBeUndefined();
  });
});
