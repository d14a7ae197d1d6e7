// Owns the sharing of short strings that many stored records repeat (an owner number,
// a merchant id, a tenant): a million orders of one owner hold one copy of its name,
// not a million (issue 11). Also owns flattening: V8 keeps a string built by `+` as a
// tree of pieces, three heap objects where one would do, and a store key lives as long
// as its record.

/** Beyond this many distinct strings the cache stops growing and hands strings back as they are. */
const capacity = 10_000;
const interned = new Map<string, string>();

/** One shared copy of `value` (the first one seen), while the cache has room. */
export function intern(value: string): string {
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size >= capacity) return value;
  const copy = flat(value);
  interned.set(copy, copy);
  return copy;
}

/**
 * A flat copy of `value`, equal to it. A JSON round trip is exact for every string and
 * is the one copy V8 is sure to make flat; it runs once per stored record, never per read.
 */
export function flat(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}
