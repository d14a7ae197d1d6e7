// Reading a problem the way the document allows it to be written: members in each
// casing D-18 accepts (bnpl-payment-order/accepts.ts: the document's PascalCase, and
// camelCase since its own prose says "the "type" property"; a casing after the first
// warns in BPO-PB-005), and `Problems` naming a failing parameter by its path, or by
// a path under it (`restrictToProfiles[0].profileName` names `restrictToProfiles[0]`).
import { problemCasing } from '../bnpl-payment-order/accepts.ts';

/** A problem member in the first accepted casing it is written in (`Type`, else `type`). */
export function problemMember(body: Record<string, unknown> | undefined, name: string): unknown {
  if (body === undefined) return undefined;
  for (const casing of problemCasing.casings) {
    const member = casing.spell(name);
    if (Object.hasOwn(body, member)) return body[member];
  }
  return undefined;
}

/** The parameters a validation problem names (empty when it names none). */
export function namedParameters(body: Record<string, unknown> | undefined): string[] {
  const problems = problemMember(body, 'Problems');
  return typeof problems === 'object' && problems !== null && !Array.isArray(problems)
    ? Object.keys(problems)
    : [];
}

/** Whether a named parameter names `field`: the same path, or one under it (any case, `$.` allowed). */
export function names(named: string, field: string): boolean {
  const a = named.replace(/^\$\.?/, '').toLowerCase();
  const b = field.toLowerCase();
  return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
}

/** Whether the problem names at least one of `fields`. */
export function namesAny(body: Record<string, unknown> | undefined, fields: readonly string[]): boolean {
  const named = namedParameters(body);
  return fields.some((field) => named.some((n) => names(n, field)));
}
