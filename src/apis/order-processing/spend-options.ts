// Spend options of the Order Processing mock as pure functions: the illustration
// of an Instalment option for a basket, which configured options a basket gets,
// the published filters and orderBy, and spendOptionId for the customerRef variant.
// Amounts are pence throughout; the HTTP edge renders them as Amount. The
// arithmetic is exact: rates are read as whole millionths and every product is a
// BigInt, so no float rounding can move a penny.
import type {
  InstalmentOption,
  OfferSource,
  OfferStatus,
  PurchaseOption,
} from '../../../generated/order-processing.sandbox-data.schema.ts';
import { hasAtMostDecimals, type MinorUnits, minor } from '../../../lib/money.ts';

/** A configured Instalment option, its minimum basket in pence. */
export type InstalmentOptionConfig = Readonly<Omit<InstalmentOption, 'minimumBasket'>> & {
  readonly minimumBasket: MinorUnits;
};
export type PurchaseOptionConfig = Readonly<PurchaseOption>;
export type SpendOptionConfig = InstalmentOptionConfig | PurchaseOptionConfig;

export type SpendType = SpendOptionConfig['spendType'];
export type OrderBy = 'InstalmentPaymentAmount';

export interface Illustration {
  readonly monthlyPayment: MinorUnits;
  readonly interestToPay: MinorUnits;
  readonly totalRepayable: MinorUnits;
}

/** A spend option as the API answers it, amounts still in pence. */
export interface OfferedSpendOption {
  readonly name: string;
  readonly description: string;
  readonly offerId: string;
  readonly offerCode: string;
  readonly offerStatus?: OfferStatus;
  readonly offerSource?: OfferSource;
  readonly spendType: SpendType;
  readonly interestRate: number;
  /** Only in SpendOptionsForCustomerRef's answer; equal to offerId, as in the public sample. */
  readonly spendOptionId?: string;
  /** Months; Instalment only. */
  readonly duration?: number;
  /** Instalment only. */
  readonly illustration?: Illustration;
  readonly endDate: string;
  readonly settlementPercentage: number;
  readonly refundPercentage: number;
  readonly chargebackPercentage: number;
}

/** The published query parameters, parsed; an absent or false filter filters nothing. */
export interface SpendOptionQuery {
  readonly promoOnly?: boolean | undefined;
  readonly zeroPercentOnly?: boolean | undefined;
  readonly spendType?: SpendType | undefined;
  readonly orderBy?: OrderBy | undefined;
}

const MILLION = 1_000_000n;

/**
 * A rate (a fraction with at most 6 decimals, as the sandbox data schema allows)
 * as whole millionths. Anything else is a bug in the data loader, not an input.
 */
export function rateInMillionths(rate: number): bigint {
  if (!(rate >= 0 && rate <= 1) || !hasAtMostDecimals(rate, 6)) {
    throw new RangeError(`spend options: interest rate ${rate} is not a fraction with at most 6 decimals`);
  }
  // rate × 10^6 lies within far less than 0.5 of the integer it stands for.
  return BigInt(Math.round(rate * 1_000_000));
}

/** interestToPay = round-half-up(basket × rate × duration / 12), exactly. */
export function interestToPay(basket: MinorUnits, interestRate: number, duration: number): MinorUnits {
  const numerator = BigInt(basket) * rateInMillionths(interestRate) * BigInt(duration);
  const denominator = 12n * MILLION;
  // Half up for a non-negative value: floor((2n + d) / 2d).
  return minor(Number((2n * numerator + denominator) / (2n * denominator)));
}

/** The illustration of an Instalment option for a basket (all pence). */
export function illustrate(basket: MinorUnits, interestRate: number, duration: number): Illustration {
  if (!Number.isSafeInteger(duration) || duration < 1) {
    throw new RangeError(`spend options: duration ${duration} is not a positive whole number of months`);
  }
  const interest = interestToPay(basket, interestRate, duration);
  const total = BigInt(basket) + BigInt(interest);
  const months = BigInt(duration);
  return {
    monthlyPayment: minor(Number((total + months - 1n) / months)),
    interestToPay: interest,
    totalRepayable: minor(Number(total)),
  };
}

/**
 * The repayment schedule an illustration implies: duration − 1 payments of
 * monthlyPayment, then whatever is left (smaller, and possibly not positive when
 * the basket is too small for the duration, which is what minimumBasket prevents).
 */
export function instalments(illustration: Illustration, duration: number): number[] {
  const last = illustration.totalRepayable - illustration.monthlyPayment * (duration - 1);
  return [...Array.from({ length: duration - 1 }, () => illustration.monthlyPayment as number), last];
}

/**
 * A basket at or above the option's minimum whose schedule has an instalment ≤ 0,
 * or undefined when there is none. Only baskets below duration × (duration − 1)
 * pence can have one (from there on the last instalment is at least the remainder
 * of the division), so the search is short.
 */
export function basketWithNonPositiveInstalment(option: InstalmentOptionConfig): MinorUnits | undefined {
  const safeFrom = option.duration * (option.duration - 1);
  for (let basket = Math.max(option.minimumBasket, 1); basket < safeFrom; basket++) {
    const schedule = instalments(
      illustrate(minor(basket), option.interestRate, option.duration),
      option.duration,
    );
    if (schedule.some((payment) => payment <= 0)) return minor(basket);
  }
  return undefined;
}

/** Instalment options from their minimumBasket on; a Purchase option for every basket. */
export function isOffered(option: SpendOptionConfig, basket: MinorUnits): boolean {
  return option.spendType === 'Purchase' || basket >= option.minimumBasket;
}

/** One configured option as answered for this basket. */
export function offerFor(
  option: SpendOptionConfig,
  basket: MinorUnits,
  withSpendOptionId: boolean,
): OfferedSpendOption {
  const published = {
    name: option.name,
    description: option.description,
    offerId: option.offerId,
    offerCode: option.offerCode,
    ...(option.offerStatus === undefined ? {} : { offerStatus: option.offerStatus }),
    ...(option.offerSource === undefined ? {} : { offerSource: option.offerSource }),
    spendType: option.spendType,
    interestRate: option.interestRate,
    ...(withSpendOptionId ? { spendOptionId: option.offerId } : {}),
  };
  const fees = {
    endDate: option.endDate,
    settlementPercentage: option.settlementPercentage,
    refundPercentage: option.refundPercentage,
    chargebackPercentage: option.chargebackPercentage,
  };
  if (option.spendType === 'Purchase') return { ...published, ...fees };
  return {
    ...published,
    duration: option.duration,
    illustration: illustrate(basket, option.interestRate, option.duration),
    ...fees,
  };
}

/** The options a basket gets, in the configured order. */
export function offeredOptions(
  options: readonly SpendOptionConfig[],
  basket: MinorUnits,
  withSpendOptionId: boolean,
): OfferedSpendOption[] {
  return options.filter((o) => isOffered(o, basket)).map((o) => offerFor(o, basket, withSpendOptionId));
}

/** zeroPercentOnly (interestRate 0), promoOnly (offerSource Promotional), spendType. */
export function filterOptions(
  options: readonly OfferedSpendOption[],
  query: SpendOptionQuery,
): OfferedSpendOption[] {
  return options.filter(
    (o) =>
      (query.zeroPercentOnly !== true || o.interestRate === 0) &&
      (query.promoOnly !== true || o.offerSource === 'Promotional') &&
      (query.spendType === undefined || o.spendType === query.spendType),
  );
}

/**
 * orderBy=InstalmentPaymentAmount: ascending monthlyPayment, Purchase options (no
 * illustration) last; ties keep the configured order. Without orderBy nothing moves.
 */
export function orderOptions(
  options: readonly OfferedSpendOption[],
  orderBy: OrderBy | undefined,
): OfferedSpendOption[] {
  if (orderBy === undefined) return [...options];
  const key = (o: OfferedSpendOption) => o.illustration?.monthlyPayment ?? Number.POSITIVE_INFINITY;
  return [...options].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x === y ? 0 : x < y ? -1 : 1;
  });
}

/** SpendOptionsForProduct (withSpendOptionId false) and SpendOptionsForCustomerRef (true). */
export function spendOptions(
  options: readonly SpendOptionConfig[],
  basket: MinorUnits,
  query: SpendOptionQuery,
  withSpendOptionId: boolean,
): OfferedSpendOption[] {
  return orderOptions(
    filterOptions(offeredOptions(options, basket, withSpendOptionId), query),
    query.orderBy,
  );
}
