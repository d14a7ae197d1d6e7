// Helpers the Order Processing scenario suites share: bringing the target into the
// state a scenario needs (an authorisation, a settled transaction) through the same
// steps the model-based suite judges, and recording what goes wrong on the way. A
// setup that cannot be done is a configuration problem (engine.ts), never a pass.
import { recordContract, recordFailures, type ScenarioSuite, setupFailed } from '../engine.ts';
import { StepFailure } from '../results.ts';
import { Session } from '../session.ts';
import { jsonObject } from '../transcript.ts';
import { adapterContext } from './adapter.ts';
import { AuthoriseCommand, MoveCommand, OpReal } from './commands.ts';
import { emptyModel, type OpModel } from './oracle.ts';
import { initiateBody, type OpKit, type OpSession, opRequest } from './requests.ts';

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

/**
 * An sca-token of a customer for `minor`: Initiate with their access token, and their
 * SCA through the adapter when it is required; unjudged, undefined when either fails.
 * With a `scenario`, the Initiate's contract failures are recorded under it.
 */
export async function scaTokenFor(
  session: OpSession,
  customerRef: string,
  customerAccessToken: string,
  minor: number,
  scenario?: string,
): Promise<string | undefined> {
  const { kit } = session;
  const answer = await session.send(
    opRequest(session, 'Initiate', { customerRef }, { customerAccessToken, body: initiateBody(minor) }),
  );
  if (scenario !== undefined) recordContract(kit, answer, session.transcript.entries, scenario);
  const body = jsonObject(answer.exchange.response);
  if (answer.exchange.response?.status !== 200 || typeof body?.scaToken !== 'string') return undefined;
  if (body.scaStatus !== 'AuthenticationRequired') return body.scaToken;
  try {
    return await kit.adapter.completeSca({
      ...adapterContext(kit),
      customerRef,
      scaToken: body.scaToken,
      widgetUrl: typeof body.widgetUrl === 'string' ? body.widgetUrl : undefined,
    });
  } catch {
    return undefined;
  }
}
