// Helpers the Order Processing scenario suites share: bringing the target into the
// state a scenario needs (an authorisation, a settled transaction) through the same
// steps the model-based suite judges, and recording what goes wrong on the way. A
// setup that cannot be done is a configuration problem (engine.ts), never a pass.
import { recordFailures, type ScenarioSuite, setupFailed } from '../engine.ts';
import { StepFailure } from '../results.ts';
import { Session } from '../session.ts';
import { AuthoriseCommand, MoveCommand, OpReal } from './commands.ts';
import { emptyModel, type OpModel } from './oracle.ts';
import type { OpKit } from './requests.ts';

export interface Prepared {
  readonly session: Session<OpKit>;
  readonly model: OpModel;
  readonly real: OpReal;
  readonly authorisationId: string;
  readonly transactionId?: string;
}

/**
 * An authorisation of `authoriseMinor` (a fresh Initiate, SCA through the adapter
 * where required), and optionally a settlement of `settleMinor` on it; undefined when
 * a step did not succeed (recorded as the suite's failed setup, and its failures kept).
 */
export async function prepare(
  kit: OpKit,
  suite: ScenarioSuite,
  authoriseMinor: number,
  settleMinor?: number,
): Promise<Prepared | undefined> {
  const session = new Session(kit);
  const model = emptyModel();
  const real = new OpReal(session, (failure, r) =>
    kit.recorder.fail({
      ...failure,
      case: `setup: ${r.steps.join('; ')}`,
      transcript: [...r.session.transcript.entries],
    }),
  );
  const what = `an authorisation of ${authoriseMinor}p${settleMinor === undefined ? '' : ` with ${settleMinor}p settled`}`;
  const failed = (): undefined => {
    setupFailed(kit, suite, what, session.transcript.entries);
    return undefined;
  };
  try {
    await new AuthoriseCommand({ kind: 'fixed', minor: authoriseMinor }).run(model, real);
    const authorisation = model.authorisations[0];
    if (authorisation?.result !== 'Authorised') return failed();
    if (settleMinor !== undefined) {
      await new MoveCommand('settle', 0, { kind: 'fraction', num: settleMinor, den: authoriseMinor }).run(
        model,
        real,
      );
      if (model.transactions[0] === undefined) return failed();
    }
    return {
      session,
      model,
      real,
      authorisationId: authorisation.authorisationId,
      ...(model.transactions[0] === undefined ? {} : { transactionId: model.transactions[0].transactionId }),
    };
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    recordFailures(kit, error.failures, {
      case: `setup: ${real.steps.join('; ')}`,
      transcript: [...session.transcript.entries],
    });
    return failed();
  }
}
