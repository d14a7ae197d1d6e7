// Runtime view of an OpenAPI document under spec/: its operations, and validators
// for their parameters, request bodies and responses, compiled from the spec's own
// schemas. Nothing here declares a shape; the spec does. Used by the mock to check
// requests and by the conformance kit to check responses.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse } from 'yaml';
import { createAjv, type ErrorObject, type ValidateFunction } from './ajv.ts';

export const specDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../spec');

// The JSON shapes of the parts of OpenAPI 3.1 this module reads.
interface SchemaObject {
  readonly [keyword: string]: unknown;
}
interface MediaTypeObject {
  readonly schema?: SchemaObject;
  readonly examples?: Readonly<Record<string, { readonly value?: unknown }>>;
}
interface ParameterObject {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
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
  readonly paths: Readonly<Record<string, PathItemObject>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, SchemaObject>> };
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface CompiledOperation {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly pathTemplate: string;
  readonly section: string | undefined;
  readonly pathParameters: readonly { readonly name: string; readonly schema: SchemaObject }[];
  /** Validates the path parameters after `coercePathParameters`. */
  readonly validatePath: ValidateFunction;
  readonly body:
    | {
        readonly required: boolean;
        readonly mediaTypes: readonly string[];
        readonly validate: ValidateFunction;
      }
    | undefined;
  /** Documented statuses (as strings, "default" included) → media type → validator (undefined for no body). */
  readonly responses: ReadonlyMap<string, ReadonlyMap<string, ValidateFunction> | undefined>;
}

export interface CompiledSpec {
  readonly name: string;
  readonly document: OpenApiDocument;
  readonly operations: ReadonlyMap<string, CompiledOperation>;
}

/** Reads spec/<name>.yaml as plain data, $refs unresolved. */
export async function readSpec(name: string): Promise<OpenApiDocument> {
  return parse(await readFile(path.join(specDir, `${name}.yaml`), 'utf8')) as OpenApiDocument;
}

/** Reads, validates and dereferences spec/<name>.yaml and compiles every validator. */
export async function compileSpec(name: string): Promise<CompiledSpec> {
  const raw = await readSpec(name);
  // validate() checks the document against the OpenAPI schema and dereferences it.
  const document = (await SwaggerParser.validate(
    structuredClone(raw) as never,
  )) as unknown as OpenApiDocument;
  const ajv = createAjv();
  const operations = new Map<string, CompiledOperation>();
  for (const [pathTemplate, item] of Object.entries(document.paths)) {
    for (const method of httpMethods) {
      const operation = item[method] as OperationObject | undefined;
      if (operation === undefined) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
      const pathParameters = parameters
        .filter((p) => p.in === 'path')
        .map((p) => ({ name: p.name, schema: p.schema ?? {} }));
      const validatePath = ajv.compile({
        type: 'object',
        required: pathParameters.map((p) => p.name),
        properties: Object.fromEntries(pathParameters.map((p) => [p.name, p.schema])),
      });
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
              validate: ajv.compile(firstBodySchema),
            };
      const responses = new Map<string, ReadonlyMap<string, ValidateFunction> | undefined>();
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = Object.entries(response.content ?? {});
        responses.set(
          status,
          media.length === 0
            ? undefined
            : new Map(media.map(([type, m]) => [type, ajv.compile(m.schema ?? {})] as const)),
        );
      }
      operations.set(operation.operationId, {
        operationId: operation.operationId,
        method,
        pathTemplate,
        section: operation['x-bnpl-section'],
        pathParameters,
        validatePath,
        body,
        responses,
      });
    }
  }
  return { name, document, operations };
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
    out[name] = schema.type === 'integer' && /^-?[0-9]{1,16}$/.test(value) ? Number(value) : value;
  }
  return out;
}

/**
 * Maps ajv errors to the document's `Problems` object: each failing parameter, named
 * by its path (`customer.email`, `orderLines[0].amount`), to its messages.
 */
export function problemsFromErrors(
  errors: readonly ErrorObject[] | null | undefined,
  root = '',
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const error of errors ?? []) {
    const [parameter, message] = describe(error, root);
    const messages = problems[parameter] ?? [];
    if (!messages.includes(message)) messages.push(message);
    problems[parameter] = messages;
  }
  return problems;
}

function describe(error: ErrorObject, root: string): [string, string] {
  const at = pointerToPath(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return [join(at, String(params.missingProperty)), 'The field is required.'];
    case 'additionalProperties':
      return [join(at, String(params.additionalProperty)), 'The field is not part of the request.'];
    case 'exclusiveMinimum':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return [at || 'body', rangeMessage(error)];
    case 'enum':
      return [at || 'body', `Expected one of [${(params.allowedValues as unknown[]).join(', ')}].`];
    case 'type':
      return [at || 'body', `Expected a value of type ${String(params.type)}.`];
    default:
      return [at || 'body', capitalize(`${error.message ?? 'is invalid'}.`)];
  }
}

/** The document's own range message, from the failing schema's bounds (ajv `verbose`). */
function rangeMessage(error: ErrorObject): string {
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
  return expectedRange(low, high, error.data, decimals);
}

/**
 * "Expected value between [0,01]-[100000000] actual [0]": the document's message for
 * an amount out of range, with its decimal comma. The mock uses it for amounts above
 * what the order allows, too.
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

function pointerToPath(pointer: string, root: string): string {
  if (pointer === '') return root;
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = root;
  for (const segment of segments) out = /^[0-9]+$/.test(segment) ? `${out}[${segment}]` : join(out, segment);
  return out;
}

function join(base: string, name: string): string {
  return base === '' ? name : `${base}.${name}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
