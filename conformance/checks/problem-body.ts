// Reading a problem the way the document allows it to be written: members in its
// PascalCase or in camelCase (the document's own prose says "the "type" property";
// D-18 keeps camelCase a SHOULD warning), and `Problems` naming a failing parameter
// by its path, or by a path under it (`restrictToProfiles[0].profileName` names
// `restrictToProfiles[0]`).

/** A problem member in PascalCase (`Type`), or else in camelCase (`type`). */
export function problemMember(body: Record<string, unknown> | undefined, name: string): unknown {
  if (body === undefined) return undefined;
  if (Object.hasOwn(body, name)) return body[name];
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return Object.hasOwn(body, camel) ? body[camel] : undefined;
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
