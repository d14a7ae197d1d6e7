// The inputs of Order Processing's negative suite, derived from the contract
// (spec/order-processing.yaml as spec.ts loads it), as data: each case is the request
// that would succeed in the suite's state with one thing broken. From the contract:
// - every request body's amount (AmountRequest): 0 and a negative value where the
//   minimum excludes them, a value just below a minimum above a penny, one more decimal
//   than `x-bnpl-max-decimals`, a step (a penny) over the `maximum`, the value as a
//   string, the amount as a number or a string, without each of its required members, a
//   currency outside the `currencyCode` enum and the enum's first in lower case; the
//   amount left out or null where the body requires it;
// - the body's other members: each required one left out, an empty string where
//   `minLength` forbids it, a malformed UUID where the format is `uuid`, a string where
//   the type is boolean;
// - every operation's header parameters: each required one left out, malformed UUIDs
//   where the format is `uuid`;
// - every query parameter of type number (basketAmount on both spend-option operations):
//   the same bounds and decimals as text, a word, and left out where it is required;
// - every path parameter: malformed UUIDs (authorisationId, transactionId), a value its
//   pattern refuses (customerRef).
// Which check judges a case, and so its level, is the kit's reading of the sources,
// written here once (below); what the contract leaves out (malformed JSON, an unknown
// member, the transport limits) stays explicit, each with the decision it rests on.
import type { CompiledParameter } from '../../lib/openapi.ts';
import type { CheckId } from '../catalogue.ts';
import { patternViolation } from '../negative/derive.ts';
import type { Schema } from '../spec.ts';
import { malformedId } from './accepts.ts';
import { amount, authoriseBody, initiateBody, refundBody, settleBody } from './requests.ts';
import type { OpSpec, PathParams } from './spec.ts';

/** £1.00: Initiate and Authorise. */
export const base = 100;
/** What a settle, reverse or refund case moves. */
export const penny = 1;
/** The authorisation the upward adjustment cases go to. */
export const adjusted = 100;

/** What a case sends: the whole request but its path ids, tokens and fresh idempotency keys. */
export interface Sent {
  /** The JSON body: the operation's valid one, or a broken one. */
  readonly body?: unknown;
  /** A body the JSON encoder cannot write (sent instead of `body`). */
  readonly raw?: { readonly text: string; readonly contentType: string };
  /** Headers left out, by the name the contract writes. */
  readonly omit?: readonly string[];
  /** Header values sent instead of the right ones. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** Path parameters sent instead of the state's. */
  readonly params?: Readonly<Partial<PathParams>>;
}

/** What a case must get: MUST, refused; or SHOULD, as our decisions say. */
export interface NegativeCase {
  readonly checkId: CheckId;
  readonly operationId: string;
  readonly description: string;
  /** Statuses that pass `checkId` (`'4xx'`: any client error). */
  readonly pass: readonly number[] | '4xx' | '2xx';
  /** What a 400 should name (judged by OP-NEG-005 for a MUST case, by `checkId` for a SHOULD one). */
  readonly names?: { readonly pointer?: string; readonly header?: string; readonly parameter?: string };
  /** Pence the request moves if it is accepted (a valid amount with a departure of our decisions). */
  readonly moves?: number;
  readonly send: Sent;
}

/**
 * The operations the suite sends to, each with the request that succeeds in its state:
 * the kit's own choice of amounts (a pound to authorise, a penny to settle, reverse and
 * refund), not something a schema says. Every operation of the contract has a row (a
 * test holds it), so every operation's headers and path ids are tried.
 */
export interface NegativeOperation {
  readonly operationId: string;
  readonly body?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, string>>;
  /** Pence an accepted request moves off the float or the refundable amount. */
  readonly moves: number;
}

export const negativeOperations: readonly NegativeOperation[] = [
  { operationId: 'Initiate', body: { ...initiateBody(base) }, moves: 0 },
  { operationId: 'Authorise', body: { ...authoriseBody(base, `kit-${base}`) }, moves: 0 },
  // On an authorisation of its own, for more than it authorised: an increase, or a new total, either way
  // (OP-D-23); what it leaves is not read back.
  { operationId: 'UpwardAdjustment', body: { amount: amount(2 * adjusted) }, moves: 0 },
  { operationId: 'Settle', body: { ...settleBody(penny) }, moves: penny },
  { operationId: 'Reverse', body: { amount: amount(penny) }, moves: penny },
  { operationId: 'Refund', body: { ...refundBody(penny) }, moves: penny },
  { operationId: 'SpendOptionsForCustomerRef', query: { basketAmount: '100' }, moves: 0 },
  { operationId: 'SpendOptionsForProduct', query: { productId: 'default', basketAmount: '100' }, moves: 0 },
];

/** What the derivation reads of the contract. */
export type NegativeContract = Pick<OpSpec, 'operation' | 'requestSchema'>;

/**
 * Every case, from the contract: bodies, headers, query, path ids, then the transport;
 * the cases a target should take (an unknown member) last, since each sends the same
 * valid body: an upward adjustment read as the new total (OP-D-23) makes that amount no
 * longer more than authorised for the cases after it.
 */
export function deriveNegativeCases(contract: NegativeContract): NegativeCase[] {
  const out: NegativeCase[] = [];
  for (const op of negativeOperations) out.push(...bodyCases(contract, op));
  for (const op of negativeOperations) out.push(...headerCases(contract, op));
  for (const op of negativeOperations) out.push(...queryCases(contract, op));
  for (const op of negativeOperations) out.push(...pathCases(contract, op));
  out.push(...transportCases());
  return [...out.filter((c) => c.pass !== '2xx'), ...out.filter((c) => c.pass === '2xx')];
}

// --- bodies ----------------------------------------------------------------------

/**
 * Not derivable: JSON syntax and bodies that are not objects are below any schema
 * (OP-D-13: 400 validation naming `#`).
 */
const wholeBodies: readonly [string, string][] = [
  ['{"amount": {"value": 1,', 'malformed JSON'],
  ['[]', 'an array'],
  ['"text"', 'a string'],
  ['null', 'null'],
];

/**
 * Not derivable: that unknown members are ignored is our decision (OP-D-12); the
 * schemas only leave `additionalProperties` open. `treatmentId` is what the older
 * generation sends (S9).
 */
const unknownMember = { treatmentId: 'efb4929f-e781-4503-9035-18926cae56fd' };

/**
 * Not derivable: ISO 4217 is the sources' (S15), the enum only lists what is allowed. A
 * currency outside it is the first of these real codes the enum leaves out.
 */
const otherCurrencies = ['EUR', 'USD', 'SEK', 'NOK', 'DKK'];

function bodyCases(contract: NegativeContract, op: NegativeOperation): NegativeCase[] {
  const valid = op.body;
  const schema = contract.requestSchema(op.operationId);
  if (valid === undefined || schema === undefined) return [];
  const out: NegativeCase[] = [];
  const id = op.operationId;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const withMember = (name: string, value: unknown) => ({ ...valid, [name]: value });
  for (const [name, member] of Object.entries(properties)) {
    if (!isAmount(member)) continue;
    for (const breakage of amountBreakages(member, name)) {
      out.push({
        checkId: breakage.checkId,
        operationId: id,
        description: `${id} with ${breakage.what}`,
        pass: breakage.checkId === 'OP-NEG-001' ? '4xx' : [400],
        names: { pointer: breakage.pointer },
        send: { body: withMember(name, breakage.amount) },
      });
    }
    // The sources show the amount in every request (OP-NEG-002, MUST).
    if (required.has(name)) {
      const { [name]: _dropped, ...rest } = valid;
      for (const [what, body] of [
        [`without its ${name}`, rest],
        [`with ${name} null`, { ...rest, [name]: null }],
      ] as const) {
        out.push({
          checkId: 'OP-NEG-002',
          operationId: id,
          description: `${id} ${what}`,
          pass: '4xx',
          names: { pointer: `#/${name}` },
          send: { body },
        });
      }
    }
  }
  // The other members' requirements and formats are our decisions (OP-D-19, OP-D-31): SHOULD.
  for (const [name, member] of Object.entries(properties)) {
    if (isAmount(member)) continue;
    const should = (what: string, body: unknown): NegativeCase => ({
      checkId: 'OP-NEG-006',
      operationId: id,
      description: `${id} ${what}`,
      pass: [400],
      names: { pointer: `#/${name}` },
      send: { body },
    });
    if (required.has(name) && Object.hasOwn(valid, name)) {
      const { [name]: _dropped, ...rest } = valid;
      out.push(should(`without ${name}`, rest));
    }
    if (member.type === 'string' && typeof member.minLength === 'number' && member.minLength > 0)
      out.push(should(`with an empty ${name}`, withMember(name, '')));
    for (const malformed of member.format === 'uuid' ? malformedStrings(member) : [])
      out.push(should(`with ${name} ${JSON.stringify(malformed)} (not a UUID)`, withMember(name, malformed)));
    if (member.type === 'boolean') out.push(should(`with ${name} "yes"`, withMember(name, 'yes')));
  }
  for (const [raw, what] of wholeBodies) {
    out.push({
      checkId: 'OP-NEG-003',
      operationId: id,
      description: `${id} with a body that is ${what}`,
      pass: [400],
      names: { pointer: '#' },
      send: { raw: { text: raw, contentType: 'application/json' } },
    });
  }
  out.push({
    checkId: 'OP-NEG-009',
    operationId: id,
    description: `${id} with an unknown member (treatmentId, as the older generation sends, S9)`,
    pass: '2xx',
    moves: op.moves,
    send: { body: { ...valid, ...unknownMember } },
  });
  return out;
}

/** An amount in a request: an object with a numeric `value` and an enumerated `currencyCode`. */
function isAmount(schema: Schema): boolean {
  const properties = schema.properties as Record<string, Schema> | undefined;
  return (
    schema.type === 'object' &&
    properties?.value?.type === 'number' &&
    Array.isArray(properties.currencyCode?.enum)
  );
}

interface AmountBreakage {
  readonly checkId: CheckId;
  readonly what: string;
  readonly amount: unknown;
  readonly pointer: string;
}

/**
 * An amount's breakages, around an otherwise valid one (`sampleValue` in the enum's first
 * currency). MUST (OP-NEG-001): 0 and negatives (the sources' amounts are money moved,
 * S2, S15), more decimals than pence (S15: pounds), a string value, an amount that is
 * not an object, without its value or currency, or in another ISO 4217 currency. SHOULD
 * (OP-NEG-006): the bounds and the currency's spelling that are only ours (OP-D-07).
 */
export function amountBreakages(schema: Schema, name: string): AmountBreakage[] {
  const properties = schema.properties as Record<string, Schema>;
  const valueSchema = properties.value as Schema;
  const currencies = (properties.currencyCode as Schema).enum as string[];
  const currency = currencies[0] as string;
  const value = sampleValue(valueSchema);
  const decimals = decimalsOf(valueSchema);
  const at = (member?: string) => (member === undefined ? `#/${name}` : `#/${name}/${member}`);
  const out: AmountBreakage[] = [];
  for (const breakage of numberBreakages(valueSchema)) {
    out.push({
      checkId: breakage.ours ? 'OP-NEG-006' : 'OP-NEG-001',
      what: `${name}.value ${breakage.what}`,
      amount: { value: breakage.value, currencyCode: currency },
      pointer: at('value'),
    });
  }
  const must = (what: string, broken: unknown, member?: string): AmountBreakage => ({
    checkId: 'OP-NEG-001',
    what,
    amount: broken,
    pointer: at(member),
  });
  out.push(
    must(`${name}.value as a string`, { value: value.toFixed(decimals), currencyCode: currency }, 'value'),
    must(`${name} as a number`, value),
    must(`${name} as a string`, `${value.toFixed(decimals)} ${currency}`),
  );
  const valid: Record<string, unknown> = { value, currencyCode: currency };
  for (const member of (schema.required ?? []) as string[]) {
    const { [member]: _dropped, ...rest } = valid;
    out.push(must(`${name} without its ${member}`, rest, member));
  }
  const other = otherCurrencies.find((c) => !currencies.includes(c));
  if (other !== undefined)
    out.push(must(`${name} in ${other}`, { value, currencyCode: other }, 'currencyCode'));
  const lower = currency.toLowerCase();
  if (!currencies.includes(lower)) {
    out.push({
      checkId: 'OP-NEG-006',
      what: `${name}.currencyCode in lower case`,
      amount: { value, currencyCode: lower },
      pointer: at('currencyCode'),
    });
  }
  return out;
}

interface NumberBreakage {
  readonly value: number;
  readonly what: string;
  /** A bound only our decisions set (OP-D-07), not the sources. */
  readonly ours: boolean;
}

/**
 * Numbers a money schema refuses: 0 and -1 where its lower bound excludes them, the
 * value a step below a minimum above that, a tenth of the smallest step allowed and a
 * value with one decimal too many (`x-bnpl-max-decimals`), and a step over the maximum.
 */
export function numberBreakages(schema: Schema): NumberBreakage[] {
  const decimals = decimalsOf(schema);
  const step = 10 ** -decimals;
  const round = (n: number, places = decimals) => Number(n.toFixed(places));
  const out: NumberBreakage[] = [];
  const low =
    typeof schema.exclusiveMinimum === 'number'
      ? { bound: schema.exclusiveMinimum, below: schema.exclusiveMinimum }
      : typeof schema.minimum === 'number'
        ? { bound: schema.minimum, below: round(schema.minimum - step) }
        : undefined;
  if (low !== undefined) {
    if (low.below >= 0) out.push({ value: 0, what: `0 (below the minimum ${low.bound})`, ours: false });
    if (low.below > 0)
      out.push({ value: low.below, what: `${low.below} (below the minimum ${low.bound})`, ours: true });
    if (low.below > -1) out.push({ value: -1, what: '-1 (negative)', ours: false });
  }
  if (typeof schema['x-bnpl-max-decimals'] === 'number') {
    const places = decimals + 1;
    out.push(
      {
        value: round(10 ** -places, places),
        what: `${round(10 ** -places, places)} (${places} decimals)`,
        ours: false,
      },
      {
        value: round(12345 / 10 ** places, places),
        what: `${round(12345 / 10 ** places, places)} (${places} decimals)`,
        ours: false,
      },
    );
  }
  const high =
    typeof schema.exclusiveMaximum === 'number'
      ? { bound: schema.exclusiveMaximum, over: schema.exclusiveMaximum }
      : typeof schema.maximum === 'number'
        ? { bound: schema.maximum, over: round(schema.maximum + step) }
        : undefined;
  if (high !== undefined)
    out.push({ value: high.over, what: `${high.over} (over the maximum ${high.bound})`, ours: true });
  return out;
}

/** The decimals a money schema allows (`x-bnpl-max-decimals`; whole numbers without it). */
function decimalsOf(schema: Schema): number {
  const decimals = schema['x-bnpl-max-decimals'];
  return typeof decimals === 'number' ? decimals : 0;
}

/** A valid value to break around: £1.00, or the nearest bound when the schema excludes it. */
function sampleValue(schema: Schema): number {
  const low =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum + 10 ** -decimalsOf(schema)
        : 1;
  const high = typeof schema.maximum === 'number' ? schema.maximum : Number.POSITIVE_INFINITY;
  return Math.min(Math.max(1, low), high);
}

/**
 * Strings a parameter's schema refuses. The candidates are the kit's choice (not in the
 * contract): for a UUID a word shaped like one and a number ('not-a-uuid', '12345'); for
 * a pattern a value with a space and punctuation, else one of derive.ts's. Only those
 * the schema's own pattern refuses are kept.
 */
export function malformedStrings(schema: Schema): string[] {
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
  const candidates =
    schema.format === 'uuid'
      ? ['not-a-uuid', '12345']
      : pattern === undefined
        ? []
        : ['not a ref!', patternViolation(pattern)].filter((c): c is string => c !== undefined);
  const refused = candidates.filter((c) => pattern === undefined || !new RegExp(pattern, 'u').test(c));
  return schema.format === 'uuid' ? refused : refused.slice(0, 1);
}

// --- headers, query, path ------------------------------------------------------------

/** An operation's valid body and query, for the cases that break something else. */
function validRequest(op: NegativeOperation): Sent {
  return {
    ...(op.body === undefined ? {} : { body: op.body }),
    ...(op.query === undefined ? {} : { query: op.query }),
  };
}

function parametersIn(
  contract: NegativeContract,
  operationId: string,
  location: CompiledParameter['in'],
): readonly CompiledParameter[] {
  return contract.operation(operationId).parameters.filter((p) => p.in === location);
}

/** Each required header left out, malformed UUIDs in each UUID header (OP-D-03: SHOULD). */
function headerCases(contract: NegativeContract, op: NegativeOperation): NegativeCase[] {
  const out: NegativeCase[] = [];
  const id = op.operationId;
  const valid = validRequest(op);
  const headers = parametersIn(contract, id, 'header');
  const header = (name: string, what: string, send: Sent): NegativeCase => ({
    checkId: 'OP-NEG-007',
    operationId: id,
    description: `${id} ${what}`,
    pass: [400],
    names: { header: name },
    moves: op.moves,
    send: { ...valid, ...send },
  });
  for (const p of headers) {
    if (p.required) out.push(header(p.name, `without ${p.name}`, { omit: [p.name] }));
  }
  for (const p of headers) {
    for (const malformed of p.schema.format === 'uuid' ? malformedStrings(p.schema) : [])
      out.push(
        header(p.name, `with ${p.name} ${JSON.stringify(malformed)}`, { headers: { [p.name]: malformed } }),
      );
  }
  return out;
}

/**
 * The numeric query parameters (basketAmount, OP-D-05: SHOULD): the money bounds and
 * decimals as text, a word, and left out where required.
 */
function queryCases(contract: NegativeContract, op: NegativeOperation): NegativeCase[] {
  const out: NegativeCase[] = [];
  const id = op.operationId;
  const valid = op.query ?? {};
  for (const p of parametersIn(contract, id, 'query')) {
    if (p.schema.type !== 'number') continue;
    const query = (what: string, sent: Record<string, string>): NegativeCase => ({
      checkId: 'OP-NEG-008',
      operationId: id,
      description: `${id} ${what}`,
      pass: [400],
      names: { parameter: p.name },
      send: { query: sent },
    });
    const values = [...numberBreakages(p.schema).map((b) => String(b.value)), 'abc'];
    for (const value of values) out.push(query(`with ${p.name}=${value}`, { ...valid, [p.name]: value }));
    if (p.required) {
      const { [p.name]: _dropped, ...rest } = valid;
      out.push(query(`without ${p.name}`, rest));
    }
  }
  return out;
}

/** Malformed path ids (OP-D-04, S15: 400 invalid data, 404 does not exist; MUST). */
function pathCases(contract: NegativeContract, op: NegativeOperation): NegativeCase[] {
  const out: NegativeCase[] = [];
  const id = op.operationId;
  const valid = validRequest(op);
  for (const p of parametersIn(contract, id, 'path')) {
    for (const malformed of malformedStrings(p.schema)) {
      out.push({
        checkId: 'OP-NEG-004',
        operationId: id,
        description: `${id} on ${p.name} ${JSON.stringify(malformed)}`,
        pass: malformedId,
        send: { ...valid, params: { [p.name]: malformed } },
      });
    }
  }
  return out;
}

// --- transport ---------------------------------------------------------------------

/** Not derivable: the size limit and the media type refused are our decisions (OP-D-13, OP-D-30). */
function transportCases(): NegativeCase[] {
  const settle = settleBody(penny);
  return [
    {
      checkId: 'OP-TR-001',
      operationId: 'Settle',
      description: 'Settle with a body over 1 MiB',
      pass: [413],
      moves: penny,
      send: { body: { ...settle, description: 'x'.repeat(1024 * 1024 + 1024) } },
    },
    {
      checkId: 'OP-TR-002',
      operationId: 'Settle',
      description: 'Settle with the body sent as text/plain',
      pass: [415],
      moves: penny,
      send: { raw: { text: JSON.stringify(settle), contentType: 'text/plain' } },
    },
  ];
}
