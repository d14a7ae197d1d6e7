// Amounts and currencies of generated steps, described relative to the order
// ("a third of what remains", "0.01 over what is reversible") and resolved against
// the model when the step runs, so sequences keep hitting the interesting edges
// whatever came before. Resolution is in integer minor units.
import fc from 'fast-check';
import type { WireAmount } from '../requests.ts';

export type AmountSpec =
  | { readonly kind: 'fraction'; readonly num: number; readonly den: number }
  | { readonly kind: 'fixed'; readonly minor: number }
  | { readonly kind: 'above'; readonly extraMinor: number }
  | { readonly kind: 'invalid'; readonly raw: number };

export type CurrencySpec =
  | { readonly kind: 'order' }
  | { readonly kind: 'other'; readonly pick: number }
  | { readonly kind: 'invalid'; readonly value: string };

/** Amounts the document refuses (negative, 3 decimals, above the maximum), and 0 (refused for `amount`, D-13 elsewhere). */
export const invalidRawAmounts = [0, -1, -0.01, 0.001, 12.345, 100000000.01] as const;
/**
 * Currencies outside the enum: unknown, and known to money.ts but not to the contract.
 * A lower-case `sek` is left to the negative suite: refusing it is a SHOULD (D-28).
 */
export const invalidCurrencies = ['USD', 'GBP'] as const;

export function resolveAmount(spec: AmountSpec, basisMinor: number): WireAmount {
  switch (spec.kind) {
    case 'fraction':
      return { minor: Math.floor((basisMinor * spec.num) / spec.den) };
    case 'fixed':
      return { minor: spec.minor };
    case 'above':
      return { minor: basisMinor + spec.extraMinor };
    case 'invalid':
      return { raw: spec.raw };
  }
}

export function resolveCurrency(
  spec: CurrencySpec,
  orderCurrency: string,
  currencies: readonly string[],
): string {
  switch (spec.kind) {
    case 'order':
      return orderCurrency;
    case 'other': {
      const others = currencies.filter((c) => c !== orderCurrency);
      return others[spec.pick % others.length] ?? orderCurrency;
    }
    case 'invalid':
      return spec.value;
  }
}

export function describeAmount(spec: AmountSpec, basis: string): string {
  switch (spec.kind) {
    case 'fraction':
      return spec.num === spec.den ? `all ${basis}` : `${spec.num}/${spec.den} of ${basis}`;
    case 'fixed':
      return `${spec.minor} minor units`;
    case 'above':
      return `${basis} + ${spec.extraMinor} minor units`;
    case 'invalid':
      return `invalid ${spec.raw}`;
  }
}

export function describeCurrency(spec: CurrencySpec): string {
  switch (spec.kind) {
    case 'order':
      return "order's currency";
    case 'other':
      return 'another currency';
    case 'invalid':
      return `invalid currency ${JSON.stringify(spec.value)}`;
  }
}

const fraction = fc
  .record({ den: fc.constantFrom(1, 2, 3, 4, 7), num: fc.integer({ min: 1, max: 7 }) })
  .map(({ num, den }): AmountSpec => ({ kind: 'fraction', num: Math.min(num, den), den }));
const fixed = fc.integer({ min: 1, max: 200_000 }).map((minor): AmountSpec => ({ kind: 'fixed', minor }));
const above = fc
  .integer({ min: 1, max: 10_000 })
  .map((extraMinor): AmountSpec => ({ kind: 'above', extraMinor }));
const invalid = fc.constantFrom(...invalidRawAmounts).map((raw): AmountSpec => ({ kind: 'invalid', raw }));

export const validAmountSpec: fc.Arbitrary<AmountSpec> = fc.oneof(
  { weight: 5, arbitrary: fraction },
  { weight: 2, arbitrary: fixed },
  { weight: 1, arbitrary: above },
);

/** A capture's or reversal's amount and currency: mostly valid, sometimes one thing wrong. */
export const moneyMovement: fc.Arbitrary<{ amount: AmountSpec; currency: CurrencySpec }> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ amount: validAmountSpec, currency: fc.constant({ kind: 'order' } as const) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      amount: fraction,
      currency: fc.nat().map((pick): CurrencySpec => ({ kind: 'other', pick })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ amount: invalid, currency: fc.constant({ kind: 'order' } as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      amount: fraction,
      currency: fc
        .constantFrom(...invalidCurrencies)
        .map((value): CurrencySpec => ({ kind: 'invalid', value })),
    }),
  },
);

/** authorizationAmount of a created order, in minor units, up to the contract's maximum. */
export const authorizationMinor: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 500_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 100_000, 33_333, 10_000_000_000) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000_000_000 }) },
);
