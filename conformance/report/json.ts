// The JSON report: the ConformanceReport itself (spec/conformance-report.schema.json),
// and its validation against that schema, which the kit's tests and any consumer
// can run.
import type { ConformanceReport } from '../../generated/conformance-report.schema.ts';
import type { ValidateFunction } from '../../lib/ajv.ts';
import { schemaValidator } from '../../lib/schemas.ts';

export function jsonReport(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The validator of spec/conformance-report.schema.json. */
export function reportValidator(): Promise<ValidateFunction> {
  return schemaValidator('conformance-report');
}
