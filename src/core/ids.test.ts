// Seeded ids: exact replay on one store, and no UUID drawn twice by instances sharing one.
import { describe, expect, it } from 'vitest';
import { seededIds } from './ids.ts';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const draw = (source: ReturnType<typeof seededIds>, n: number) =>
  Array.from({ length: n }, () => source.uuid());

describe('seededIds', () => {
  it('should hand out the same version-4 UUIDs for the same seed, and others for another', () => {
    const first = draw(seededIds(7), 100);
    expect(draw(seededIds(7), 100)).toEqual(first);
    expect(new Set(first).size).toBe(100);
    for (const id of first) expect(id).toMatch(uuidV4);
    expect(draw(seededIds(8), 100)).not.toEqual(first);
  });

  it('should never give two instances the same UUID, even when their generators walk the same stretch', () => {
    // mulberry32's state is a counter stepped by this constant: a seed 3 steps further
    // starts exactly one UUID later on the same walk (an instance's UUID draws 3 numbers).
    const step = 0x6d2b79f5;
    const mixed = (seed: number, instance: number) => (seed ^ Math.imul(instance, 0x9e3779b9)) >>> 0;
    const seedA = 1;
    const seedB = (((mixed(seedA, 1) + 3 * step) >>> 0) ^ Math.imul(2, 0x9e3779b9)) >>> 0;
    expect(mixed(seedB, 2)).toBe((mixed(seedA, 1) + 3 * step) >>> 0);

    const a = draw(seededIds(seedA, 1), 50);
    const b = draw(seededIds(seedB, 2), 50);
    // The same random bits one UUID apart; only the instance's bits tell them apart.
    expect(b[0]?.slice(0, 24)).toBe(a[1]?.slice(0, 24));
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(a[0]?.endsWith('00000001')).toBe(true);
    expect(b[0]?.endsWith('00000002')).toBe(true);
    for (const id of [...a, ...b]) expect(id).toMatch(uuidV4);
  });
});
