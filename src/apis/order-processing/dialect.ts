// How Order Processing writes problems (spec/order-processing.DECISIONS.md): RFC 9457
// application/problem+json with lower-case `type`, `title`, `status`, `detail`,
// `instance`; a 400 adds `errors`, one entry per failing field: `{ detail, pointer }`
// with a JSON Pointer into the body written as a fragment (`#/amount/value`), or
// `{ detail, header }` / `{ detail, parameter }` for headers and path or query
// parameters. `type` is an absolute URI whose last segment names the problem.
import type { Violation } from '../../../lib/openapi.ts';
import { type ProblemDialect, transportProblems } from '../../core/problems.ts';

export const apiName = 'order-processing';

/** The closed catalogue of problems this API answers. */
export const catalog = {
  ...transportProblems,
  'customer-token-invalid': {
    status: 403,
    title: 'The customer access token is not valid for this customer',
  },
  'sca-required': { status: 403, title: 'Strong customer authentication is required' },
  'insufficient-float': { status: 409, title: 'The authorisation has not enough float left' },
  'refund-exceeds-settled': { status: 409, title: 'The refund exceeds what the transaction settled' },
  'authorisation-declined': { status: 409, title: 'The authorisation was declined' },
  'partial-not-allowed': { status: 409, title: 'Partial operations are not allowed for this merchant' },
  'idempotency-key-reused': { status: 409, title: 'The idempotency key was used for another request' },
} as const;
export type ProblemName = keyof typeof catalog;

export const typePrefix = 'https://bnpl-kit.dev/problems/order-processing/';

export const validationDetail = 'The request is not valid; errors lists each field that failed.';

export const rfc9457Dialect: ProblemDialect = {
  catalog,
  type: (name) => `${typePrefix}${name}`,
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
};

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
