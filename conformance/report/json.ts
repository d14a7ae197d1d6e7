// The JSON report: the ConformanceReport itself (spec/conformance-report.schema.json),
// and its validation against that schema, which the kit's tests and any consumer
// can run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConformanceReport } from '../../generated/conformance-report.schema.ts';
import { createAjv, type ValidateFunction } from '../../lib/ajv.ts';
import { specDir } from '../../lib/openapi.ts';

export function jsonReport(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

let validator: Promise<ValidateFunction> | undefined;

/** Compiles spec/conformance-report.schema.json once. */
export function reportValidator(): Promise<ValidateFunction> {
  validator ??= readFile(path.join(specDir, 'conformance-report.schema.json'), 'utf8').then((text) =>
    createAjv().compile(JSON.parse(text)),
  );
  return validator;
}
