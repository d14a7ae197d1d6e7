// Outcomes of the checks: a Failure is what one check says about one exchange;
// the Recorder tallies evaluations and keeps a few failures per check with the
// transcript that shows them. Expected failures of the implementation are values;
// a thrown Error is a bug in the kit.
import { type CheckDefinition, type CheckId, catalogue } from './catalogue.ts';
import type { CheckResult, Failure as ReportedFailure } from './report/types.ts';
import type { TranscriptEntry } from './transcript.ts';

/** One check's verdict on one exchange or step. */
export interface Failure {
  readonly checkId: CheckId;
  readonly message: string;
  readonly operationId?: string | undefined;
}

/** A failure as the reports keep it: with its transcript and how to replay it. */
export interface RecordedFailure extends Failure {
  readonly section?: string | undefined;
  readonly case?: string;
  readonly steps?: readonly string[];
  readonly replay?: { readonly seed: number; readonly path: string; readonly arguments: string };
  readonly transcript: readonly TranscriptEntry[];
}

/** Thrown inside a model-based run to fail the property; carries every failure of the step. */
export class StepFailure extends Error {
  override name = 'StepFailure';
  constructor(readonly failures: readonly Failure[]) {
    super(failures.map((f) => `${f.checkId}: ${f.message}`).join('\n'));
  }
}

/** The kit found the target or its options unusable: exit code 2, not a verdict. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

const keptPerCheck = 3;
const defaultCatalogue = catalogue;

export class Recorder {
  /** The API's catalogue: the checks a report lists (default: bnpl-payment-order's). */
  constructor(readonly catalogue: ReadonlyMap<CheckId, CheckDefinition> = defaultCatalogue) {}

  readonly #evaluations = new Map<CheckId, number>();
  readonly #failures = new Map<CheckId, RecordedFailure[]>();
  readonly #failureCounts = new Map<CheckId, number>();

  evaluated(id: CheckId, times = 1): void {
    this.#evaluations.set(id, (this.#evaluations.get(id) ?? 0) + times);
  }

  fail(failure: RecordedFailure): void {
    this.evaluated(failure.checkId);
    this.#failureCounts.set(failure.checkId, (this.#failureCounts.get(failure.checkId) ?? 0) + 1);
    const kept = this.#failures.get(failure.checkId) ?? [];
    // Transcripts are copied: a scenario's log may grow after the failure.
    if (kept.length < keptPerCheck) kept.push({ ...failure, transcript: [...failure.transcript] });
    this.#failures.set(failure.checkId, kept);
  }

  /** Records an evaluation for each id, and the failures among them with one transcript. */
  judge(
    ids: readonly CheckId[],
    failures: readonly Failure[],
    context: Omit<RecordedFailure, keyof Failure>,
  ): void {
    const failed = new Set(failures.map((f) => f.checkId));
    for (const id of ids) if (!failed.has(id)) this.evaluated(id);
    for (const failure of failures) this.fail({ ...context, ...failure });
  }

  /** Every check of the catalogue, in catalogue order, with its outcome; `strict` fails SHOULD checks too. */
  results(strict = false): CheckResult[] {
    return [...this.catalogue.values()].map((definition) => {
      const id = definition.id as CheckId;
      const evaluations = this.#evaluations.get(id) ?? 0;
      const failures = this.#failures.get(id) ?? [];
      const outcome: CheckResult['outcome'] =
        failures.length > 0
          ? definition.level === 'MUST' || strict
            ? 'failed'
            : 'warning'
          : evaluations > 0
            ? 'passed'
            : 'skipped';
      return {
        id,
        level: definition.level,
        suite: definition.suite,
        title: definition.title,
        sections: [...definition.sections],
        quotes: definition.quotes.map((quote) => ({ ...quote })),
        decisions: [...definition.decisions],
        ...(definition.revisions === undefined ? {} : { revisions: definition.revisions }),
        outcome,
        evaluations,
        failureCount: this.#failureCounts.get(id) ?? 0,
        failures: failures.map(toReported),
      };
    });
  }
}

function toReported(failure: RecordedFailure): ReportedFailure {
  return {
    message: failure.message,
    ...(failure.operationId === undefined ? {} : { operationId: failure.operationId }),
    ...(failure.section === undefined ? {} : { section: failure.section }),
    ...(failure.case === undefined ? {} : { case: failure.case }),
    ...(failure.steps === undefined ? {} : { steps: [...failure.steps] }),
    ...(failure.replay === undefined ? {} : { replay: { ...failure.replay } }),
    transcript: failure.transcript.map((entry) =>
      entry.kind === 'customer'
        ? { ...entry }
        : {
            kind: 'http' as const,
            n: entry.n,
            ...(entry.operationId === undefined ? {} : { operationId: entry.operationId }),
            ...(entry.parallelGroup === undefined ? {} : { parallelGroup: entry.parallelGroup }),
            request: { ...entry.request, headers: { ...entry.request.headers } },
            ...(entry.response === undefined
              ? {}
              : {
                  response: {
                    status: entry.response.status,
                    headers: { ...entry.response.headers },
                    body: entry.response.body,
                  },
                }),
            ...(entry.error === undefined ? {} : { error: entry.error }),
            durationMs: entry.durationMs,
          },
    ),
  };
}
