// The kit's view of the bnpl-payment-order contract: the compiled validators from
// lib/openapi.ts plus the few facts the suites read out of the dereferenced
// document (success statuses, documented problem types, request schemas, sections).
// Nothing here restates the contract; every answer is looked up in it.
import { createAjv, type ValidateFunction } from '../lib/ajv.ts';
import { type CompiledOperation, type CompiledSpec, compileSpec } from '../lib/openapi.ts';

export const apiName = 'bnpl-payment-order';

/** A JSON Schema object of the dereferenced document. */
export type Schema = Readonly<Record<string, unknown>>;

export interface KitSpec {
  readonly compiled: CompiledSpec;
  readonly revision: string;
  /** `ledger/bnpl-payment-order/v1/problems/`, read from the documented problem types. */
  readonly problemTypePrefix: string;
  /** The contract's currencies (the Currency enum). */
  readonly currencies: readonly string[];
  /** The generic Problem schema, for statuses a decision accepts that the operation does not document. */
  readonly validateProblem: ValidateFunction;
  operation(operationId: string): CompiledOperation;
  section(operationId: string | undefined): string | undefined;
  path(
    operationId: string,
    params: { readonly ownerNo: string; readonly paymentOrderId?: number | string },
  ): string;
  /** The documented 2xx status of an operation. */
  successStatus(operationId: string): number;
  /** The problem Type documented for a status of an operation (its `const`), if any. */
  problemType(operationId: string, status: number): string | undefined;
  /** The status an operation documents for a problem name (validation → 400). */
  problemStatus(operationId: string, problem: string): number | undefined;
  /** Whether a schema of the contract lists a member as required (revisions differ). */
  requires(schema: string, member: string): boolean;
  /** The request body schema (dereferenced) of an operation, if it takes a body. */
  requestSchema(operationId: string): Schema | undefined;
}

let cached: Promise<KitSpec> | undefined;

/** Compiles the contract once per process. */
export function loadSpec(): Promise<KitSpec> {
  cached ??= build();
  return cached;
}

async function build(): Promise<KitSpec> {
  const compiled = await compileSpec(apiName);
  const document = compiled.document as unknown as {
    info: { version: string };
    paths: Record<string, Record<string, OperationObject>>;
    components: { schemas: Record<string, Schema> };
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
    const operation = operations.get(operationId);
    if (operation === undefined) throw new Error(`conformance: ${operationId} is not in ${apiName}`);
    return operation;
  };
  const problemType = (operationId: string, status: number): string | undefined => {
    const schema = raw(operationId).responses[String(status)]?.content?.['application/problem+json']?.schema;
    return schema === undefined ? undefined : findConst(schema, 'Type');
  };
  const validation = problemType('createBnplPaymentOrder', 400);
  if (validation === undefined) throw new Error('conformance: the contract documents no validation problem');
  const problemSchema = document.components.schemas.Problem;
  if (problemSchema === undefined) throw new Error('conformance: the contract has no Problem schema');
  const problemTypePrefix = validation.slice(0, validation.lastIndexOf('/') + 1);
  const operation = (operationId: string) => {
    const found = compiled.operations.get(operationId);
    if (found === undefined) throw new Error(`conformance: ${operationId} is not in ${apiName}`);
    return found;
  };

  const currencies = document.components.schemas.Currency?.enum;
  if (!Array.isArray(currencies)) throw new Error('conformance: the contract has no Currency enum');
  return {
    compiled,
    revision: document.info.version,
    currencies: currencies.map(String),
    problemTypePrefix,
    validateProblem: createAjv().compile(problemSchema),
    operation,
    section(operationId) {
      return operationId === undefined ? undefined : compiled.operations.get(operationId)?.section;
    },
    path(operationId, params) {
      const template = operation(operationId).pathTemplate;
      return template
        .replace('{ownerNo}', encodeURIComponent(params.ownerNo))
        .replace('{paymentOrderId}', encodeURIComponent(String(params.paymentOrderId ?? '')));
    },
    successStatus(operationId) {
      const status = Object.keys(raw(operationId).responses).find((s) => /^2[0-9][0-9]$/.test(s));
      if (status === undefined) throw new Error(`conformance: ${operationId} documents no 2xx`);
      return Number(status);
    },
    problemType,
    problemStatus(operationId, problem) {
      for (const status of Object.keys(raw(operationId).responses)) {
        if (problemType(operationId, Number(status)) === problemTypePrefix + problem) return Number(status);
      }
      return undefined;
    },
    requires(schema, member) {
      const required = document.components.schemas[schema]?.required;
      return Array.isArray(required) && required.includes(member);
    },
    requestSchema(operationId) {
      const content = raw(operationId).requestBody?.content;
      return content === undefined ? undefined : content['application/json']?.schema;
    },
  };
}

interface OperationObject {
  readonly operationId: string;
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema?: Schema }>> };
  readonly responses: Readonly<
    Record<string, { readonly content?: Readonly<Record<string, { readonly schema?: Schema }>> }>
  >;
}

/** The `const` a schema (through allOf/anyOf/oneOf) puts on a property. */
function findConst(schema: Schema, property: string): string | undefined {
  const own = (schema.properties as Record<string, Schema> | undefined)?.[property]?.const;
  if (typeof own === 'string') return own;
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    for (const sub of (schema[keyword] as Schema[] | undefined) ?? []) {
      const found = findConst(sub, property);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
