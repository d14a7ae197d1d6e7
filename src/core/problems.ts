// Problem bodies in the ledger APIs' documented format: application/problem+json
// with PascalCase members `Type`, `Title`, `Status`, `Instance`, `Detail` and, for
// validation, `Problems`. It owns building them from a closed catalog of problem
// names (one status and one title each); which rule maps to which name is the API's.

export const problemMediaType = 'application/problem+json';

export interface ProblemBody {
  readonly Type: string;
  readonly Title: string;
  readonly Status: number;
  readonly Instance: string;
  readonly Detail: string;
  readonly Problems?: Readonly<Record<string, readonly string[]>>;
}

export interface CatalogEntry {
  readonly status: number;
  readonly title: string;
}

/** A closed catalog: every problem an API can answer, by name. */
export type ProblemCatalog = Readonly<Record<string, CatalogEntry>>;

/** The transport-level problems every API answers the same way (DECISIONS.md D-17). */
export const transportProblems = {
  validation: { status: 400, title: 'A validation error occurred' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  'not-found': { status: 404, title: 'The resource was not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  fatal: { status: 500, title: 'An unexpected error has occurred' },
} as const satisfies ProblemCatalog;

/** Names the problem types of one API: `ledger/bnpl-payment-order/v1/problems/<name>`. */
export interface ProblemDomain<N extends string> {
  readonly typePrefix: string;
  readonly catalog: Readonly<Record<N, CatalogEntry>>;
}

export const validationDetail =
  "A validation error occurred. Please fix the problems mentioned in the 'problems' property below.";

export function problemBody<N extends string>(
  domain: ProblemDomain<N>,
  name: N,
  instance: string,
  detail: string,
  problems?: Readonly<Record<string, readonly string[]>>,
): ProblemBody {
  const entry = domain.catalog[name];
  return {
    Type: `${domain.typePrefix}${name}`,
    Title: entry.title,
    Status: entry.status,
    Instance: instance,
    Detail: detail,
    ...(problems === undefined ? {} : { Problems: problems }),
  };
}
