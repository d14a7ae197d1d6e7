// Judging a spend-options answer, in pence, without a server: every illustration
// adds up by what its members mean (OP-SPO-001, MUST: the total is the basket plus
// the interest, the monthly payments come to the total within a penny a month, and a
// 0 rate costs nothing), our arithmetic (OP-SPO-003), the filters and the order
// (OP-SPO-004), and the spendOptionId of each variant (OP-SPO-002, OP-SPO-005).
import { parseMajor } from '../../lib/money.ts';
import type { CheckId } from '../catalogue.ts';
import type { Failure } from '../results.ts';
import { gbp } from './oracle.ts';

export interface SpendOptionQuery {
  readonly basketMinor: number;
  readonly promoOnly?: boolean;
  readonly zeroPercentOnly?: boolean;
  readonly spendType?: 'Instalment' | 'Purchase';
  readonly orderBy?: 'InstalmentPaymentAmount';
}

export interface SpendOptionsJudgement {
  readonly evaluated: CheckId[];
  readonly failures: Failure[];
}

type Option = Record<string, unknown>;

/** Pence of an Amount, or undefined when it is not one (OP-AMT-001 says why). */
function pence(amount: unknown): number | undefined {
  const value = (amount as { value?: unknown } | undefined)?.value;
  if (typeof value !== 'number') return undefined;
  const parsed = parseMajor(value, 'GBP');
  return parsed.ok ? parsed.money.minor : undefined;
}

/** round-half-up(basket × rate × months / 12) in pence, exactly: the rate read as a decimal fraction. */
export function interestMinor(basketMinor: number, rate: number, months: number): number {
  const [whole = '0', fraction = ''] = rate.toFixed(8).replace(/0+$/, '').split('.');
  const scale = 10n ** BigInt(fraction.length);
  const numerator = BigInt(basketMinor) * BigInt(`${whole}${fraction}`) * BigInt(months);
  const denominator = 12n * scale;
  return Number((2n * numerator + denominator) / (2n * denominator));
}

export function judgeSpendOptions(
  body: unknown,
  query: SpendOptionQuery,
  variant: 'customer' | 'product',
  operationId: string,
  n: number,
): SpendOptionsJudgement {
  const failures: Failure[] = [];
  const evaluated = new Set<CheckId>();
  const fail = (checkId: CheckId, message: string) =>
    failures.push({ checkId, operationId, message: `#${n}: ${message}` });
  const options = (body as { options?: unknown } | undefined)?.options;
  if (!Array.isArray(options)) return { evaluated: [], failures };
  const basket = query.basketMinor;
  for (const [i, raw] of options.entries()) {
    if (typeof raw !== 'object' || raw === null) continue;
    const option = raw as Option;
    const label = `option ${i + 1} (${String(option.name ?? option.offerId ?? '?')})`;
    if (variant === 'customer') {
      evaluated.add('OP-SPO-002');
      if (typeof option.spendOptionId !== 'string' || option.spendOptionId === '')
        fail('OP-SPO-002', `${label} has no spendOptionId (step 1: one for each spend option)`);
    } else {
      evaluated.add('OP-SPO-005');
      if (option.spendOptionId !== undefined)
        fail(
          'OP-SPO-005',
          `${label} of a product carries a spendOptionId (OP-D-14: only the customerRef variant)`,
        );
    }
    const illustration = option.illustration as Record<string, unknown> | undefined;
    const months = option.duration;
    if (illustration === undefined || typeof months !== 'number' || !Number.isInteger(months) || months < 1)
      continue;
    const monthly = pence(illustration.monthlyPayment);
    const interest = pence(illustration.interestToPay);
    const total = pence(illustration.totalRepayable);
    if (monthly === undefined || interest === undefined || total === undefined) continue;
    const rate = typeof option.interestRate === 'number' ? option.interestRate : undefined;
    evaluated.add('OP-SPO-001');
    const sums: string[] = [];
    if (total !== basket + interest)
      sums.push(`totalRepayable ${gbp(total)} ≠ basket ${gbp(basket)} + interestToPay ${gbp(interest)}`);
    if (Math.abs(monthly * months - total) >= months)
      sums.push(
        `${months} × monthlyPayment ${gbp(monthly)} = ${gbp(monthly * months)}, not within ${months} pence of totalRepayable ${gbp(total)}`,
      );
    if (rate === 0 && interest !== 0) sums.push(`interestToPay ${gbp(interest)} at an interestRate of 0`);
    if (sums.length > 0) fail('OP-SPO-001', `${label} for a basket of ${gbp(basket)}: ${sums.join('; ')}`);
    if (rate === undefined) continue;
    evaluated.add('OP-SPO-003');
    const ours = interestMinor(basket, rate, months);
    const ourMonthly = Math.ceil((basket + ours) / months);
    if (interest !== ours || monthly !== ourMonthly) {
      fail(
        'OP-SPO-003',
        `${label} for ${gbp(basket)} at ${rate} over ${months} months shows interest ${gbp(interest)} and monthly ${gbp(monthly)}; OP-D-16 gives ${gbp(ours)} and ${gbp(ourMonthly)}`,
      );
    }
  }
  const filters = judgeFilters(
    options.filter((o): o is Option => typeof o === 'object' && o !== null),
    query,
  );
  if (filters.evaluated) {
    evaluated.add('OP-SPO-004');
    if (filters.wrong.length > 0) fail('OP-SPO-004', filters.wrong.join('; '));
  }
  return { evaluated: [...evaluated], failures };
}

function judgeFilters(
  options: readonly Option[],
  query: SpendOptionQuery,
): { evaluated: boolean; wrong: string[] } {
  const wrong: string[] = [];
  let evaluated = false;
  const names = (list: readonly Option[]) => list.map((o) => String(o.name ?? o.offerId)).join(', ');
  if (query.zeroPercentOnly) {
    evaluated = true;
    const bad = options.filter((o) => o.interestRate !== 0);
    if (bad.length > 0) wrong.push(`zeroPercentOnly=true, yet ${names(bad)} charge interest`);
  }
  if (query.promoOnly) {
    evaluated = true;
    const bad = options.filter((o) => o.offerSource !== 'Promotional');
    if (bad.length > 0) wrong.push(`promoOnly=true, yet ${names(bad)} are not Promotional`);
  }
  if (query.spendType !== undefined) {
    evaluated = true;
    const bad = options.filter((o) => o.spendType !== query.spendType);
    if (bad.length > 0) wrong.push(`spendType=${query.spendType}, yet ${names(bad)} are not`);
  }
  if (query.orderBy === 'InstalmentPaymentAmount') {
    evaluated = true;
    const key = (o: Option) =>
      o.spendType === 'Instalment'
        ? (pence((o.illustration as Option | undefined)?.monthlyPayment) ?? 0)
        : Number.POSITIVE_INFINITY;
    const keys = options.map(key);
    const sorted = keys.every((k, i) => i === 0 || (keys[i - 1] as number) <= k);
    if (!sorted) wrong.push(`orderBy=InstalmentPaymentAmount, yet the order is ${names(options)}`);
  }
  return { evaluated, wrong };
}
