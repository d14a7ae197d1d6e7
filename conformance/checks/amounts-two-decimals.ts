// Every amount a response carries has at most 2 decimals, and an Order Processing
// amount is not negative (BPO-AMT-003, OP-AMT-001). Named apart from the schema check
// because it is the symptom of an implementation that keeps money in floats
// (1000 − 333.33 = 666.6700000000001). Where amounts sit is the API's: a dialect lists them.
import { hasAtMostDecimals } from '../../lib/money.ts';
import type { CheckId } from '../catalogue.ts';
import { type ContractCheck, fail } from './types.ts';

/** The amounts of a body, as [path, value]; a value that is not a number is left to the schema check. */
export type AmountFinder = (body: unknown) => [string, number][];

export function amountsTwoDecimals(id: CheckId, find: AmountFinder, minimum?: number): ContractCheck {
  return {
    id,
    applies: (_ctx, exchange) => exchange.response.status < 300 && exchange.response.json !== undefined,
    check(_ctx, exchange) {
      const bad = find(exchange.response.json).filter(
        ([, value]) => !hasAtMostDecimals(value, 2) || (minimum !== undefined && value < minimum),
      );
      if (bad.length === 0) return undefined;
      return fail(
        id,
        exchange,
        `amounts with more than 2 decimals${minimum === undefined ? '' : ` or below ${minimum}`}: ${bad.map(([path, value]) => `${path} = ${value}`).join(', ')}`,
      );
    },
  };
}

/** Numbers held by the named members, wherever they sit (bnpl-payment-order's flat amounts). */
export function membersNamed(names: ReadonlySet<string>): AmountFinder {
  const walk = (value: unknown, path: string): [string, number][] => {
    if (Array.isArray(value)) return value.flatMap((item, i) => walk(item, `${path}[${i}]`));
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([key, item]): [string, number][] => {
      const at = path === '' ? key : `${path}.${key}`;
      return names.has(key) && typeof item === 'number' ? [[at, item]] : walk(item, at);
    });
  };
  return (body) => walk(body, '');
}

/** The `value` of every `{ value, currencyCode }` object (Order Processing's Amount, S2). */
export const amountObjects: AmountFinder = (body) => {
  const walk = (value: unknown, path: string): [string, number][] => {
    if (Array.isArray(value)) return value.flatMap((item, i) => walk(item, `${path}[${i}]`));
    if (typeof value !== 'object' || value === null) return [];
    const record = value as Record<string, unknown>;
    if ('currencyCode' in record && typeof record.value === 'number')
      return [[`${path}.value`, record.value]];
    return Object.entries(record).flatMap(([key, item]) => walk(item, path === '' ? key : `${path}.${key}`));
  };
  return walk(body, '');
};
