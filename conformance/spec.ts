// The kit's view of one revision of the bnpl-payment-order contract: the compiled
// validators from lib/openapi.ts plus the few facts the suites read out of the
// dereferenced document (success statuses, problem types, request schemas, sections),
// and response validators for the open reading of responses (openResponseSchema).
// Nothing here restates the contract; every answer is looked up in it.
import type { ValidateFunction } from '../lib/ajv.ts';
import {
  type CompiledOperation,
  type CompiledSpec,
  compileSpec,
  latestRevision,
  UnknownRevisionError,
} from '../lib/openapi.ts';
import { documentPatternMembers } from './bnpl-payment-order/document.ts';
import { constsOf, contractIndex, type Schema } from './contract-index.ts';
import { ConfigurationError } from './results.ts';

export const apiName = 'bnpl-payment-order';

export type { Schema };

export interface KitSpec {
  readonly compiled: CompiledSpec;
  readonly revision: string;
  /** `ledger/bnpl-payment-order/v1/problems/`, read from the documented problem types. */
  readonly problemTypePrefix: string;
  /** The contract's currencies (the Currency enum). */
  readonly currencies: readonly string[];
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
  /** Whether a schema of the contract lists a member as required (revisions differ). */
  requires(schema: string, member: string): boolean;
  /** Whether a schema of the contract has a member at all (revisions differ). */
  declares(schema: string, member: string): boolean;
  /** Whether an operation takes a query parameter (revisions differ). */
  takesQuery(operationId: string, name: string): boolean;
  /**
   * Validates a success body against the open reading of its schema: documented
   * members with their documented types; undocumented members and rels pass.
   */
  validateResource(operationId: string, status: number): ValidateFunction | undefined;
  /** The request body schema (dereferenced) of an operation, if it takes a body. */
  requestSchema(operationId: string): Schema | undefined;
}

const cached = new Map<string, Promise<KitSpec>>();

/** Compiles a revision of the contract (default: the latest) once per process. */
export async function loadSpec(revision?: string): Promise<KitSpec> {
  const wanted = revision ?? (await latestRevision(apiName));
  let loaded = cached.get(wanted);
  if (loaded === undefined) {
    loaded = build(wanted);
    // An unknown revision is the caller's mistake, reported each time, never cached.
    loaded.catch(() => cached.delete(wanted));
    cached.set(wanted, loaded);
  }
  return loaded;
}

async function build(revision: string): Promise<KitSpec> {
  let compiled: CompiledSpec;
  try {
    compiled = await compileSpec(apiName, { revision });
  } catch (error) {
    if (error instanceof UnknownRevisionError) throw new ConfigurationError(error.message);
    throw error;
  }
  const document = compiled.document as unknown as {
    components: { schemas: Record<string, Schema> };
  };
  const index = contractIndex(compiled, apiName, (schema) => openResponseSchema(schema));
  const { raw, operation } = index;
  const problemType = (operationId: string, status: number): string | undefined => {
    const schema = index.problemSchema(operationId, status);
    return schema === undefined ? undefined : constsOf(schema, 'Type')[0];
  };
  const validation = problemType('createBnplPaymentOrder', 400);
  if (validation === undefined) throw new Error('conformance: the contract documents no validation problem');
  const problemTypePrefix = validation.slice(0, validation.lastIndexOf('/') + 1);

  const currencies = document.components.schemas.Currency?.enum;
  if (!Array.isArray(currencies)) throw new Error('conformance: the contract has no Currency enum');
  return {
    compiled,
    revision: compiled.revision,
    currencies: currencies.map(String),
    problemTypePrefix,
    operation,
    section: index.section,
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
    requires(schema, member) {
      const required = document.components.schemas[schema]?.required;
      return Array.isArray(required) && required.includes(member);
    },
    declares(schema, member) {
      const properties = document.components.schemas[schema]?.properties;
      return typeof properties === 'object' && properties !== null && Object.hasOwn(properties, member);
    },
    takesQuery(operationId, name) {
      return operation(operationId).parameters.some((p) => p.in === 'query' && p.name === name);
    },
    validateResource: index.validateResource,
    requestSchema: index.requestSchema,
  };
}

/**
 * The open reading of a response schema: a response may carry members and rels the
 * document does not list, and members it does list keep the types and the document's
 * own constraints. So: objects admit other members; an optional member may be null
 * (an implementation that accepts null echoes it); the rels' and methods' enums go
 * (BPO-LC-002 judges known rels); amounts may be 0 ("Min: 0"); and the formats,
 * lengths and patterns of our decisions (D-14, D-28) go, the document's patterns stay.
 */
export function openResponseSchema(schema: Schema, member?: string): Schema {
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    switch (keyword) {
      case 'additionalProperties':
        if (value !== false) out[keyword] = openResponseSchema(value as Schema);
        break;
      case 'format':
        if (value !== 'email' && value !== 'uri') out[keyword] = value;
        break;
      case 'minLength':
      case 'minItems':
      case 'minProperties':
        break;
      case 'pattern':
        if (member !== undefined && documentPatternMembers.has(member)) out[keyword] = value;
        break;
      case 'enum':
        if (member !== 'rel' && member !== 'method') out[keyword] = value;
        break;
      case 'exclusiveMinimum':
        out.minimum = value;
        break;
      case 'properties': {
        const required = new Set((schema.required as string[] | undefined) ?? []);
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, Schema>).map(([name, sub]) => {
            const open = openResponseSchema(sub, name);
            return [name, required.has(name) ? open : { anyOf: [open, { type: 'null' }] }];
          }),
        );
        break;
      }
      case 'items':
        out.items = openResponseSchema(value as Schema, member);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[keyword] = (value as Schema[]).map((sub) => openResponseSchema(sub, member));
        break;
      default:
        out[keyword] = value;
    }
  }
  return out;
}
