// How Order Processing writes problems (spec/order-processing.DECISIONS.md): RFC 9457
// application/problem+json with lower-case `type`, `title`, `status`, `detail`,
// `instance`; a 400 adds `errors`, one entry per failing field: `{ detail, pointer }`
// with a JSON Pointer into the body written as a fragment (`#/amount/value`), or
// `{ detail, header }` / `{ detail, parameter }` for headers and path or query
// parameters. `type` is an absolute URI whose last segment names the problem.
import type { Violation } from '../../../lib/openapi.ts';
import { type ProblemCatalog, type ProblemDialect, transportProblems } from '../../core/problems.ts';

export const apiName = 'order-processing';

/**
 * The problem names the module answers; the catalogue itself (status, title) is read
 * from the contract's `x-bnpl-problems`, and mounting fails if one of these is missing.
 */
export const problemNames = [
  'validation',
  'unauthorized',
  'customer-token-invalid',
  'sca-required',
  'not-found',
  'method-not-allowed',
  'insufficient-float',
  'refund-exceeds-settled',
  'authorisation-declined',
  'partial-not-allowed',
  'idempotency-key-reused',
  'payload-too-large',
  'unsupported-media-type',
  'fatal',
] as const;

/** Problems only bnpl-kit's own endpoints answer (the sandbox, a lost store), not in the contract. */
const mockOnly: ProblemCatalog = {
  'sca-token-finished': { status: 409, title: 'The SCA token was already used or failed' },
  unavailable: transportProblems.unavailable,
};

/** The catalogue from a contract's `x-bnpl-problems` (name → status, title), with the mock's own. */
export function catalogOf(document: unknown): ProblemCatalog {
  const listed = (document as { 'x-bnpl-problems'?: Record<string, { status: number; title: string }> })[
    'x-bnpl-problems'
  ];
  if (listed === undefined) throw new Error(`${apiName}: the contract has no x-bnpl-problems`);
  const catalog: Record<string, { status: number; title: string }> = { ...mockOnly };
  for (const [name, entry] of Object.entries(listed))
    catalog[name] = { status: entry.status, title: entry.title };
  const missing = problemNames.filter((name) => catalog[name] === undefined);
  if (missing.length > 0) throw new Error(`${apiName}: x-bnpl-problems lacks ${missing.join(', ')}`);
  return catalog;
}

export const typePrefix = 'https://bnpl-kit.dev/problems/order-processing/';

export const validationDetail = 'The request is not valid; errors lists each field that failed.';

export const rfc9457Dialect = (catalog: ProblemCatalog): ProblemDialect => ({
  catalog,
  instance: (uuid) => `urn:uuid:${uuid}`,
  body(problem, entry, instance) {
    return {
      type: `${typePrefix}${problem.name}`,
      title: problem.title ?? entry.title,
      status: entry.status,
      detail: problem.detail,
      instance,
      ...(problem.violations === undefined ? {} : { errors: errorsOf(problem.violations) }),
      ...problem.extensions,
    };
  },
});

/** One `errors` entry per violation, each field once with its first message. */
export function errorsOf(violations: readonly Violation[]): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const seen = new Set<string>();
  for (const violation of violations) {
    const entry =
      violation.in === 'body'
        ? { detail: violation.message, pointer: jsonPointer(violation.at) }
        : violation.in === 'header'
          ? { detail: violation.message, header: String(violation.at[0] ?? '') }
          : { detail: violation.message, parameter: String(violation.at[0] ?? '') };
    const id = JSON.stringify({ ...entry, detail: undefined });
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(entry);
  }
  return out;
}

/** ["amount", "value"] → "#/amount/value"; [] → "#" (RFC 6901, as a URI fragment). */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return `#${segments.map((s) => `/${encodeURIComponent(String(s).replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('')}`;
}
