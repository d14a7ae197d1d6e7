// Negative cases derived from a request schema: walking the (dereferenced) schema
// along a valid body, every field gets its boundaries and breakages (0, 0.001,
// 100000000.01, three decimals, negative, wrong type, null, missing when required,
// outside the enum, against the pattern or format, unknown members), each a copy of
// the body with that one field broken. Which check a case belongs to, and whether
// it is MUST or SHOULD (D-14, D-15), follows from the schema keyword it breaks.
import type { CheckId } from '../catalogue.ts';
import type { Schema } from '../spec.ts';

export interface NegativeCase {
  readonly checkId: CheckId;
  readonly operationId: string;
  /** The parameter Problems must name (`customer.email`, `orderLines[0].amount`); '' for whole-body cases. */
  readonly field: string;
  /** What is broken, for reports: "authorizationAmount = 0.001". */
  readonly description: string;
  readonly body: { readonly json: unknown } | { readonly raw: string; readonly contentType: string };
}

type Segment = string | number;

/** Every case for one operation's body, field cases first, then whole-body cases. */
export function deriveCases(operationId: string, schema: Schema, base: unknown): NegativeCase[] {
  const cases: NegativeCase[] = [];
  const add = (checkId: CheckId, path: readonly Segment[], broken: unknown, what: string) => {
    cases.push({
      checkId,
      operationId,
      field: fieldPath(path),
      description: `${fieldPath(path)} ${what}`,
      body: { json: broken },
    });
  };
  const set = (path: readonly Segment[], value: unknown) => withValue(base, path, value);
  walk(schema, base, [], {
    replace: (checkId, path, value, what) => add(checkId, path, set(path, value), what ?? `= ${show(value)}`),
    remove: (path) => add('BPO-NEG-004', path, withoutMember(base, path), 'missing'),
    extra: (path, name) =>
      add(
        'BPO-NEG-008',
        [...path, name],
        withValue(base, [...path, name], 'unexpected'),
        'as an unknown member',
      ),
  });
  for (const [raw, what] of wholeBodyCases) {
    cases.push({
      checkId: 'BPO-NEG-007',
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
  replace(checkId: CheckId, path: readonly Segment[], value: unknown, what?: string): void;
  remove(path: readonly Segment[]): void;
  extra(path: readonly Segment[], name: string): void;
}

function walk(schema: Schema, value: unknown, path: readonly Segment[], visit: Visitor): void {
  const type = schema.type;
  const cites = (decision: string) =>
    typeof schema.description === 'string' && schema.description.includes(decision);
  if (type === 'object') {
    if (path.length > 0) {
      visit.replace('BPO-NEG-002', path, 'text');
      visit.replace('BPO-NEG-002', path, []);
      visit.replace('BPO-NEG-003', path, null);
    }
    const record = (value ?? {}) as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (Object.hasOwn(record, name)) visit.remove([...path, name]);
    }
    // D-15: unknown members are refused, a SHOULD-level reading of ours.
    if (schema.additionalProperties === false && schema.maxProperties !== 0)
      visit.extra(path, 'unknownMember');
    for (const [name, sub] of Object.entries(properties)) {
      if (Object.hasOwn(record, name)) walk(sub, record[name], [...path, name], visit);
    }
    return;
  }
  if (type === 'array') {
    visit.replace('BPO-NEG-002', path, { item: 'text' });
    visit.replace('BPO-NEG-003', path, null);
    if (typeof schema.minItems === 'number' && schema.minItems > 0)
      visit.replace('BPO-NEG-006', path, [], 'is empty');
    const items = schema.items as Schema | undefined;
    if (items !== undefined && Array.isArray(value) && value.length > 0)
      walk(items, value[0], [...path, 0], visit);
    return;
  }
  if (type === 'number' || type === 'integer') {
    for (const amount of amountBreakages(schema)) visit.replace('BPO-NEG-001', path, amount);
    visit.replace('BPO-NEG-002', path, String(value ?? '1.00'));
    visit.replace('BPO-NEG-003', path, null);
    return;
  }
  if (type === 'string') {
    visit.replace('BPO-NEG-002', path, 42);
    visit.replace('BPO-NEG-003', path, null);
    if (Array.isArray(schema.enum)) {
      visit.replace('BPO-NEG-005', path, 'XXX');
      const lower = String(schema.enum[0]).toLowerCase();
      if (!schema.enum.includes(lower)) visit.replace('BPO-NEG-005', path, lower);
    }
    if (typeof schema.pattern === 'string') {
      const violation = patternViolation(schema.pattern);
      if (violation !== undefined)
        visit.replace(cites('D-14') ? 'BPO-NEG-009' : 'BPO-NEG-006', path, violation);
    }
    if (typeof schema.minLength === 'number' && schema.minLength > 0 && schema.pattern === undefined) {
      visit.replace('BPO-NEG-006', path, '', 'is empty');
    }
    if (schema.format === 'email')
      visit.replace(cites('D-14') ? 'BPO-NEG-009' : 'BPO-NEG-006', path, 'not-an-email');
    if (schema.format === 'uri') visit.replace('BPO-NEG-006', path, 'not a uri');
  }
}

/** Amount boundaries from the schema's own bounds and x-bnpl-max-decimals. */
export function amountBreakages(schema: Schema): number[] {
  const out: number[] = [];
  const low = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  if (low !== undefined) out.push(low);
  if (low !== undefined || (typeof schema.minimum === 'number' && schema.minimum >= 0)) out.push(-1, -0.01);
  const decimals = schema['x-bnpl-max-decimals'];
  if (typeof decimals === 'number') out.push(10 ** -(decimals + 1), Number(`12.${'3'.repeat(decimals)}5`));
  if (typeof schema.maximum === 'number') {
    const step = typeof decimals === 'number' ? 10 ** -decimals : 1;
    out.push(Number((schema.maximum + step).toFixed(typeof decimals === 'number' ? decimals : 0)));
  }
  return out;
}

/** A realistic string the pattern refuses, or undefined when none of the candidates is refused. */
export function patternViolation(pattern: string): string | undefined {
  const regex = new RegExp(pattern, 'u');
  return ['XX', 'a b', 'semi;colon', '12345', '\u0100', ''].find((candidate) => !regex.test(candidate));
}

export function fieldPath(path: readonly Segment[]): string {
  return path.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`),
    '',
  );
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
