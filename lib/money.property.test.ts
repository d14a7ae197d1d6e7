// Properties of the money module: parsing and formatting are exact inverses for
// every 2-decimal amount in the APIs' range, and arithmetic never leaves integers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  type Currency,
  hasAtMostDecimals,
  type MinorUnits,
  minor,
  parseMajor,
  subtract,
  toMajor,
} from './money.ts';

const currency = fc.constantFrom<Currency>('SEK', 'NOK', 'DKK', 'EUR');
const minorAmount = fc.integer({ min: 0, max: 10_000_000_000 });

describe('parseMajor', () => {
  it('should round-trip every minor amount through its JSON number', () => {
    fc.assert(
      fc.property(minorAmount, currency, (units, c) => {
        const major = JSON.parse(JSON.stringify(toMajor({ minor: units as MinorUnits, currency: c })));
        const parsed = parseMajor(major, c);
        expect(parsed).toEqual({ ok: true, money: { minor: units, currency: c } });
      }),
    );
  });

  it('should round-trip across the fast path and the decimal-string path (below and above 10^13)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), currency, (units, c) => {
        const major = JSON.parse(JSON.stringify(toMajor({ minor: units as MinorUnits, currency: c })));
        fc.pre(hasAtMostDecimals(major, 2));
        expect(parseMajor(major, c)).toEqual({ ok: true, money: { minor: units, currency: c } });
      }),
      { numRuns: 2000 },
    );
  });

  it('should reject a third decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), currency, (thousandths, c) => {
        fc.pre(thousandths % 10 !== 0);
        const parsed = parseMajor(thousandths / 1000, c);
        expect(parsed).toEqual({ ok: false, reason: 'too-many-decimals' });
      }),
    );
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('should reject %s', (value) => {
    expect(parseMajor(value, 'SEK')).toEqual({ ok: false, reason: 'not-a-number' });
  });

  it('should not drift where floats do: 1000 - 333.33 is 666.67', () => {
    const total = parseMajor(1000, 'SEK');
    const part = parseMajor(333.33, 'SEK');
    if (!total.ok || !part.ok) throw new Error('parse failed');
    expect(1000 - 333.33).not.toBe(666.67);
    expect(toMajor({ minor: subtract(total.money.minor, part.money.minor), currency: 'SEK' })).toBe(666.67);
  });
});

/** The definition the fast path must agree with: the number equals its own rounding to `decimals`. */
const byText = (value: number, decimals: number) =>
  Number.isFinite(value) &&
  (Math.abs(value) >= 1e21 ? Number.isInteger(value) : Number(value.toFixed(decimals)) === value);

/** The double `steps` representable values away from `value` (same sign, finite, not zero). */
function nudge(value: number, steps: number): number {
  const bits = new BigInt64Array(new Float64Array([value]).buffer);
  bits[0] = (bits[0] as bigint) + BigInt(steps);
  return new Float64Array(bits.buffer)[0] as number;
}

describe('hasAtMostDecimals', () => {
  it('should agree with Number(value.toFixed(decimals)) === value everywhere, its fast path too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.oneof(
          fc.double(),
          // Decimals exactly, a few representable values either side, and the fast path's edge.
          fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }).map((n) => ({ n })),
          fc.tuple(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: -3, max: 3 })),
        ),
        (decimals, drawn) => {
          const scale = 10 ** decimals;
          let value: number;
          if (typeof drawn === 'number') value = drawn;
          else if (Array.isArray(drawn)) {
            const exact = drawn[0] / scale;
            value = exact === 0 ? exact : nudge(exact, drawn[1]);
          } else value = (drawn.n % 2 === 0 ? 2 ** 49 / scale : drawn.n / scale) * (drawn.n < 0 ? -1 : 1);
          expect(hasAtMostDecimals(value, decimals)).toBe(byText(value, decimals));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it.each([
    [0.07, true],
    [1.13, true],
    [0.1 + 0.2, false],
    [10.005, false],
    [1e-7, false],
    [1e21, true],
  ])('should say %s has at most 2 decimals: %s', (value, expected) => {
    expect(hasAtMostDecimals(value, 2)).toBe(expected);
  });
});

describe('arithmetic', () => {
  it('should keep sums exact and refuse to go below zero', () => {
    fc.assert(
      fc.property(minorAmount, minorAmount, (a, b) => {
        expect(add(minor(a), minor(b))).toBe(a + b);
        if (a >= b) expect(subtract(minor(a), minor(b))).toBe(a - b);
        else expect(() => subtract(minor(a), minor(b))).toThrow(RangeError);
      }),
    );
  });

  it('should refuse a fractional minor amount', () => {
    expect(() => minor(1.5)).toThrow(RangeError);
  });
});
