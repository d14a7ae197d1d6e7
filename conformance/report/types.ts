// The report one run of the kit produces, for either API: exactly
// spec/conformance-report.schema.json, through the types `npm run generate` writes
// from it. The schema holds both APIs' targets, check and decision ids, quote sources
// and transcript entries (bnpl-payment-order's customer steps, Order Processing's
// adapter steps), so nothing here re-declares a shape.
import type * as Generated from '../../generated/conformance-report.schema.ts';

export type AdapterStep = Generated.AdapterStep;
export type Entry = Generated.Entry;
export type SuiteName = Generated.SuiteName;
export type Quote = Generated.Quote;
export type Failure = Generated.Failure;
export type CheckResult = Generated.CheckResult;
/** Where the kit ran and as whom: `ownerNo`… for bnpl-payment-order, `merchantId`… for Order Processing. */
export type ReportTarget = Generated.ConformanceReport['target'];
export type KitReport = Generated.ConformanceReport;
export type SuiteStats = Generated.ConformanceReport['suites'][number];
