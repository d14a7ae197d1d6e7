// Money: integer minor units with a currency, the only place amounts are converted.
// It owns parsing JSON numbers (major units) into minor units, formatting them back,
// and the checked arithmetic used by every lifecycle. Floats exist only in
// `parseMajor` and `toMajor`, at the JSON edge; nothing else divides or multiplies
// money.

/** An integer count of the currency's smallest unit (öre, cent). */
export type MinorUnits = number & { readonly __brand: 'MinorUnits' };

/** ISO 4217 exponents of the currencies the two APIs use. */
const EXPONENTS = { SEK: 2, NOK: 2, DKK: 2, EUR: 2, GBP: 2 } as const;
export type Currency = keyof typeof EXPONENTS;

export interface Money {
  readonly minor: MinorUnits;
  readonly currency: Currency;
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(EXPONENTS, value);
}

/**
 * Whether a JSON number has at most `decimals` decimal places. Compares the number with
 * its own rounding, so 0.07 (stored as 0.07000000000000000666) passes where a float
 * `multipleOf: 0.01` check would fail.
 */
export function hasAtMostDecimals(value: number, decimals: number): boolean {
  if (!Number.isFinite(value)) return false;
  const scale = 10 ** decimals;
  // Below 2^49 once scaled, round(value × scale) is the integer toFixed would pick (the
  // double is within an eighth of it) and dividing back gives the double nearest that
  // decimal, as Number(toFixed) does: the same answer without building a string, which
  // costs a tenth of a microsecond per amount (issue 11). Larger values take toFixed.
  if (Math.abs(value) * scale < 2 ** 49) return Math.round(value * scale) / scale === value;
  if (Math.abs(value) >= 1e21) return Number.isInteger(value);
  return Number(value.toFixed(decimals)) === value;
}

export type ParseFailure = 'not-a-number' | 'too-many-decimals' | 'unsafe-integer';

/** Converts a major-unit JSON number (e.g. 1000.5) into minor units (100050). */
export function parseMajor(
  value: number,
  currency: Currency,
): { ok: true; money: Money } | { ok: false; reason: ParseFailure } {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: 'not-a-number' };
  const exponent = EXPONENTS[currency];
  if (!hasAtMostDecimals(value, exponent)) return { ok: false, reason: 'too-many-decimals' };
  // With at most `exponent` decimals, value × 10^exponent is within a hair of an integer
  // while it stays far below 2^53 (below 10^13 the error is under 0.01 of a unit), so
  // rounding it gives the minor units exactly. Beyond that, read the digits from the
  // decimal string, where no float rounding can move a unit.
  if (Math.abs(value) < 1e13) {
    const scaled = Math.round(value * 10 ** exponent);
    return { ok: true, money: { minor: (scaled === 0 ? 0 : scaled) as MinorUnits, currency } };
  }
  const text = Math.abs(value).toFixed(exponent);
  const [whole = '0', fraction = ''] = text.split('.');
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'unsafe-integer' };
  return { ok: true, money: { minor: (value < 0 ? -minor : minor) as MinorUnits, currency } };
}

/** Converts minor units back into the major-unit JSON number. */
export function toMajor(money: Money): number {
  const exponent = EXPONENTS[money.currency];
  // Division by a power of ten gives the double nearest the decimal value, which
  // JSON.stringify prints in its shortest exact form (33333 -> 333.33).
  return money.minor / 10 ** exponent;
}

export function minor(value: number): MinorUnits {
  assertMinor(value);
  return value as MinorUnits;
}

export function add(a: MinorUnits, b: MinorUnits): MinorUnits {
  return minor(a + b);
}

/** a − b; a negative result is a bug in the caller's guard, not an expected failure. */
export function subtract(a: MinorUnits, b: MinorUnits): MinorUnits {
  const result = a - b;
  if (result < 0) throw new RangeError(`money: ${a} - ${b} would be negative`);
  return minor(result);
}

/** Formats for people: "1 000.50 SEK" is left to the page; this gives "1000.50 SEK". */
export function format(money: Money): string {
  const exponent = EXPONENTS[money.currency];
  return `${toMajor(money).toFixed(exponent)} ${money.currency}`;
}

function assertMinor(value: number): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`money: ${value} is not a safe integer of minor units`);
}
