// Order Processing's negative suite: the cases negative-cases.ts derives from the
// contract, each sent against a state where the unbroken request would succeed. An
// amount of 0, negative, with 3 decimals, as a string, not an object, without its value
// or currency, or in another currency, and a request without its amount, MUST be
// refused (any 4xx) and move nothing; malformed JSON is 400 and a malformed id 400 or
// 404 (S15). How the refusal is worded (400 validation naming the member), the upper
// bound, the headers, the query, unknown members and the transport limits are our
// decisions (SHOULD). At the end the state is read back through the amounts left: a
// full reverse of the float the kit expects, and a full refund, must succeed, so a
// refused request that moved money shows. Deterministic: the same cases every run.
import type { CheckId } from '../catalogue.ts';
import type { OutgoingRequest } from '../client.ts';
import { recordContract } from '../engine.ts';
import type { Answer } from '../session.ts';
import type { SuiteShare } from '../suites/types.ts';
import { jsonObject } from '../transcript.ts';
import { problemName } from './dialect.ts';
import { adjusted, base, deriveNegativeCases, type NegativeCase, penny } from './negative-cases.ts';
import { gbp } from './oracle.ts';
import { remainingFloatOf, reverseWhole, succeeded } from './read-back.ts';
import { amount, type OpKit, type OpSession, opRequest, refundBody } from './requests.ts';
import { prepare, scaTokenFor } from './setup.ts';

interface State {
  readonly session: OpSession;
  readonly kit: OpKit;
  readonly authorisationId: string;
  readonly transactionId: string;
  /** The authorisation the upward adjustment cases go to. */
  readonly adjustedId: string;
  /** The customer's access token. */
  readonly token: string;
  /** A fresh sca-token valid for £1.00 (Initiate, and SCA where required). */
  scaToken(): Promise<string | undefined>;
}

/**
 * A case's request: what it sends, on the state's ids (the adjusted authorisation for an
 * upward adjustment), with the customer's token and, where the operation takes one and
 * the case does not leave it out, a fresh sca-token; undefined when none could be had.
 */
async function requestOf(state: State, negative: NegativeCase): Promise<OutgoingRequest | undefined> {
  const { kit, session } = state;
  const { send, operationId } = negative;
  const takesSca = kit.spec.headers(operationId).some((p) => p.name === 'sca-token');
  let scaToken: string | undefined;
  if (takesSca && !(send.omit ?? []).includes('sca-token') && send.headers?.['sca-token'] === undefined) {
    scaToken = await state.scaToken();
    if (scaToken === undefined) return undefined;
  }
  return opRequest(
    session,
    operationId,
    {
      customerRef: kit.target.customerRef,
      authorisationId: operationId === 'UpwardAdjustment' ? state.adjustedId : state.authorisationId,
      transactionId: state.transactionId,
      ...send.params,
    },
    {
      customerAccessToken: state.token,
      ...(scaToken === undefined ? {} : { scaToken }),
      ...(send.body === undefined ? {} : { body: send.body }),
      ...(send.raw === undefined ? {} : { raw: send.raw }),
      ...(send.omit === undefined ? {} : { omit: send.omit }),
      ...(send.headers === undefined ? {} : { headers: send.headers }),
      ...(send.query === undefined ? {} : { query: send.query }),
    },
  );
}

/** Whether a problem's errors name the place: a pointer (or one under it), a header, a parameter. */
export function namesPlace(body: Record<string, unknown> | undefined, place: NegativeCase['names']): boolean {
  if (place === undefined) return true;
  const errors = Array.isArray(body?.errors) ? (body.errors as Record<string, unknown>[]) : [];
  return errors.some((e) => {
    if (typeof e !== 'object' || e === null) return false;
    if (place.pointer !== undefined && typeof e.pointer === 'string')
      return e.pointer === place.pointer || e.pointer.startsWith(`${place.pointer}/`);
    if (place.header !== undefined && typeof e.header === 'string')
      return e.header.toLowerCase() === place.header.toLowerCase();
    if (place.parameter !== undefined) return e.parameter === place.parameter;
    return false;
  });
}

function passes(pass: NegativeCase['pass'], status: number): boolean {
  if (pass === '4xx') return status >= 400 && status < 500;
  if (pass === '2xx') return status >= 200 && status < 300;
  return pass.includes(status);
}

export async function runOrderProcessingNegative(
  kit: OpKit,
  options: { readonly onProgress?: (message: string, done: number, total: number) => void } = {},
): Promise<SuiteShare> {
  const all = deriveNegativeCases(kit.spec);
  const prepared = await prepare(kit, 'negative', 500, 100);
  if (prepared?.transactionId === undefined) {
    return { note: 'setup failed: an authorisation with a settlement; no case was sent' };
  }
  const { session } = prepared;
  const forAdjustments = await prepare(kit, 'negative', adjusted);
  if (forAdjustments === undefined) {
    return { note: 'setup failed: an authorisation for the upward adjustment cases; no case was sent' };
  }
  // prepare() asked the adapter for it.
  const token = kit.accessTokens.get(kit.target.customerRef) ?? '';
  const state: State = {
    session,
    kit,
    authorisationId: prepared.authorisationId,
    transactionId: prepared.transactionId,
    adjustedId: forAdjustments.authorisationId,
    token,
    scaToken: () => scaTokenFor(session, kit.target.customerRef, token, base),
  };
  // What the kit expects is left, and whether it still knows it.
  let float = 400;
  let refundableLeft = 100;
  let known = true;
  const authorised: string[] = [];
  const settled: string[] = [];
  const setup = [...session.transcript.entries];
  let done = 0;
  for (const negative of all) {
    options.onProgress?.('negative cases', done++, all.length);
    const request = await requestOf(state, negative);
    if (request === undefined) continue;
    const answer = await session.send(request);
    const transcript = [...setup, answer.exchange];
    recordContract(kit, answer, session.transcript.entries, negative.description);
    const response = answer.exchange.response;
    if (response === undefined) continue;
    const status = response.status;
    const body = jsonObject(response);
    const failures = [];
    const ok = passes(negative.pass, status);
    if (!ok) {
      const why = problemName(body?.type);
      failures.push({
        checkId: negative.checkId,
        operationId: negative.operationId,
        message: `#${answer.exchange.n}: ${negative.description} answered ${status}${why === undefined ? '' : ` ${why}`}; expected ${negative.pass === '4xx' ? 'a refusal (4xx)' : negative.pass === '2xx' ? 'it to be taken' : negative.pass.join(' or ')}`,
      });
    }
    const must =
      negative.checkId === 'OP-NEG-001' ||
      negative.checkId === 'OP-NEG-002' ||
      negative.checkId === 'OP-NEG-003';
    kit.recorder.judge([negative.checkId], failures, {
      section: kit.spec.section(negative.operationId),
      case: negative.description,
      transcript,
    });
    // How the refusal is worded: a 400 naming the member (SHOULD).
    if (negative.names !== undefined && status >= 400 && status < 500) {
      const naming: CheckId = must ? 'OP-NEG-005' : negative.checkId;
      const named = status === 400 && namesPlace(body, negative.names);
      if (must || ok) {
        kit.recorder.judge(
          [naming],
          named
            ? []
            : [
                {
                  checkId: naming,
                  operationId: negative.operationId,
                  message: `#${answer.exchange.n}: ${negative.description}: answered ${status}${status === 400 ? ` naming ${describeErrors(body)}` : ''}; OP-D-10 names ${JSON.stringify(negative.names)} in a 400`,
                },
              ],
          { section: kit.spec.section(negative.operationId), case: negative.description, transcript },
        );
      }
    }
    // What an accepted request moved.
    if (status >= 200 && status < 300) {
      if (negative.operationId === 'Authorise' && typeof body?.authorisationId === 'string')
        authorised.push(body.authorisationId);
      if (negative.moves === undefined || negative.moves === 0) {
        if (
          negative.operationId === 'Settle' ||
          negative.operationId === 'Reverse' ||
          negative.operationId === 'Refund'
        )
          known = false;
      } else if (negative.operationId === 'Settle') {
        float -= negative.moves;
        if (typeof body?.transactionId === 'string') settled.push(body.transactionId);
      } else if (negative.operationId === 'Reverse') float -= negative.moves;
      else if (negative.operationId === 'Refund') refundableLeft -= negative.moves;
    }
  }
  options.onProgress?.('negative cases', all.length, all.length);
  await readBack(kit, session, state, known, float, refundableLeft, setup.length);
  await releaseAll(kit, session, authorised, settled);
  await releaseFloat(kit, session, state.adjustedId);
  return {};
}

function describeErrors(body: Record<string, unknown> | undefined): string {
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  return errors.length === 0
    ? 'nothing'
    : JSON.stringify(
        errors.map(
          (e) =>
            (e as Record<string, unknown>).pointer ??
            (e as Record<string, unknown>).header ??
            (e as Record<string, unknown>).parameter,
        ),
      );
}

/**
 * Nothing moved on a refused request: the float and the refundable amount the kit
 * expects are exactly what is left (a full reverse and a full refund succeed, and the
 * reverse answers remainingFloat 0). Judged with OP-NEG-001 (its "moves nothing").
 */
async function readBack(
  kit: OpKit,
  session: OpSession,
  state: State,
  known: boolean,
  float: number,
  refundableLeft: number,
  from: number,
): Promise<void> {
  const customerRef = kit.target.customerRef;
  const whole = await reverseWhole(session, state.authorisationId, float);
  const reverse = whole.answer;
  const refund = await session.send(
    opRequest(
      session,
      'Refund',
      { customerRef, transactionId: state.transactionId },
      { body: refundBody(refundableLeft) },
    ),
  );
  for (const answer of [reverse, refund])
    recordContract(kit, answer, session.transcript.entries, 'reading back what the negative cases left');
  if (!known) return;
  const failures = [];
  if (!whole.emptied) {
    failures.push(
      moved(
        reverse,
        `a full reverse of the ${gbp(float)} the refused cases should have left ${whole.answered}`,
      ),
    );
  }
  if (!succeeded(refund)) {
    failures.push(
      moved(
        refund,
        `a full refund of the ${gbp(refundableLeft)} the refused cases should have left answered ${refund.exchange.response?.status ?? 'nothing'}`,
      ),
    );
  }
  kit.recorder.judge(['OP-NEG-001'], failures, {
    section: kit.spec.section('Reverse'),
    case: 'reading back what the negative cases left',
    transcript: session.transcript.entries.slice(0, from).concat(session.transcript.entries.slice(-2)),
  });
}

function moved(answer: Answer, message: string) {
  return {
    checkId: 'OP-NEG-001' as const,
    operationId: answer.exchange.operationId,
    message: `#${answer.exchange.n}: ${message}: a refused request moved money`,
  };
}

/** Best effort, unjudged: reverses what is left of an authorisation, as a reverse of a penny says. */
async function releaseFloat(kit: OpKit, session: OpSession, authorisationId: string): Promise<void> {
  const on = { customerRef: kit.target.customerRef, authorisationId };
  const probe = await session.send(opRequest(session, 'Reverse', on, { body: { amount: amount(penny) } }));
  const left = remainingFloatOf(probe);
  if (typeof left === 'number' && left > 0) {
    await session.send(
      opRequest(session, 'Reverse', on, { body: { amount: { value: left, currencyCode: 'GBP' } } }),
    );
  }
}

/** Best effort, unjudged: whatever accepted cases authorised or settled is released. */
async function releaseAll(
  kit: OpKit,
  session: OpSession,
  authorised: readonly string[],
  settled: readonly string[],
): Promise<void> {
  const customerRef = kit.target.customerRef;
  const tries: OutgoingRequest[] = [
    ...authorised.map((authorisationId) =>
      opRequest(session, 'Reverse', { customerRef, authorisationId }, { body: { amount: amount(base) } }),
    ),
    ...settled.map((transactionId) =>
      opRequest(session, 'Refund', { customerRef, transactionId }, { body: refundBody(penny) }),
    ),
  ];
  for (const request of tries) await session.send(request).catch(() => undefined);
}
