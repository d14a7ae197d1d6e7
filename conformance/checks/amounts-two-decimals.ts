// BPO-AMT-003: every amount a response carries has at most 2 decimals (x-bnpl-max-
// decimals, D-19). Named apart from the schema check because it is the symptom of
// an implementation that keeps money in floats (1000 − 333.33 = 666.6700000000001).
import { hasAtMostDecimals } from '../../lib/money.ts';
import { type ContractCheck, fail } from './types.ts';

const amountMembers = new Set(['authorizationAmount', 'remainingAmount', 'amount']);

export const amountsTwoDecimals: ContractCheck = {
  id: 'BPO-AMT-003',
  applies: (_ctx, exchange) => exchange.response.status < 300 && exchange.response.json !== undefined,
  check(_ctx, exchange) {
    const bad = amounts(exchange.response.json, '').filter(([, value]) => !hasAtMostDecimals(value, 2));
    if (bad.length === 0) return undefined;
    return fail(
      'BPO-AMT-003',
      exchange,
      `amounts with more than 2 decimals: ${bad.map(([path, value]) => `${path} = ${value}`).join(', ')}`,
    );
  },
};

function amounts(value: unknown, path: string): [string, number][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => amounts(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]): [string, number][] => {
    const at = path === '' ? key : `${path}.${key}`;
    return amountMembers.has(key) && typeof item === 'number' ? [[at, item]] : amounts(item, at);
  });
}
