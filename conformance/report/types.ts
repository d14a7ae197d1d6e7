// The report one run of the kit produces, for any API. bnpl-payment-order's is
// exactly spec/conformance-report.schema.json (the generated types); Order
// Processing's differs only where the API does: the target it names, its check and
// decision ids, the sources its quotes come from (the document or a research source
// id), and the adapter's steps in a transcript. report/json.ts holds the schema of each.
import type * as Generated from '../../generated/conformance-report.schema.ts';

/** An Order Processing adapter step: the customer's access token, or the customer completing SCA. */
export interface AdapterStep {
  readonly kind: 'customer';
  readonly n: number;
  readonly step: 'customerAccessToken' | 'completeSca';
  readonly customerRef: string;
  /** The token the customer authenticated (completeSca). */
  readonly scaToken?: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly durationMs: number;
}

export type Entry = Generated.HttpExchange | Generated.CustomerStep | AdapterStep;
export type SuiteName = Generated.SuiteName;

export interface Quote {
  readonly section: string;
  readonly text: string;
  /** `document`, a later bnpl-payment-order source, or `research` (a source id of the research digest as the section). */
  readonly source: string;
}

export type Failure = Omit<Generated.Failure, 'transcript'> & { transcript: Entry[] };

export type CheckResult = Omit<Generated.CheckResult, 'quotes' | 'failures'> & {
  quotes: Quote[];
  failures: Failure[];
};

/** Where the kit ran and as whom: `ownerNo`… for bnpl-payment-order, `merchantId`… for Order Processing. */
export type ReportTarget = { baseUrl: string; adapter: string } & Record<string, string>;

export type KitReport = Omit<Generated.ConformanceReport, 'target' | 'checks'> & {
  target: ReportTarget;
  checks: CheckResult[];
};

export type SuiteStats = Generated.ConformanceReport['suites'][number];
