// Identifiers, the mock's only source of randomness: problem `Instance` UUIDs and the
// UUID-shaped resource ids (authorisations, transactions, tokens). Seeded, so a run with
// the same seed and the same requests hands out the same ids (a failing test can be
// replayed exactly). Numbered ids (orders, captures) come from the store's sequences.

export interface IdSource {
  /** A version-4-shaped UUID drawn from the seeded generator. */
  uuid(): string;
}

/** mulberry32: a tiny, well-distributed 32-bit PRNG; plenty for ids, not for secrets. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const hex = (n: number) => n.toString(16).padStart(8, '0');

/**
 * `instance` (> 0) is a number no other process sharing the store holds: it fills the
 * UUID's last 32 bits, so two instances cannot draw the same UUID whatever their seeds
 * (their generators walk the same 2^32 cycle, from offsets that may meet). 0, the
 * in-memory store's, keeps every bit seeded, so a run replays exactly.
 */
export function seededIds(seed: number, instance = 0): IdSource {
  const random = mulberry32(instance === 0 ? seed : seed ^ Math.imul(instance, 0x9e3779b9));
  const last = instance === 0 ? undefined : hex(instance >>> 0);
  return {
    uuid() {
      const h = hex(random()) + hex(random()) + hex(random()) + (last ?? hex(random()));
      const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
