// The model-based engine every API's model suite runs on: fast-check generates
// command sequences (fc.commands), runs each against the target with
// fc.asyncModelRun, and on a failure shrinks to the shortest sequence that still
// fails the same check. The report gets that sequence, its numbered transcript and
// the seed and path that replay it exactly. What the commands are, and what a
// sequence does before and after them, is the API's.
import fc from 'fast-check';
import type { CheckId } from './catalogue.ts';
import { recordFailures } from './engine.ts';
import { type Failure, type RecordedFailure, StepFailure } from './results.ts';
import type { KitCore } from './session.ts';
import type { SuiteShare } from './suites/types.ts';
import type { Transcript, TranscriptEntry } from './transcript.ts';

export interface ModelSuiteOptions {
  readonly runs: number;
  readonly seed: number;
  /** A replay path as printed by a failure: `<counterexamplePath>@<replayPath>`. */
  readonly path?: string | undefined;
  readonly maxCommands: number;
  /** After this, remaining runs and shrinks pass without running (the report says so). */
  readonly budgetMs: number;
  readonly onProgress?: (message: string, done: number, total: number) => void;
}

/** What the real side of a sequence must show: the steps it ran and its transcript. */
export interface SequenceReal {
  readonly steps: string[];
  readonly session: { readonly transcript: Transcript };
}

type Command<M extends object, R extends SequenceReal> = fc.AsyncCommand<M, R>;

/** An API's sequences. */
export interface Sequences<M extends object, R extends SequenceReal> {
  /** The command every sequence starts with (one that reaches the interesting states quickly). */
  readonly first: fc.Arbitrary<Command<M, R>>;
  readonly commands: readonly fc.Arbitrary<Command<M, R>>[];
  /** A fresh model and real side; `warn` records a SHOULD warning of a step. */
  start(warn: (failure: Failure, real: R) => void): { model: M; real: R };
  /** Before each sequence (the target's clean-up, so a sequence and its replay start alike). */
  before?(): Promise<void>;
  /** After the commands of a sequence, judged like them (releasing what it holds). */
  finish?(model: M, real: R): Promise<void>;
  /** After a sequence that failed, unjudged, best effort. */
  cleanup?(model: M, real: R): Promise<void>;
}

interface CapturedFailure {
  readonly failures: StepFailure['failures'];
  readonly transcript: readonly TranscriptEntry[];
  readonly steps: readonly string[];
}

export async function runSequences<M extends object, R extends SequenceReal>(
  kit: KitCore,
  options: ModelSuiteOptions,
  sequences: Sequences<M, R>,
): Promise<SuiteShare> {
  const replay = parseReplayPath(options.path);
  const deadline = Date.now() + options.budgetMs;
  let target: CheckId | undefined;
  let minimal: CapturedFailure | undefined;
  const elsewhere = new Map<CheckId, CapturedFailure>();
  let runs = 0;
  let shrinkRuns = 0;
  let shrinking = false;
  let outOfTime = false;

  const property = fc.asyncProperty(
    sequences.first,
    fc.commands([...sequences.commands], {
      maxCommands: options.maxCommands,
      // Lengths spread up to maxCommands (the default size keeps them near 5, too short to reach captures).
      size: 'max',
      ...(replay.replayPath === undefined ? {} : { replayPath: replay.replayPath }),
    }),
    async (first, commands) => {
      if (Date.now() > deadline) {
        outOfTime = true;
        return;
      }
      if (shrinking) {
        shrinkRuns += 1;
        options.onProgress?.('shrinking, candidates tried', shrinkRuns, shrinkRuns);
      } else {
        runs += 1;
        options.onProgress?.('sequences', runs, options.runs);
      }
      // SHOULD warnings of a step are recorded as they come (not while shrinking, which repeats them).
      const { model, real } = sequences.start((failure, r) => {
        if (!shrinking) recordWarning(kit, failure, r);
      });
      await sequences.before?.();
      let failed = false;
      try {
        await fc.asyncModelRun(() => ({ model, real }), [first, ...commands]);
        await sequences.finish?.(model, real);
      } catch (error) {
        failed = true;
        // Anything but a StepFailure is a bug in the kit; let fast-check report it.
        if (!(error instanceof StepFailure)) throw error;
        const captured = {
          failures: error.failures,
          transcript: [...real.session.transcript.entries],
          steps: [...real.steps],
        };
        target ??= error.failures[0]?.checkId;
        // Shrink towards the same bug: a candidate failing only other checks counts as passing.
        if (!error.failures.some((f) => f.checkId === target)) {
          for (const f of error.failures) if (!elsewhere.has(f.checkId)) elsewhere.set(f.checkId, captured);
          return;
        }
        shrinking = true;
        minimal = captured;
        throw error;
      } finally {
        if (failed) await sequences.cleanup?.(model, real);
      }
    },
  );

  const details = await fc.check(property, {
    numRuns: options.runs,
    seed: options.seed,
    ...(replay.counterexamplePath === undefined ? {} : { path: replay.counterexamplePath }),
  });

  const notes: string[] = [];
  if (details.failed) {
    if (!(details.errorInstance instanceof StepFailure) || minimal === undefined) {
      throw details.errorInstance instanceof Error
        ? details.errorInstance
        : new Error(`conformance: the model run failed without a verdict (${String(details.errorInstance)})`);
    }
    // fast-check needs both: the path through the shrink tree, and which commands ran (replayPath).
    const commandsRan = replayPathOf(details.counterexample);
    const path = `${details.counterexamplePath}${commandsRan === undefined ? '' : `@${commandsRan}`}`;
    const replayInfo = { seed: details.seed, path, arguments: `--seed ${details.seed} --path '${path}'` };
    record(kit, minimal, { replay: replayInfo });
    notes.push(`shrunk to ${minimal.steps.length} steps in ${details.numShrinks} shrinks`);
  }
  for (const [id, captured] of elsewhere) {
    if (minimal?.failures.some((f) => f.checkId === id)) continue;
    record(
      kit,
      captured,
      { note: 'seen while shrinking another failure; not minimal, not replayable by seed' },
      id,
    );
  }
  if (outOfTime) notes.push(`time budget of ${Math.round(options.budgetMs / 1000)} s reached`);
  return {
    runs,
    shrinks: details.numShrinks,
    ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
  };
}

function recordWarning(kit: KitCore, failure: Failure, real: SequenceReal): void {
  recordFailures(kit, [failure], {
    steps: [...real.steps],
    transcript: [...real.session.transcript.entries],
  });
}

function record(
  kit: KitCore,
  captured: CapturedFailure,
  extra: { replay?: RecordedFailure['replay']; note?: string },
  only?: CheckId,
): void {
  recordFailures(
    kit,
    captured.failures
      .filter((failure) => only === undefined || failure.checkId === only)
      .map((failure) =>
        extra.note === undefined ? failure : { ...failure, message: `${failure.message} (${extra.note})` },
      ),
    {
      steps: captured.steps,
      transcript: captured.transcript,
      ...(extra.replay === undefined ? {} : { replay: extra.replay }),
    },
  );
}

/** Splits `--path` into fast-check's counterexample path and the commands' replayPath. */
export function parseReplayPath(path: string | undefined): {
  counterexamplePath?: string;
  replayPath?: string;
} {
  if (path === undefined || path === '') return {};
  const at = path.indexOf('@');
  return at === -1
    ? { counterexamplePath: path }
    : { counterexamplePath: path.slice(0, at), replayPath: path.slice(at + 1) };
}

/** fast-check prints the commands' replayPath in the counterexample's string form. */
function replayPathOf(counterexample: unknown): string | undefined {
  const match = /replayPath="([^"]*)"/.exec(String(counterexample));
  return match?.[1];
}
