// The JSON report: the report itself, and its validation against
// spec/conformance-report.schema.json (one schema for both APIs), which the kit's tests
// and any consumer can run.
import type { ValidateFunction } from '../../lib/ajv.ts';
import { schemaValidator } from '../../lib/schemas.ts';
import type { KitReport } from './types.ts';

export function jsonReport(report: KitReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The validator of a report, of either API: spec/conformance-report.schema.json. */
export function reportValidator(): Promise<ValidateFunction> {
  return schemaValidator('conformance-report');
}
