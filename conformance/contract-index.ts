// The index every API's kit spec (spec.ts, order-processing/spec.ts) keeps of its
// compiled contract: the operations of the dereferenced document by operationId, the
// compiled operations, their sections and request schemas, and a response validator
// for every 2xx JSON body, compiled from the API's own open reading of its schema.
// What each API reads beyond that stays in its own spec module.
import { createAjv, type ValidateFunction } from '../lib/ajv.ts';
import type { CompiledOperation, CompiledSpec } from '../lib/openapi.ts';

/** A JSON Schema object of the dereferenced document. */
export type Schema = Readonly<Record<string, unknown>>;

/** An operation of the dereferenced document, as far as the kits read it. */
export interface OperationObject {
  readonly operationId: string;
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema?: Schema }>> };
  readonly responses: Readonly<
    Record<string, { readonly content?: Readonly<Record<string, { readonly schema?: Schema }>> }>
  >;
}

export interface ContractIndex {
  /** The operation as the document writes it. */
  raw(operationId: string): OperationObject;
  /** The compiled operation (lib/openapi.ts). */
  operation(operationId: string): CompiledOperation;
  section(operationId: string | undefined): string | undefined;
  /** The request body schema (dereferenced) of an operation, if it takes a body. */
  requestSchema(operationId: string): Schema | undefined;
  /** The problem+json schema an operation documents for a status, if any. */
  problemSchema(operationId: string, status: number): Schema | undefined;
  /** The validator of a 2xx JSON body, compiled from the API's reading of its schema. */
  validateResource(operationId: string, status: number): ValidateFunction | undefined;
}

/**
 * Indexes a compiled contract of `api`; `reading` gives the schema a 2xx JSON body of
 * an operation is validated against (the API's open reading of the documented one).
 */
export function contractIndex(
  compiled: CompiledSpec,
  api: string,
  reading: (schema: Schema, operationId: string) => Schema,
): ContractIndex {
  const document = compiled.document as unknown as {
    paths: Record<string, Record<string, OperationObject>>;
  };
  const operations = new Map<string, OperationObject>();
  for (const item of Object.values(document.paths)) {
    for (const value of Object.values(item)) {
      if (typeof value === 'object' && value !== null && 'operationId' in value) {
        operations.set(value.operationId, value);
      }
    }
  }
  const raw = (operationId: string): OperationObject => {
    const found = operations.get(operationId);
    if (found === undefined) throw new Error(`conformance: ${operationId} is not in ${api}`);
    return found;
  };
  const operation = (operationId: string): CompiledOperation => {
    const found = compiled.operations.get(operationId);
    if (found === undefined) throw new Error(`conformance: ${operationId} is not in ${api}`);
    return found;
  };
  const ajv = createAjv();
  const resources = new Map<string, ValidateFunction>();
  for (const [operationId, op] of operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      const schema = response.content?.['application/json']?.schema;
      if (/^2[0-9][0-9]$/.test(status) && schema !== undefined) {
        resources.set(`${operationId} ${status}`, ajv.compile(reading(schema, operationId)));
      }
    }
  }
  return {
    raw,
    operation,
    section(operationId) {
      return operationId === undefined ? undefined : compiled.operations.get(operationId)?.section;
    },
    requestSchema(operationId) {
      return raw(operationId).requestBody?.content['application/json']?.schema;
    },
    problemSchema(operationId, status) {
      return raw(operationId).responses[String(status)]?.content?.['application/problem+json']?.schema;
    },
    validateResource(operationId, status) {
      return resources.get(`${operationId} ${status}`);
    },
  };
}

/** The string `const`s a schema (through allOf/anyOf/oneOf, depth first) puts on a property, each once. */
export function constsOf(schema: Schema, property: string): string[] {
  const own = (schema.properties as Record<string, Schema> | undefined)?.[property]?.const;
  const found = typeof own === 'string' ? [own] : [];
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    for (const sub of (schema[keyword] as Schema[] | undefined) ?? []) found.push(...constsOf(sub, property));
  }
  return [...new Set(found)];
}
