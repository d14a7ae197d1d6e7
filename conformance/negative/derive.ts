// Negative cases derived from a request schema: walking the (dereferenced) schema
// along a valid body, every field gets its boundaries and breakages (0, 0.001,
// 100000000.01, three decimals, negative, wrong structure, a number as a string,
// null, missing when required, outside the enum or in lower case, against the
// pattern or format, empty, unknown members), each a copy of the body with that one
// field broken. Whether refusing it is MUST or SHOULD follows from what the document
// says about that field (classify): the document's types, enums, required members,
// patterns and amount limits are MUST; everything our decisions add is SHOULD.
import { dottedPath } from '../../lib/openapi.ts';
import { zeroAmount } from '../bnpl-payment-order/accepts.ts';
import { documentPatternMembers } from '../bnpl-payment-order/document.ts';
import type { CheckId } from '../catalogue.ts';
import type { Schema } from '../spec.ts';

/** What a case breaks; `classify` turns it into the check (and level) that judges it. */
export type Breakage =
  | 'amount-negative'
  | 'amount-over-max'
  | 'amount-decimals'
  | 'amount-zero'
  | 'structure'
  | 'coercion'
  | 'null-required'
  | 'null-optional'
  | 'missing'
  | 'enum-outside'
  | 'enum-case'
  | 'pattern'
  | 'email'
  | 'empty'
  | 'uri'
  | 'unknown-member';

export interface NegativeCase {
  readonly checkId: CheckId;
  readonly breakage: Breakage | 'body';
  readonly operationId: string;
  /** The parameter Problems must name (`customer.email`, `orderLines[0].amount`); '' for whole-body cases. */
  readonly field: string;
  /** What is broken, for reports: "authorizationAmount = 0.001". */
  readonly description: string;
  readonly body: { readonly json: unknown } | { readonly raw: string; readonly contentType: string };
}

type Segment = string | number;

/** The check that judges a breakage of a field: MUST where the document says so, SHOULD otherwise. */
export function classify(operationId: string, field: string, breakage: Breakage): CheckId {
  const member = field.split(/[.[]/).pop()?.replace(/]$/, '') ?? field;
  switch (breakage) {
    case 'amount-negative':
    case 'amount-over-max':
    case 'amount-decimals':
      return 'BPO-NEG-001';
    case 'amount-zero':
      return zeroAmount.refused(operationId, field) ? 'BPO-NEG-001' : zeroAmount.openWarns.negative;
    case 'structure':
      return 'BPO-NEG-002';
    case 'coercion':
      return 'BPO-NEG-012';
    case 'null-required':
      return 'BPO-NEG-003';
    case 'null-optional':
      return 'BPO-NEG-013';
    case 'missing':
      return 'BPO-NEG-004';
    case 'enum-outside':
      return 'BPO-NEG-005';
    case 'enum-case':
      return 'BPO-NEG-014';
    case 'pattern':
      return documentPatternMembers.has(member)
        ? 'BPO-NEG-006'
        : member === 'mcc'
          ? 'BPO-NEG-009'
          : 'BPO-NEG-015';
    case 'email':
      return 'BPO-NEG-009';
    case 'empty':
    case 'uri':
      return 'BPO-NEG-015';
    case 'unknown-member':
      return 'BPO-NEG-008';
  }
}

/** Every case for one operation's body, field cases first, then whole-body cases. */
export function deriveCases(operationId: string, schema: Schema, base: unknown): NegativeCase[] {
  const cases: NegativeCase[] = [];
  const add = (breakage: Breakage, path: readonly Segment[], broken: unknown, what: string) => {
    const field = dottedPath(path);
    cases.push({
      checkId: classify(operationId, field, breakage),
      breakage,
      operationId,
      field,
      description: `${field} ${what}`,
      body: { json: broken },
    });
  };
  walk(schema, base, [], true, {
    replace: (breakage, path, value, what) =>
      add(breakage, path, withValue(base, path, value), what ?? `= ${show(value)}`),
    remove: (path) => add('missing', path, withoutMember(base, path), 'missing'),
    extra: (path, name) =>
      add(
        'unknown-member',
        [...path, name],
        withValue(base, [...path, name], 'unexpected'),
        'as an unknown member',
      ),
  });
  for (const [raw, what] of wholeBodyCases) {
    cases.push({
      checkId: 'BPO-NEG-007',
      breakage: 'body',
      operationId,
      field: '',
      description: `body ${what}`,
      body: { raw, contentType: 'application/json' },
    });
  }
  return cases;
}

/** Malformed JSON and bodies that are not objects (D-17: 400 validation). */
export const wholeBodyCases: readonly (readonly [string, string])[] = [
  ['{"amount": 1,', 'is malformed JSON'],
  ['[]', 'is an array'],
  ['"text"', 'is a string'],
  ['42', 'is a number'],
  ['null', 'is null'],
];

interface Visitor {
  replace(breakage: Breakage, path: readonly Segment[], value: unknown, what?: string): void;
  remove(path: readonly Segment[]): void;
  extra(path: readonly Segment[], name: string): void;
}

/** `required`: the document requires the member (an array item always is). */
function walk(
  schema: Schema,
  value: unknown,
  path: readonly Segment[],
  required: boolean,
  visit: Visitor,
): void {
  const type = schema.type;
  const nullCase = () => visit.replace(required ? 'null-required' : 'null-optional', path, null);
  if (type === 'object') {
    if (path.length > 0) {
      visit.replace('structure', path, 'text');
      visit.replace('structure', path, []);
      nullCase();
    }
    const record = (value ?? {}) as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const requiredMembers = new Set((schema.required ?? []) as string[]);
    for (const name of requiredMembers) {
      if (Object.hasOwn(record, name)) visit.remove([...path, name]);
    }
    // D-15: unknown members are refused, a SHOULD-level reading of ours.
    if (schema.additionalProperties === false && schema.maxProperties !== 0)
      visit.extra(path, 'unknownMember');
    for (const [name, sub] of Object.entries(properties)) {
      if (Object.hasOwn(record, name))
        walk(sub, record[name], [...path, name], requiredMembers.has(name), visit);
    }
    return;
  }
  if (type === 'array') {
    visit.replace('structure', path, { item: 'text' });
    nullCase();
    if (typeof schema.minItems === 'number' && schema.minItems > 0)
      visit.replace('empty', path, [], 'is empty');
    const items = schema.items as Schema | undefined;
    if (items !== undefined && Array.isArray(value) && value.length > 0)
      walk(items, value[0], [...path, 0], true, visit);
    return;
  }
  if (type === 'number' || type === 'integer') {
    for (const [breakage, amount] of amountBreakages(schema)) visit.replace(breakage, path, amount);
    visit.replace('structure', path, { value: value ?? 1 });
    visit.replace('coercion', path, String(value ?? '1.00'));
    nullCase();
    return;
  }
  if (type === 'boolean') {
    visit.replace('coercion', path, String(value ?? false));
    nullCase();
    return;
  }
  if (type === 'string') {
    visit.replace('structure', path, { value: 'text' });
    visit.replace('coercion', path, 42);
    nullCase();
    if (Array.isArray(schema.enum)) {
      visit.replace('enum-outside', path, 'XXX');
      const lower = String(schema.enum[0]).toLowerCase();
      if (!schema.enum.includes(lower)) visit.replace('enum-case', path, lower);
    }
    if (typeof schema.pattern === 'string') {
      const violation = patternViolation(schema.pattern);
      if (violation !== undefined) visit.replace('pattern', path, violation);
    }
    if (typeof schema.minLength === 'number' && schema.minLength > 0 && schema.pattern === undefined) {
      visit.replace('empty', path, '', 'is empty');
    }
    if (schema.format === 'email') visit.replace('email', path, 'not-an-email');
    if (schema.format === 'uri') visit.replace('uri', path, 'not a uri');
  }
}

/** Amount boundaries from the schema's own bounds and x-bnpl-max-decimals. */
export function amountBreakages(schema: Schema): [Breakage, number][] {
  const out: [Breakage, number][] = [];
  const low = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  if (low === 0) out.push(['amount-zero', 0]);
  if (low !== undefined || (typeof schema.minimum === 'number' && schema.minimum >= 0))
    out.push(['amount-negative', -1], ['amount-negative', -0.01]);
  const decimals = schema['x-bnpl-max-decimals'];
  if (typeof decimals === 'number')
    out.push(
      ['amount-decimals', 10 ** -(decimals + 1)],
      ['amount-decimals', Number(`12.${'3'.repeat(decimals)}5`)],
    );
  if (typeof schema.maximum === 'number') {
    const step = typeof decimals === 'number' ? 10 ** -decimals : 1;
    out.push([
      'amount-over-max',
      Number((schema.maximum + step).toFixed(typeof decimals === 'number' ? decimals : 0)),
    ]);
  }
  return out;
}

/**
 * A realistic string the pattern refuses, or undefined when none of the candidates is
 * refused. `XX` and `a b` fail the document's patterns both as written and anchored (D-23).
 */
export function patternViolation(pattern: string): string | undefined {
  const regex = new RegExp(pattern, 'u');
  return ['XX', 'a b', 'semi;colon', '12345', '\u0100', ''].find((candidate) => !regex.test(candidate));
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function withValue(base: unknown, path: readonly Segment[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) at = at[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last === undefined) return value;
  at[last] = value;
  return copy;
}

function withoutMember(base: unknown, path: readonly Segment[]): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) at = at[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) delete at[last];
  return copy;
}
