// The kit's view of spec/order-processing.yaml: the compiled validators from
// lib/openapi.ts, the few facts the suites read out of the dereferenced document
// (paths, header parameters, the problems each operation lists, request schemas), and
// two readings of every success body: the open one (the members the sources name,
// with the contract's types: OP-CT-005, MUST) and the contract in full (OP-CT-006,
// SHOULD). Nothing here restates the contract; every answer is looked up in it.
import type { ValidateFunction } from '../../lib/ajv.ts';
import { type CompiledParameter, type CompiledSpec, compileSpec } from '../../lib/openapi.ts';
import type { ContractSpec } from '../checks/types.ts';
import { constsOf, contractIndex, type Schema } from '../contract-index.ts';
import { documentedMembers } from './sources.ts';

export const orderProcessingApi = 'order-processing';

export interface PathParams {
  readonly customerRef: string;
  readonly authorisationId?: string;
  readonly transactionId?: string;
}

export interface OpSpec extends ContractSpec {
  readonly compiled: CompiledSpec;
  readonly revision: string;
  /** The path the spec's paths start from at the server (`/cl/merchant-gateway-service`). */
  readonly basePath: string;
  section(operationId: string | undefined): string | undefined;
  /** A request path relative to the base URL, parameters encoded; `query` appended. */
  path(operationId: string, params: PathParams, query?: Readonly<Record<string, string>>): string;
  /** The header parameters an operation declares, by the name the spec writes. */
  headers(operationId: string): readonly CompiledParameter[];
  /** The contract's validator of a success body (OP-CT-006). */
  validateFull(operationId: string, status: number): ValidateFunction | undefined;
  /** The problem names the contract lists for a status of an operation (validation, insufficient-float…). */
  problemNames(operationId: string, status: number): readonly string[];
  /** The problems of the contract's catalogue with this status. */
  problemsWithStatus(status: number): readonly string[];
  /** The request body schema (dereferenced) of an operation, if it takes a body. */
  requestSchema(operationId: string): Schema | undefined;
}

let cached: Promise<OpSpec> | undefined;

/** Compiles the contract once per process. */
export function loadOrderProcessingSpec(): Promise<OpSpec> {
  cached ??= compileSpec(orderProcessingApi).then(orderProcessingSpecOf);
  return cached;
}

/** The kit's view of a compiled contract: the one under spec/, or a test's edited copy (lib/openapi.ts compileDocument). */
export function orderProcessingSpecOf(compiled: CompiledSpec): OpSpec {
  const document = compiled.document as unknown as {
    'x-bnpl-problems': Record<string, { status: number }>;
  };
  const index = contractIndex(compiled, orderProcessingApi, (schema, operationId) =>
    openReading(schema, '', documentedMembers[operationId] ?? {}),
  );
  const { operation } = index;
  const catalog = document['x-bnpl-problems'];
  return {
    compiled,
    revision: compiled.revision,
    basePath: compiled.basePath,
    operation,
    section: index.section,
    path(operationId, params, query) {
      const template = operation(operationId).pathTemplate;
      const filled = template
        .replace('{customerRef}', encodeURIComponent(params.customerRef))
        .replace('{authorisationId}', encodeURIComponent(params.authorisationId ?? ''))
        .replace('{transactionId}', encodeURIComponent(params.transactionId ?? ''));
      return query === undefined || Object.keys(query).length === 0
        ? filled
        : `${filled}?${new URLSearchParams(query)}`;
    },
    headers(operationId) {
      return operation(operationId).parameters.filter((p) => p.in === 'header');
    },
    validateResource: index.validateResource,
    validateFull(operationId, status) {
      return operation(operationId).responses.get(String(status))?.get('application/json');
    },
    problemType() {
      return undefined;
    },
    problemNames(operationId, status) {
      const schema = index.problemSchema(operationId, status);
      return schema === undefined ? [] : constsOf(schema, 'type').map((t) => t.slice(t.lastIndexOf('/') + 1));
    },
    problemsWithStatus(status) {
      return Object.entries(catalog)
        .filter(([, problem]) => problem.status === status)
        .map(([name]) => name);
    },
    requestSchema: index.requestSchema,
  };
}

/** Enumerations the sources state in full (S2: OfferStatus; every sample is GBP). */
const documentedEnums = new Set(['currencyCode', 'offerStatus']);

/**
 * The open reading of a success body's schema: members the sources do not name are
 * extensions, and the members they name keep the contract's types. So: `required`
 * keeps only the documented members (and an amount's value and currencyCode, S2); the
 * conditional requirements (if/then/else), the enumerations and bounds of our
 * decisions, members the contract forbids (`false`) and minimum lengths go. An
 * amount's minimum 0 and 2 decimals stay (S15).
 */
export function openReading(
  schema: Schema,
  where: string,
  documented: Readonly<Record<string, readonly string[]>>,
  member?: string,
): Schema {
  const out: Record<string, unknown> = {};
  const properties = schema.properties as Record<string, Schema | boolean> | undefined;
  const amount = properties !== undefined && 'value' in properties && 'currencyCode' in properties;
  for (const [keyword, value] of Object.entries(schema)) {
    switch (keyword) {
      case 'if':
      case 'then':
      case 'else':
      case 'minLength':
      case 'minItems':
        break;
      case 'maximum':
        if (member !== 'duration') out[keyword] = value;
        break;
      case 'enum':
        if (member !== undefined && documentedEnums.has(member)) out[keyword] = value;
        break;
      case 'required': {
        const kept = amount
          ? ['value', 'currencyCode']
          : (value as string[]).filter((name) => (documented[where] ?? []).includes(name));
        if (kept.length > 0) out.required = kept;
        break;
      }
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, Schema | boolean>)
            .filter(([, sub]) => sub !== false)
            .map(([name, sub]) => [
              name,
              typeof sub === 'boolean' ? sub : openReading(sub, join(where, name), documented, name),
            ]),
        );
        break;
      case 'items':
        out.items = openReading(value as Schema, `${where}[]`, documented, member);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[keyword] = (value as Schema[]).map((sub) => openReading(sub, where, documented, member));
        break;
      default:
        out[keyword] = value;
    }
  }
  // `required` applies to the documented members even where the schema lists none itself.
  if (
    out.required === undefined &&
    !amount &&
    (documented[where] ?? []).length > 0 &&
    schema.type === 'object'
  ) {
    out.required = [...(documented[where] ?? [])];
  }
  return out;
}

const join = (where: string, name: string) => (where === '' ? name : `${where}.${name}`);
