// Money codecs: how one API writes an amount in JSON, over the one lib/money.ts.
// The ledger API writes a JSON number in major units beside a separate `currency`
// member; Order Processing writes `{ value, currencyCode }`. Each codec parses at
// the edge into integer minor units and formats back; nothing else converts money.
import { isCurrency, type Money, parseMajor, toMajor } from '../../lib/money.ts';

/** A failed parse: why, in words a problem detail can use. */
export interface MoneyParseFailure {
  readonly ok: false;
  readonly reason: string;
}

export type MoneyParse = { readonly ok: true; readonly money: Money } | MoneyParseFailure;

export interface MoneyCodec<Json> {
  /** Parses an amount as the API writes it; `currency` is the separate member, where the API has one. */
  decode(json: Json, currency?: string): MoneyParse;
  encode(money: Money): Json;
}

/** A JSON number in major units; the currency travels in a member of its own. */
export const majorUnitsNumber: MoneyCodec<number> = {
  decode(value, currency) {
    if (!isCurrency(currency)) return { ok: false, reason: `unknown currency ${String(currency)}` };
    return describe(parseMajor(value, currency), value);
  },
  encode: (money) => toMajor(money),
};

/** `{ value, currencyCode }`: major units with the currency beside them. */
export interface AmountObject {
  readonly value: number;
  readonly currencyCode: string;
}

export const amountObject: MoneyCodec<AmountObject> = {
  decode: (amount) => majorUnitsNumber.decode(amount.value, amount.currencyCode),
  encode: (money) => ({ value: toMajor(money), currencyCode: money.currency }),
};

function describe(parsed: ReturnType<typeof parseMajor>, value: number): MoneyParse {
  if (parsed.ok) return parsed;
  return { ok: false, reason: `the amount ${value} cannot be used: ${parsed.reason}` };
}
