// Reading the target's state back through the amounts left, as the negative,
// security and concurrency suites do once their requests are answered: a reverse of
// exactly the float the kit expects must succeed and answer remainingFloat 0.
import type { Answer } from '../session.ts';
import { jsonObject } from '../transcript.ts';
import { amount, type OpSession, opRequest } from './requests.ts';

/** A 2xx answer. */
export function succeeded(answer: Answer): boolean {
  const status = answer.exchange.response?.status;
  return status !== undefined && status >= 200 && status < 300;
}

/** The `remainingFloat.value` of a Reverse's answer, whatever it is (undefined when absent). */
export function remainingFloatOf(answer: Answer): unknown {
  return (jsonObject(answer.exchange.response)?.remainingFloat as { value?: unknown } | undefined)?.value;
}

export interface WholeReverse {
  readonly answer: Answer;
  /** A 2xx with remainingFloat 0: `minor` was exactly what was left. */
  readonly emptied: boolean;
  /** "answered <status>[ with remainingFloat <value>]", for the caller's message. */
  readonly answered: string;
}

/** Reverses `minor` of the customer's authorisation, which the kit expects to be all that is left of it. */
export async function reverseWhole(
  session: OpSession,
  authorisationId: string,
  minor: number,
): Promise<WholeReverse> {
  const answer = await session.send(
    opRequest(
      session,
      'Reverse',
      { customerRef: session.kit.target.customerRef, authorisationId },
      { body: { amount: amount(minor) } },
    ),
  );
  const remaining = remainingFloatOf(answer);
  return {
    answer,
    emptied: succeeded(answer) && remaining === 0,
    answered: `answered ${answer.exchange.response?.status ?? 'nothing'}${remaining === undefined ? '' : ` with remainingFloat ${JSON.stringify(remaining)}`}`,
  };
}
