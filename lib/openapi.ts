// Runtime view of an OpenAPI document under spec/: its revisions (a base file plus
// OpenAPI Overlays), its operations, and validators for their parameters (path,
// query, header), request bodies and responses, compiled from the spec's own
// schemas, or loaded from generated/validators/ where `npm run generate` wrote them
// ahead of time. Nothing here declares a shape; the spec does. Schema errors come
// back as Violations, plain values that each API's problem dialect words its own
// way. Used by the mock to check requests and by the conformance kit to check
// responses.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from './ajv.ts';
import { generatedDir, specDir } from './paths.ts';
import { parseYaml } from './yaml.ts';

export { specDir };

// The JSON shapes of the parts of OpenAPI 3.1 this module reads.
export interface SchemaObject {
  readonly [keyword: string]: unknown;
}
interface MediaTypeObject {
  readonly schema?: SchemaObject;
  readonly examples?: Readonly<Record<string, { readonly value?: unknown }>>;
}
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';
interface ParameterObject {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required?: boolean;
  readonly schema?: SchemaObject;
}
interface OperationObject {
  readonly operationId: string;
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content: Readonly<Record<string, MediaTypeObject>>;
  };
  readonly responses: Readonly<
    Record<string, { readonly content?: Readonly<Record<string, MediaTypeObject>> }>
  >;
  readonly 'x-bnpl-section'?: string;
}
type PathItemObject = Readonly<Record<string, unknown>> & {
  readonly parameters?: readonly ParameterObject[];
};
export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly servers?: readonly { readonly url: string }[];
  readonly paths: Readonly<Record<string, PathItemObject>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, SchemaObject>> };
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** A declared parameter (path, query or header) with its schema. */
export interface CompiledParameter {
  readonly name: string;
  readonly in: Exclude<ParameterLocation, 'cookie'>;
  readonly required: boolean;
  readonly schema: SchemaObject;
}

export interface CompiledOperation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path as the document writes it, relative to its server (`/merchant/{customerRef}/initiate`). */
  readonly pathTemplate: string;
  /** The path a request reaches, the server's base path included (`/cl/merchant-gateway-service/merchant/…`). */
  readonly fullPathTemplate: string;
  readonly section: string | undefined;
  readonly pathParameters: readonly { readonly name: string; readonly schema: SchemaObject }[];
  /** Every declared path, query and header parameter. */
  readonly parameters: readonly CompiledParameter[];
  /** Validates the path parameters after `coercePathParameters`. */
  readonly validatePath: ValidateFunction;
  /** Validates the declared query parameters (coerced), by name; undefined when none are declared. */
  readonly validateQuery: ValidateFunction | undefined;
  /** Validates the declared headers, by the name the spec writes; undefined when none are declared. */
  readonly validateHeaders: ValidateFunction | undefined;
  readonly body:
    | {
        readonly required: boolean;
        readonly mediaTypes: readonly string[];
        readonly validate: ValidateFunction;
      }
    | undefined;
  /** The documented statuses (as strings, "default" included), without loading any validator. */
  readonly statuses: ReadonlySet<string>;
  /** Documented statuses (as strings, "default" included) → media type → validator (undefined for no body). */
  readonly responses: ReadonlyMap<string, ReadonlyMap<string, ValidateFunction> | undefined>;
}

export interface CompiledSpec {
  readonly name: string;
  /** The revision compiled: the base document's `info.version`, or an overlay's. */
  readonly revision: string;
  /** The path of the first server URL (`/cl/merchant-gateway-service`), '' when it has none. */
  readonly basePath: string;
  readonly document: OpenApiDocument;
  readonly operations: ReadonlyMap<string, CompiledOperation>;
}

/** An operation of a compiled contract by its operationId; a missing one is a bug in the caller. */
export function operationOf(spec: CompiledSpec, operationId: string): CompiledOperation {
  const compiled = spec.operations.get(operationId);
  if (compiled === undefined) throw new Error(`${spec.name}: the contract has no operation ${operationId}`);
  return compiled;
}

const overlaySuffix = '.overlay.yaml';

/** The overlay files of a contract: spec/<name>.<revision>.overlay.yaml, oldest revision first. */
async function overlayRevisions(name: string): Promise<string[]> {
  const prefix = `${name}.`;
  return (await readdir(specDir))
    .filter((f) => f.startsWith(prefix) && f.endsWith(overlaySuffix))
    .map((f) => f.slice(prefix.length, -overlaySuffix.length))
    .filter((revision) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(revision))
    .sort();
}

/**
 * The base document's `info.version`, read from the text without parsing the whole
 * document (which costs tens of milliseconds at every start); the full parse is the
 * fallback for a layout the pattern does not know.
 */
async function baseRevision(name: string): Promise<string> {
  const text = await readFile(path.join(specDir, `${name}.yaml`), 'utf8');
  const info = /^info:[ \t]*\n((?:[ \t]+.*\n|[ \t]*\n)*)/m.exec(text)?.[1] ?? '';
  const version = /^[ \t]{2}version:[ \t]*(["']?)([^"'\n#]+?)\1[ \t]*$/m.exec(info)?.[2];
  return version ?? ((await parseYaml(text)) as OpenApiDocument).info.version;
}

/** Every revision of a contract, oldest first: the base document's, then each overlay's. */
export async function revisionsOf(name: string): Promise<string[]> {
  return [await baseRevision(name), ...(await overlayRevisions(name))];
}

/** The newest revision of a contract (the one the mock serves and the kit certifies by default). */
export async function latestRevision(name: string): Promise<string> {
  const overlays = await overlayRevisions(name);
  return overlays[overlays.length - 1] ?? (await baseRevision(name));
}

export class UnknownRevisionError extends Error {
  override name = 'UnknownRevisionError';
}

/**
 * Reads spec/<name>.yaml as plain data, $refs unresolved, with the overlays up to
 * `revision` applied in order (default: the latest). Overlays build on each other, so
 * revision N is the base plus overlays 1..N.
 */
export async function readSpec(name: string, revision?: string): Promise<OpenApiDocument> {
  const base = (await parseYaml(
    await readFile(path.join(specDir, `${name}.yaml`), 'utf8'),
  )) as OpenApiDocument;
  const overlays = await overlayRevisions(name);
  const wanted = revision ?? overlays[overlays.length - 1] ?? base.info.version;
  if (wanted === base.info.version) return base;
  const upTo = overlays.indexOf(wanted);
  if (upTo === -1) {
    throw new UnknownRevisionError(
      `${name} has no revision ${wanted} (known: ${[base.info.version, ...overlays].join(', ')})`,
    );
  }
  let document: unknown = base;
  for (const overlayRevision of overlays.slice(0, upTo + 1)) {
    const file = path.join(specDir, `${name}.${overlayRevision}${overlaySuffix}`);
    const overlaySet = (await parseYaml(await readFile(file, 'utf8'))) as { actions?: unknown[] };
    // Loaded only here: overlays are applied when a later revision is read from source.
    const { openapiOverlay } = await import('openapi-format');
    const applied = await openapiOverlay(document as never, { overlaySet: overlaySet as never });
    // An action whose target matches nothing is a mistake in the overlay, never a no-op.
    const unused = (applied.resultData as { unusedActions?: { target?: string }[] }).unusedActions ?? [];
    if (unused.length > 0) {
      throw new Error(`${file}: actions target nothing: ${unused.map((a) => a.target).join(', ')}`);
    }
    document = applied.data;
  }
  return document as OpenApiDocument;
}

/**
 * The validators of a contract revision, by the name `validatorSchemas` gives each:
 * compiled at run time from the document, or loaded from the module `npm run generate`
 * wrote (ajv's standalone code), so that the mock starts without compiling anything.
 */
type Validators = (name: string, schema: SchemaObject) => ValidateFunction;

const compiledSpecs = new Map<string, Promise<CompiledSpec>>();

/**
 * A revision of spec/<name>.yaml with every validator, from generated/validators/ when it
 * is fresh. Once per process: every mock started in it, and every kit run, shares the
 * compiled contract; a failed compile (an unknown revision) is not kept, so it is
 * reported again each time.
 */
export function compileSpec(name: string, options: { revision?: string } = {}): Promise<CompiledSpec> {
  const key = `${name} ${options.revision ?? 'latest'}`;
  let compiled = compiledSpecs.get(key);
  if (compiled === undefined) {
    compiled = compileRevision(name, options.revision);
    compiled.catch(() => compiledSpecs.delete(key));
    compiledSpecs.set(key, compiled);
  }
  return compiled;
}

async function compileRevision(name: string, wanted: string | undefined): Promise<CompiledSpec> {
  const revision = wanted ?? (await latestRevision(name));
  const precompiled = await loadPrecompiled(name, revision);
  if (precompiled !== undefined) {
    const lookup =
      (module: () => Record<string, ValidateFunction>): Validators =>
      (key) => {
        const validate = module()[key];
        if (validate === undefined)
          throw new Error(`generated/validators: ${name} ${revision} has no ${key}`);
        return validate;
      };
    return buildSpec(
      name,
      precompiled.document,
      lookup(() => precompiled.requests),
      lookup(precompiled.responses),
    );
  }
  return compileFromSource(name, revision);
}

/** Reads, validates and dereferences a revision of spec/<name>.yaml and compiles every validator at run time. */
export async function compileFromSource(name: string, revision?: string): Promise<CompiledSpec> {
  return compileDocument(name, await readSpec(name, revision));
}

/**
 * A contract given as data, as `readSpec` reads it (a test's edited copy of a revision):
 * checked against the OpenAPI schema, dereferenced, every validator compiled at run time.
 */
export async function compileDocument(name: string, raw: OpenApiDocument): Promise<CompiledSpec> {
  const document = await dereference(raw);
  // ajv's compiler is loaded only here: the generated validators need only its small runtime.
  const { createAjv } = await import('./ajv.ts');
  const ajv = createAjv();
  const compile: Validators = (_key, schema) => ajv.compile(schema);
  return buildSpec(name, document, compile, compile);
}

/** The document of a revision, checked against the OpenAPI schema and dereferenced. */
export async function dereferencedSpec(name: string, revision?: string): Promise<OpenApiDocument> {
  return dereference(await readSpec(name, revision));
}

async function dereference(raw: OpenApiDocument): Promise<OpenApiDocument> {
  // Loaded only here: the mock normally starts from generated/validators/ and never needs it.
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  return (await SwaggerParser.validate(structuredClone(raw) as never)) as unknown as OpenApiDocument;
}

/**
 * Every schema a revision is validated with, named as `buildSpec` asks for it: those of
 * requests (parameters and bodies, which the mock needs at once) apart from those of
 * responses (which only the tests and the conformance kit read).
 */
export function validatorSchemas(document: OpenApiDocument): {
  requests: Map<string, SchemaObject>;
  responses: Map<string, SchemaObject>;
} {
  const requests = new Map<string, SchemaObject>();
  const responses = new Map<string, SchemaObject>();
  const collect =
    (into: Map<string, SchemaObject>): Validators =>
    (key, schema) => {
      into.set(key, schema);
      return (() => true) as unknown as ValidateFunction;
    };
  for (const operation of buildSpec(
    '',
    document,
    collect(requests),
    collect(responses),
  ).operations.values()) {
    void operation.responses;
  }
  return { requests, responses };
}

function buildSpec(
  name: string,
  document: OpenApiDocument,
  validators: Validators,
  responseValidators: Validators,
): CompiledSpec {
  const basePath = serverBasePath(document);
  const operations = new Map<string, CompiledOperation>();
  for (const [pathTemplate, item] of Object.entries(document.paths)) {
    for (const method of httpMethods) {
      const operation = item[method] as OperationObject | undefined;
      if (operation === undefined) continue;
      const id = operation.operationId;
      const parameters = mergeParameters(item.parameters ?? [], operation.parameters ?? []);
      const pathParameters = parameters
        .filter((p) => p.in === 'path')
        .map((p) => ({ name: p.name, schema: p.schema }));
      const validatePath = validators(`${id}.path`, {
        type: 'object',
        required: pathParameters.map((p) => p.name),
        properties: Object.fromEntries(pathParameters.map((p) => [p.name, p.schema])),
      });
      const compileLocation = (location: 'query' | 'header') => {
        const declared = parameters.filter((p) => p.in === location);
        if (declared.length === 0) return undefined;
        return validators(`${id}.${location}`, {
          type: 'object',
          required: declared.filter((p) => p.required).map((p) => p.name),
          properties: Object.fromEntries(declared.map((p) => [p.name, p.schema])),
        });
      };
      const content = operation.requestBody?.content ?? {};
      const bodyMediaTypes = Object.keys(content);
      const firstBodySchema =
        bodyMediaTypes[0] === undefined ? undefined : content[bodyMediaTypes[0]]?.schema;
      const body =
        firstBodySchema === undefined
          ? undefined
          : {
              required: operation.requestBody?.required ?? false,
              mediaTypes: bodyMediaTypes,
              validate: validators(`${id}.body`, firstBodySchema),
            };
      let responses: Map<string, ReadonlyMap<string, ValidateFunction> | undefined> | undefined;
      /** Built on first use: the mock never reads them, the tests and the kit do. */
      const responsesOf = () => {
        if (responses !== undefined) return responses;
        responses = new Map();
        for (const [status, response] of Object.entries(operation.responses)) {
          const media = Object.entries(response.content ?? {});
          responses.set(
            status,
            media.length === 0
              ? undefined
              : new Map(
                  media.map(
                    ([type, m]) =>
                      [type, responseValidators(`${id}.response.${status}.${type}`, m.schema ?? {})] as const,
                  ),
                ),
          );
        }
        return responses;
      };
      operations.set(id, {
        operationId: id,
        method,
        pathTemplate,
        fullPathTemplate: basePath + pathTemplate,
        section: operation['x-bnpl-section'],
        pathParameters,
        parameters,
        validatePath,
        validateQuery: compileLocation('query'),
        validateHeaders: compileLocation('header'),
        body,
        statuses: new Set(Object.keys(operation.responses)),
        get responses() {
          return responsesOf();
        },
      });
    }
  }
  return { name, revision: document.info.version, basePath, document, operations };
}

/** The spec files a revision is read from (the base and the overlays up to it), for freshness. */
export async function sourceHash(name: string, revision: string): Promise<string> {
  const overlays = await overlayRevisions(name);
  const files = [
    `${name}.yaml`,
    ...overlays.filter((r) => r <= revision).map((r) => `${name}.${r}${overlaySuffix}`),
  ];
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(file)
      .update('\u0000')
      .update(await readFile(path.join(specDir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Where `npm run generate` writes a revision's dereferenced document and its validators. */
export function precompiledFiles(
  name: string,
  revision: string,
): { document: string; requests: string; responses: string } {
  const base = path.join(generatedDir, 'validators', `${name}.${revision}`);
  return { document: `${base}.json`, requests: `${base}.requests.cjs`, responses: `${base}.responses.cjs` };
}

const requireGenerated = createRequire(import.meta.url);

/**
 * The generated document and validators of a revision, when they were generated from
 * the spec files as they are now; otherwise undefined (the caller compiles from source,
 * so an edited spec is never served with stale validators).
 */
async function loadPrecompiled(
  name: string,
  revision: string,
): Promise<
  | {
      document: OpenApiDocument;
      requests: Record<string, ValidateFunction>;
      responses: () => Record<string, ValidateFunction>;
    }
  | undefined
> {
  const files = precompiledFiles(name, revision);
  let stored: { sourceHash: string; document: OpenApiDocument };
  try {
    stored = JSON.parse(await readFile(files.document, 'utf8'));
  } catch {
    return undefined;
  }
  if (stored.sourceHash !== (await sourceHash(name, revision))) return undefined;
  const load = (file: string) => requireGenerated(file) as Record<string, ValidateFunction>;
  let responses: Record<string, ValidateFunction> | undefined;
  return {
    document: stored.document,
    requests: load(files.requests),
    // Loaded synchronously on first use, from a getter: only the tests and the kit read responses.
    responses: () => {
      responses ??= load(files.responses);
      return responses;
    },
  };
}

export function serverBasePath(document: OpenApiDocument): string {
  const url = document.servers?.[0]?.url;
  if (url === undefined) return '';
  return new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
}

/** Path-item parameters overridden by the operation's own of the same name and location. */
function mergeParameters(
  pathLevel: readonly ParameterObject[],
  operationLevel: readonly ParameterObject[],
): CompiledParameter[] {
  const merged = new Map<string, CompiledParameter>();
  for (const p of [...pathLevel, ...operationLevel]) {
    if (p.in === 'cookie') continue;
    merged.set(`${p.in}:${p.name.toLowerCase()}`, {
      name: p.name,
      in: p.in,
      required: p.required ?? p.in === 'path',
      schema: p.schema ?? {},
    });
  }
  return [...merged.values()];
}

/**
 * Turns raw path segments into the types their schemas declare, so that
 * `paymentOrderId` "42" validates as the integer 42 and "abc" fails as a string.
 */
export function coercePathParameters(
  operation: CompiledOperation,
  raw: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, schema } of operation.pathParameters) {
    const value = raw[name];
    if (value === undefined) continue;
    out[name] = coerce(schema, value);
  }
  return out;
}

/**
 * A query or header string as its schema's type: integers and numbers when the text is
 * one, `true`/`false` for booleans; anything else stays a string, so the schema refuses it.
 */
export function coerce(schema: SchemaObject, value: string): unknown {
  switch (schema.type) {
    case 'integer':
      return /^-?[0-9]{1,16}$/.test(value) ? Number(value) : value;
    case 'number':
      return /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/** Where a violation is: the body (with the path of the member) or a named parameter. */
export type ViolationLocation = 'body' | Exclude<ParameterLocation, 'cookie'>;

/** One broken rule of a request, before any API words it. */
export interface Violation {
  readonly in: ViolationLocation;
  /** Body: the segments down to the member ([] for the body itself). A parameter: [its name]. */
  readonly at: readonly (string | number)[];
  /** The schema keyword that failed (`required`, `type`, `enum`, …), or the mock's own (`json`, `rule`). */
  readonly keyword: string;
  /** A plain English message, for dialects without wording of their own. */
  readonly message: string;
  /** Bounds of a failed range check, so a dialect can word it (the ledger's "Expected value between"). */
  readonly range?: {
    readonly low: number | undefined;
    readonly high: number | undefined;
    readonly actual: unknown;
    readonly decimals: number;
  };
}

/** Maps ajv errors to violations at `location`, below `prefix` (a parameter's name, or [] for the body). */
export function violationsFromErrors(
  errors: readonly ErrorObject[] | null | undefined,
  location: ViolationLocation,
  prefix: readonly (string | number)[] = [],
): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const violation = describe(error, location, prefix);
    const id = `${violation.at.join('\u0000')}\u0001${violation.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(violation);
  }
  return out;
}

function describe(
  error: ErrorObject,
  location: ViolationLocation,
  prefix: readonly (string | number)[],
): Violation {
  const at = [...prefix, ...pointerSegments(error.instancePath)];
  const params = error.params as Record<string, unknown>;
  const base = { in: location, keyword: error.keyword } as const;
  switch (error.keyword) {
    case 'required':
      return { ...base, at: [...at, String(params.missingProperty)], message: 'The field is required.' };
    case 'additionalProperties':
      return {
        ...base,
        at: [...at, String(params.additionalProperty)],
        message: 'The field is not part of the request.',
      };
    case 'exclusiveMinimum':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const range = rangeOf(error);
      return { ...base, at, message: plainRange(range), range };
    }
    case 'enum':
      return { ...base, at, message: `Expected one of [${(params.allowedValues as unknown[]).join(', ')}].` };
    case 'type':
      return { ...base, at, message: `Expected a value of type ${String(params.type)}.` };
    default:
      return { ...base, at, message: capitalize(`${error.message ?? 'is invalid'}.`) };
  }
}

/** The failing schema's bounds (ajv `verbose` keeps it) and the value. */
function rangeOf(error: ErrorObject): NonNullable<Violation['range']> {
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const decimals = typeof schema['x-bnpl-max-decimals'] === 'number' ? schema['x-bnpl-max-decimals'] : 0;
  const low =
    typeof schema.exclusiveMinimum === 'number'
      ? schema.exclusiveMinimum + 10 ** -decimals
      : typeof schema.minimum === 'number'
        ? schema.minimum
        : undefined;
  const high =
    typeof schema.maximum === 'number'
      ? schema.maximum
      : typeof schema.exclusiveMaximum === 'number'
        ? schema.exclusiveMaximum - 10 ** -decimals
        : undefined;
  return { low, high, actual: error.data, decimals };
}

function plainRange(range: NonNullable<Violation['range']>): string {
  const show = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(range.decimals));
  if (range.low !== undefined && range.high !== undefined)
    return `Must be between ${show(range.low)} and ${show(range.high)}.`;
  if (range.low !== undefined) return `Must be at least ${show(range.low)}.`;
  if (range.high !== undefined) return `Must be at most ${show(range.high)}.`;
  return 'Out of range.';
}

/** "/orderLines/0/amount" → ["orderLines", 0, "amount"]. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

/** ["customer", "email"] → "customer.email"; ["orderLines", 0, "amount"] → "orderLines[0].amount". */
export function dottedPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`),
    '',
  );
}

/**
 * "Expected value between [0,01]-[100000000] actual [0]": the ledger document's message
 * for an amount out of range, with its decimal comma.
 */
export function expectedRange(
  low: number | undefined,
  high: number | undefined,
  actual: unknown,
  decimals = 2,
): string {
  const show = (n: number | undefined) =>
    n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toFixed(decimals).replace('.', ',');
  return `Expected value between [${show(low)}]-[${show(high)}] actual [${String(actual).replace('.', ',')}]`;
}

/**
 * The ledger APIs' `Problems` object: each failing parameter, named by its dotted path
 * (`customer.email`, `orderLines[0].amount`; `body` for the body itself), to its messages.
 */
export function ledgerProblems(violations: readonly Violation[]): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const violation of violations) {
    const parameter = dottedPath(violation.at) || 'body';
    const message =
      violation.range === undefined
        ? violation.message
        : expectedRange(
            violation.range.low,
            violation.range.high,
            violation.range.actual,
            violation.range.decimals,
          );
    const messages = problems[parameter] ?? [];
    if (!messages.includes(message)) messages.push(message);
    problems[parameter] = messages;
  }
  return problems;
}

/** `ledgerProblems` of ajv errors on a body (kept for the spec tests). */
export function problemsFromErrors(
  errors: readonly ErrorObject[] | null | undefined,
): Record<string, string[]> {
  return ledgerProblems(violationsFromErrors(errors, 'body'));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
