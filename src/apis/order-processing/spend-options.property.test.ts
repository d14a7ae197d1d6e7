// Properties of the spend-option arithmetic, filters and ordering, over random
// baskets, rates and durations, and over every option of the sandbox data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minor } from '../../../lib/money.ts';
import { loadSandboxData } from './sandbox-data.ts';
import {
  filterOptions,
  type InstalmentOptionConfig,
  illustrate,
  instalments,
  offeredOptions,
  orderOptions,
  type SpendOptionConfig,
  type SpendOptionQuery,
} from './spend-options.ts';

const data = await loadSandboxData();
const configured: InstalmentOptionConfig[] = [...data.products.values()].flatMap((p) =>
  p.options.filter((o): o is InstalmentOptionConfig => o.spendType === 'Instalment'),
);

const basket = fc.integer({ min: 1, max: 10_000_000 }).map(minor);
const millionths = fc.integer({ min: 0, max: 1_000_000 });
const duration = fc.integer({ min: 1, max: 120 });

describe('illustrate', () => {
  it('should make totalRepayable exactly basket + interestToPay', () => {
    fc.assert(
      fc.property(basket, millionths, duration, (b, k, d) => {
        const i = illustrate(b, k / 1_000_000, d);
        expect(i.totalRepayable).toBe(b + i.interestToPay);
      }),
    );
  });

  it('should round interestToPay to the nearest penny, half up', () => {
    fc.assert(
      fc.property(basket, millionths, duration, (b, k, d) => {
        const { interestToPay } = illustrate(b, k / 1_000_000, d);
        // |interest − b·k·d / (12·10^6)| ≤ 1/2, with .5 going up, in integers:
        // −6·10^6 < 12·10^6·interest − b·k·d ≤ 6·10^6.
        const error = 12_000_000n * BigInt(interestToPay) - BigInt(b) * BigInt(k) * BigInt(d);
        expect(error > -6_000_000n && error <= 6_000_000n).toBe(true);
      }),
    );
  });

  it('should make monthlyPayment × duration − totalRepayable lie in [0, duration)', () => {
    fc.assert(
      fc.property(basket, millionths, duration, (b, k, d) => {
        const i = illustrate(b, k / 1_000_000, d);
        const over = i.monthlyPayment * d - i.totalRepayable;
        expect(over).toBeGreaterThanOrEqual(0);
        expect(over).toBeLessThan(d);
      }),
    );
  });

  it('should charge no interest at rate 0', () => {
    fc.assert(
      fc.property(basket, duration, (b, d) => {
        const i = illustrate(b, 0, d);
        expect([i.interestToPay, i.totalRepayable]).toEqual([0, b]);
      }),
    );
  });

  it('should keep every instalment positive for every basket at or above a configured minimumBasket', () => {
    expect(configured.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.constantFrom(...configured), fc.integer({ min: 0, max: 2_000_000 }), (option, extra) => {
        const b = minor(Math.max(option.minimumBasket, 1) + extra);
        const schedule = instalments(illustrate(b, option.interestRate, option.duration), option.duration);
        expect(schedule.every((payment) => payment > 0)).toBe(true);
      }),
    );
  });
});

const query: fc.Arbitrary<SpendOptionQuery> = fc.record(
  {
    promoOnly: fc.boolean(),
    zeroPercentOnly: fc.boolean(),
    spendType: fc.constantFrom('Instalment' as const, 'Purchase' as const),
    orderBy: fc.constant('InstalmentPaymentAmount' as const),
  },
  { requiredKeys: [] },
);

const fees = {
  endDate: fc.constant('2030-12-31T23:59:59+00:00'),
  settlementPercentage: fc.constant(0.05),
  refundPercentage: fc.constant(0.1),
  chargebackPercentage: fc.constant(0.1),
};

const option: fc.Arbitrary<SpendOptionConfig> = fc.oneof(
  fc.record({
    ...fees,
    name: fc.constant('i'),
    description: fc.constant(''),
    offerId: fc.uuid(),
    offerCode: fc.constant('c'),
    offerStatus: fc.constant('Active' as const),
    offerSource: fc.constantFrom('Product' as const, 'Promotional' as const),
    spendType: fc.constant('Instalment' as const),
    interestRate: fc.constantFrom(0, 0.199, 0.299, 0.05),
    duration: fc.integer({ min: 1, max: 48 }),
    minimumBasket: fc.integer({ min: 2256, max: 50_000 }).map(minor),
  }),
  fc.record({
    ...fees,
    name: fc.constant('p'),
    description: fc.constant(''),
    offerId: fc.uuid(),
    offerCode: fc.constant('c'),
    spendType: fc.constant('Purchase' as const),
    interestRate: fc.constantFrom(0, 0.299),
  }),
);

describe('filterOptions and orderOptions', () => {
  it('should return a subset, each member matching every filter', () => {
    fc.assert(
      fc.property(fc.array(option, { maxLength: 8 }), basket, query, (config, b, q) => {
        const offered = offeredOptions(config, b, false);
        const kept = filterOptions(offered, q);
        expect(kept.every((o) => offered.includes(o))).toBe(true);
        for (const o of kept) {
          if (q.zeroPercentOnly) expect(o.interestRate).toBe(0);
          if (q.promoOnly) expect(o.offerSource).toBe('Promotional');
          if (q.spendType) expect(o.spendType).toBe(q.spendType);
        }
      }),
    );
  });

  it('should sort by ascending monthlyPayment with every Purchase option last, losing none', () => {
    fc.assert(
      fc.property(fc.array(option, { maxLength: 8 }), basket, (config, b) => {
        const offered = offeredOptions(config, b, false);
        const sorted = orderOptions(offered, 'InstalmentPaymentAmount');
        expect([...sorted].sort(byId)).toEqual([...offered].sort(byId));
        const payments = sorted.map((o) => o.illustration?.monthlyPayment ?? Number.POSITIVE_INFINITY);
        for (let i = 1; i < payments.length; i++) {
          expect(payments[i]).toBeGreaterThanOrEqual(payments[i - 1] ?? 0);
        }
        const firstPurchase = sorted.findIndex((o) => o.spendType === 'Purchase');
        if (firstPurchase >= 0)
          expect(sorted.slice(firstPurchase).every((o) => o.spendType === 'Purchase')).toBe(true);
      }),
    );
  });
});

const byId = (a: { offerId: string }, b: { offerId: string }) => a.offerId.localeCompare(b.offerId);
