// The JSON report: the report itself, and its validation against its schema, which
// the kit's tests and any consumer can run. bnpl-payment-order's report is exactly
// spec/conformance-report.schema.json. Order Processing's report has the same
// structure; its schema is that file with the few parts that name the API changed
// (the target, check and decision ids, the quotes' sources, the adapter's steps),
// derived here from it so that the two never drift apart.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createAjv, type ValidateFunction } from '../../lib/ajv.ts';
import { specDir } from '../../lib/paths.ts';
import { schemaValidator } from '../../lib/schemas.ts';
import type { KitReport } from './types.ts';

export function jsonReport(report: KitReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

type Schema = Record<string, unknown> & {
  properties: Record<string, unknown>;
  $defs: Record<string, Record<string, unknown> & { properties: Record<string, Record<string, unknown>> }>;
};

const string = { type: 'string', minLength: 1 } as const;

/** Order Processing's report schema: spec/conformance-report.schema.json where the API differs. */
export function orderProcessingReportSchema(base: unknown): Schema {
  const schema = structuredClone(base) as Schema;
  schema.$id = 'https://bnpl-kit.dev/schemas/conformance-report.order-processing.schema.json';
  schema.properties.target = {
    type: 'object',
    additionalProperties: false,
    required: ['baseUrl', 'merchantId', 'tenantId', 'customerRef', 'otherMerchantId', 'budget', 'adapter'],
    properties: {
      baseUrl: string,
      merchantId: string,
      tenantId: string,
      customerRef: string,
      otherCustomerRef: {
        description: 'The second approved customer (--other-customer), if given.',
        ...string,
      },
      otherMerchantId: { description: 'The second merchant used for the isolation checks.', ...string },
      budget: { description: 'The credit the kit may use, in pounds (--budget).', ...string },
      adapter: string,
    },
  };
  const checkResult = schema.$defs.checkResult;
  if (checkResult === undefined) throw new Error('conformance-report.schema.json has no checkResult');
  checkResult.properties.id = { type: 'string', pattern: '^OP-[A-Z]+-[0-9]{3}$' };
  checkResult.properties.decisions = {
    description: 'spec/order-processing.DECISIONS.md entries the check follows.',
    type: 'array',
    items: { type: 'string', pattern: '^OP-D-[0-9]{2}$' },
  };
  const quote = schema.$defs.quote;
  if (quote === undefined) throw new Error('conformance-report.schema.json has no quote');
  quote.properties.source = {
    description:
      '`document` (the Order Processing document; section: its step) or `research` (section: the source id).',
    enum: ['document', 'research'],
  };
  schema.$defs.customerStep = {
    description: "An adapter step: the customer's access token, or the customer completing SCA.",
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'n', 'step', 'customerRef', 'ok', 'durationMs'],
    properties: {
      kind: { const: 'customer' },
      n: { type: 'integer', minimum: 1 },
      step: { enum: ['customerAccessToken', 'completeSca'] },
      customerRef: { type: 'string' },
      scaToken: { type: 'string' },
      ok: { type: 'boolean' },
      error: { type: 'string' },
      durationMs: { type: 'number', minimum: 0 },
    },
  };
  return schema;
}

let orderProcessing: Promise<ValidateFunction> | undefined;

/** The validator of an API's report (default: bnpl-payment-order's, spec/conformance-report.schema.json). */
export function reportValidator(api = 'bnpl-payment-order'): Promise<ValidateFunction> {
  if (api === 'bnpl-payment-order') return schemaValidator('conformance-report');
  if (api !== 'order-processing') throw new Error(`conformance: no report schema for ${api}`);
  orderProcessing ??= readFile(path.join(specDir, 'conformance-report.schema.json'), 'utf8').then((text) =>
    createAjv().compile(orderProcessingReportSchema(JSON.parse(text))),
  );
  return orderProcessing;
}
