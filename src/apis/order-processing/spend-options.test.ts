// The spend-option arithmetic on known values (including the half-up and float
// traps), which options a basket gets, and the published filters and orderBy.
import { describe, expect, it } from 'vitest';
import { type MinorUnits, minor } from '../../../lib/money.ts';
import {
  basketWithNonPositiveInstalment,
  filterOptions,
  type InstalmentOptionConfig,
  illustrate,
  instalments,
  type OfferedSpendOption,
  offeredOptions,
  orderOptions,
  rateInMillionths,
  type SpendOptionConfig,
  spendOptions,
} from './spend-options.ts';

const p = (n: number): MinorUnits => minor(n);

const fees = {
  endDate: '2030-12-31T23:59:59+00:00',
  settlementPercentage: 0.05,
  refundPercentage: 0.1,
  chargebackPercentage: 0.1,
};

const instalment = (over: Partial<InstalmentOptionConfig> & { offerId: string }): InstalmentOptionConfig => ({
  ...fees,
  name: `option ${over.offerId}`,
  description: '',
  offerCode: `code-${over.offerId}`,
  offerStatus: 'Active',
  offerSource: 'Product',
  spendType: 'Instalment',
  interestRate: 0,
  duration: 6,
  minimumBasket: p(5000),
  ...over,
});

const options: SpendOptionConfig[] = [
  instalment({ offerId: 'six', duration: 6, minimumBasket: p(5000) }),
  instalment({ offerId: 'twelve', duration: 12, interestRate: 0.199, minimumBasket: p(10000) }),
  instalment({ offerId: 'promo', duration: 24, offerSource: 'Promotional', minimumBasket: p(25000) }),
  {
    ...fees,
    name: 'revolving',
    description: '',
    offerId: 'purchase',
    offerCode: 'rev',
    spendType: 'Purchase',
    interestRate: 0.299,
  },
];

describe('illustrate', () => {
  it.each([
    ['100.00 at 19.9 % over 12 months', { given: [10000, 0.199, 12], want: [1990, 11990, 1000] }],
    ['100.00 at 0 % over 6 months', { given: [10000, 0, 6], want: [0, 10000, 1667] }],
    ['a half penny rounds up (2.5p)', { given: [125, 0.02, 12], want: [3, 128, 11] }],
    ['999.975p rounds up to 1000p', { given: [10050, 0.199, 6], want: [1000, 11050, 1842] }],
    ['762.45p rounds down', { given: [2550, 0.299, 12], want: [762, 3312, 276] }],
    [
      '14.5p exactly, which float arithmetic makes 14.4999…',
      { given: [100, 0.145, 12], want: [15, 115, 10] },
    ],
    ['an exact division leaves no remainder', { given: [1200, 0, 12], want: [0, 1200, 100] }],
  ])('should illustrate %s', (_, { given, want }) => {
    // Arrange
    const [basket = 0, rate = 0, duration = 1] = given;
    // Act
    const illustration = illustrate(p(basket), rate, duration);
    // Assert
    expect([illustration.interestToPay, illustration.totalRepayable, illustration.monthlyPayment]).toEqual(
      want,
    );
  });

  it('should refuse a duration that is not a positive whole number', () => {
    expect(() => illustrate(p(100), 0, 0)).toThrow(RangeError);
    expect(() => illustrate(p(100), 0, 1.5)).toThrow(RangeError);
  });
});

describe('rateInMillionths', () => {
  it('should read a rate as exact millionths', () => {
    expect([
      rateInMillionths(0.199),
      rateInMillionths(0),
      rateInMillionths(1),
      rateInMillionths(0.000001),
    ]).toEqual([199000n, 0n, 1000000n, 1n]);
  });

  it.each([[0.1234567], [-0.1], [1.5], [Number.NaN]])('should refuse %s', (rate) => {
    expect(() => rateInMillionths(rate)).toThrow(RangeError);
  });
});

describe('instalments', () => {
  it('should repeat monthlyPayment and end with the smaller remainder', () => {
    expect(instalments(illustrate(p(10000), 0, 6), 6)).toEqual([1667, 1667, 1667, 1667, 1667, 1665]);
  });
});

describe('basketWithNonPositiveInstalment', () => {
  it('should find a basket whose last instalment would be 0 or less', () => {
    // 1p over 6 months: 1p a month, and the sixth instalment would be 1 − 5 = −4p.
    expect(
      basketWithNonPositiveInstalment(instalment({ offerId: 'x', duration: 6, minimumBasket: p(1) })),
    ).toBe(1);
    // 25p over 6 months: 5p a month, and the sixth would be 25 − 25 = 0p.
    expect(
      basketWithNonPositiveInstalment(instalment({ offerId: 'x', duration: 6, minimumBasket: p(25) })),
    ).toBe(25);
    // From 26p on every basket works, so the first bad one at or above 26 is none.
    expect(
      basketWithNonPositiveInstalment(instalment({ offerId: 'x', duration: 6, minimumBasket: p(26) })),
    ).toBe(undefined);
  });

  it('should find none from duration × (duration − 1) pence on', () => {
    expect(
      basketWithNonPositiveInstalment(instalment({ offerId: 'x', duration: 24, minimumBasket: p(552) })),
    ).toBe(undefined);
  });
});

describe('offeredOptions', () => {
  it.each([
    ['a basket below every minimum gets only Purchase', { given: 4999, want: ['purchase'] }],
    ['a basket at a minimum gets that option', { given: 5000, want: ['six', 'purchase'] }],
    ['a 100.00 basket gets 6 and 12 months', { given: 10000, want: ['six', 'twelve', 'purchase'] }],
    ['a 250.00 basket gets everything', { given: 25000, want: ['six', 'twelve', 'promo', 'purchase'] }],
  ])('should offer: %s', (_, { given, want }) => {
    expect(offeredOptions(options, p(given), false).map((o) => o.offerId)).toEqual(want);
  });

  it('should give Instalment options an illustration and duration, and Purchase neither', () => {
    const [six, purchase] = offeredOptions(options, p(6000), false);
    expect(six).toMatchObject({ duration: 6, illustration: { monthlyPayment: 1000, totalRepayable: 6000 } });
    expect(purchase).not.toHaveProperty('illustration');
    expect(purchase).not.toHaveProperty('duration');
  });

  it('should add spendOptionId equal to offerId only when asked', () => {
    expect(offeredOptions(options, p(10000), true).map((o) => o.spendOptionId)).toEqual([
      'six',
      'twelve',
      'purchase',
    ]);
    expect(offeredOptions(options, p(10000), false).some((o) => 'spendOptionId' in o)).toBe(false);
  });
});

describe('filterOptions', () => {
  const all = offeredOptions(options, p(30000), false);
  it.each([
    ['no filter', { given: {}, want: ['six', 'twelve', 'promo', 'purchase'] }],
    [
      'false filters filter nothing',
      { given: { promoOnly: false, zeroPercentOnly: false }, want: ['six', 'twelve', 'promo', 'purchase'] },
    ],
    ['zeroPercentOnly', { given: { zeroPercentOnly: true }, want: ['six', 'promo'] }],
    ['promoOnly', { given: { promoOnly: true }, want: ['promo'] }],
    ['spendType Purchase', { given: { spendType: 'Purchase' as const }, want: ['purchase'] }],
    [
      'spendType Instalment',
      { given: { spendType: 'Instalment' as const }, want: ['six', 'twelve', 'promo'] },
    ],
    [
      'promoOnly and spendType Purchase',
      { given: { promoOnly: true, spendType: 'Purchase' as const }, want: [] },
    ],
  ])('should keep, for %s, the matching options', (_, { given, want }) => {
    expect(filterOptions(all, given).map((o) => o.offerId)).toEqual(want);
  });
});

describe('orderOptions', () => {
  const all = offeredOptions(options, p(30000), false);
  it('should sort by ascending monthlyPayment with Purchase last', () => {
    // 6 months: 50.00; 12 months: 29.98 (300 + 59.70 interest); 24 months: 12.50.
    expect(orderOptions(all, 'InstalmentPaymentAmount').map((o) => o.offerId)).toEqual([
      'promo',
      'twelve',
      'six',
      'purchase',
    ]);
  });

  it('should keep the configured order without orderBy', () => {
    expect(orderOptions(all, undefined).map((o) => o.offerId)).toEqual([
      'six',
      'twelve',
      'promo',
      'purchase',
    ]);
  });

  it('should keep the configured order among equal payments', () => {
    const same: OfferedSpendOption[] = ['a', 'b', 'c'].map((id) => ({
      ...all[0],
      offerId: id,
    })) as OfferedSpendOption[];
    expect(orderOptions(same, 'InstalmentPaymentAmount').map((o) => o.offerId)).toEqual(['a', 'b', 'c']);
  });
});

describe('spendOptions', () => {
  it('should offer, filter and order in one step', () => {
    const answer = spendOptions(
      options,
      p(30000),
      { zeroPercentOnly: true, orderBy: 'InstalmentPaymentAmount' },
      true,
    );
    expect(answer.map((o) => [o.offerId, o.spendOptionId])).toEqual([
      ['promo', 'promo'],
      ['six', 'six'],
    ]);
  });
});
