// Problems: the expected failures of every API as values, and the dialects that word
// them. A `Problem` names an entry of the API's closed catalogue (one status, one
// title each) and carries the detail and, for validation, the violations; the API's
// `ProblemDialect` turns it into that API's documented body (PascalCase `Problems` for
// the ledger API, RFC 9457 `errors` for Order Processing). Nothing here knows an API.
import type { Violation } from '../../lib/openapi.ts';

export const problemMediaType = 'application/problem+json';

export interface CatalogEntry {
  readonly status: number;
  readonly title: string;
}

/** A closed catalogue: every problem an API can answer, by name. */
export type ProblemCatalog = Readonly<Record<string, CatalogEntry>>;

/**
 * The transport-level problems every API answers the same way (bnpl-payment-order
 * DECISIONS.md D-17): each API's catalogue starts from these and adds its own.
 */
export const transportProblems = {
  validation: { status: 400, title: 'A validation error occurred' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  'not-found': { status: 404, title: 'The resource was not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  fatal: { status: 500, title: 'An unexpected error has occurred' },
  unavailable: { status: 503, title: 'The service is temporarily unavailable' },
} as const satisfies ProblemCatalog;

/** An expected failure, before any API words it. */
export interface Problem {
  /** A name of the API's catalogue (`validation`, `insufficient-float`). */
  readonly name: string;
  /** Says, for a person, what went wrong in this occurrence. */
  readonly detail: string;
  /** What failed validation, for `validation` problems. */
  readonly violations?: readonly Violation[];
  /** A title of its own instead of the catalogue's (a sandbox refusal that needs its own). */
  readonly title?: string;
  /** Extension members the API documents (the ledger's `ChoosePaymentMethodUrl`). */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** How one API writes its problems. */
export interface ProblemDialect {
  readonly catalog: ProblemCatalog;
  /** The occurrence identifier from a fresh UUID (a bare UUID, or `urn:uuid:…`). */
  instance(uuid: string): string;
  /** The documented body of a problem. */
  body(problem: Problem, entry: CatalogEntry, instance: string): Record<string, unknown>;
}

/** The catalogue entry of a problem; an unknown name is a bug in the API module. */
export function entryOf(dialect: ProblemDialect, name: string): CatalogEntry {
  const entry = dialect.catalog[name];
  if (entry === undefined) throw new Error(`problems: ${name} is not in the API's catalogue`);
  return entry;
}

/** The body and status of a problem in a dialect, with its occurrence id. */
export function renderProblem(
  dialect: ProblemDialect,
  problem: Problem,
  uuid: string,
): { readonly status: number; readonly body: Record<string, unknown> } {
  const entry = entryOf(dialect, problem.name);
  return { status: entry.status, body: dialect.body(problem, entry, dialect.instance(uuid)) };
}
