// Order Processing's concurrency suite: bursts of parallel settles and reverses on
// one authorisation, of parallel refunds on one transaction, and of parallel settles
// with one idempotency key, each request on its own connection. The requests race
// for real inside the target; the kit judges the outcome once everything has settled:
// the 200s never add up to more than the float (or the settlement), what is left
// agrees with them (a full reverse or refund of it succeeds, a penny more is refused),
// and one idempotency key has one effect.
import { randomUUID } from 'node:crypto';
import type { CheckId } from '../catalogue.ts';
import { recordContract } from '../engine.ts';
import type { Failure } from '../results.ts';
import type { Answer } from '../session.ts';
import type { SuiteShare } from '../suites/types.ts';
import { jsonObject } from '../transcript.ts';
import { gbp } from './oracle.ts';
import { reverseWhole, succeeded } from './read-back.ts';
import { amount, type OpKit, type OpSession, opRequest, refundBody, settleBody } from './requests.ts';
import { prepare } from './setup.ts';

export interface ConcurrencyOptions {
  readonly rounds?: number;
  /** Requests per burst. */
  readonly burst?: number;
  readonly onProgress?: (message: string, done: number, total: number) => void;
}

const authorisedMinor = 1_000;

export async function runOrderProcessingConcurrency(
  kit: OpKit,
  options: ConcurrencyOptions = {},
): Promise<SuiteShare> {
  const rounds = options.rounds ?? 2;
  const burst = options.burst ?? 8;
  const notes: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    options.onProgress?.('concurrency rounds', round - 1, rounds);
    const prepared = await prepare(kit, 'concurrency', authorisedMinor);
    if (prepared === undefined) {
      notes.push(`round ${round}: setup failed`);
      continue;
    }
    const [transactionId, ...others] = await floatBurst(
      kit,
      prepared.session,
      prepared.authorisationId,
      burst,
    );
    if (transactionId !== undefined) await refundBurst(kit, prepared.session, transactionId, burst);
    // The other settlements are refunded, unjudged, so that the credit comes back.
    for (const other of others) {
      const request = opRequest(
        prepared.session,
        'Refund',
        { customerRef: kit.target.customerRef, transactionId: other },
        { body: refundBody(authorisedMinor / 5) },
      );
      await prepared.session.send(request);
    }
    const keyed = await prepare(kit, 'concurrency', 300);
    if (keyed !== undefined) await oneKeyBurst(kit, keyed.session, keyed.authorisationId, burst);
  }
  options.onProgress?.('concurrency rounds', rounds, rounds);
  return notes.length === 0 ? {} : { note: notes.join('; ') };
}

/** Every answer of a burst is a success or a refusal (4xx); a 5xx or no answer is a failure. */
function judgeBurst(answers: readonly Answer[], checkId: CheckId): Failure[] {
  return answers
    .filter((a) => {
      const status = a.exchange.response?.status;
      return status === undefined || status >= 500 || status < 200 || (status >= 300 && status < 400);
    })
    .map((a) => ({
      checkId,
      operationId: a.exchange.operationId,
      message: `#${a.exchange.n}: a request of the burst answered ${a.exchange.response?.status ?? 'nothing'}; expected 200 or a refusal (4xx)`,
    }));
}

function settle(
  kit: OpKit,
  answers: readonly Answer[],
  session: OpSession,
  checkId: CheckId,
  failures: Failure[],
  scenario: string,
): void {
  const transcript = [...session.transcript.entries];
  for (const answer of answers) recordContract(kit, answer, session.transcript.entries, scenario);
  kit.recorder.judge([checkId], failures, {
    section: kit.spec.section(failures[0]?.operationId ?? 'Settle'),
    case: scenario,
    transcript,
  });
}

/**
 * One burst of settles and reverses in turn, a fifth of the authorisation each (at most
 * five fit, whichever they are), so that settles race settles, reverses race reverses,
 * and each races the other; then a reverse of a penny more than the 200s leave must be
 * refused, and one of exactly that must answer remainingFloat 0. Returns the
 * transactions the settles made (none when the burst failed). A burst of up to nine
 * has at most four reverses, so at least one settle succeeds.
 */
async function floatBurst(
  kit: OpKit,
  session: OpSession,
  authorisationId: string,
  burst: number,
): Promise<string[]> {
  const checkId: CheckId = 'OP-CON-001';
  const customerRef = kit.target.customerRef;
  const each = authorisedMinor / 5;
  const on = { customerRef, authorisationId };
  const isSettle = (i: number) => i % 2 === 0;
  const answers = await session.burst(
    Array.from({ length: burst }, (_, i) =>
      isSettle(i)
        ? opRequest(session, 'Settle', on, { body: settleBody(each) })
        : opRequest(session, 'Reverse', on, { body: { amount: amount(each) } }),
    ),
  );
  const settles = answers.filter((_, i) => isSettle(i));
  const reverses = answers.filter((_, i) => !isSettle(i));
  const failures = judgeBurst(answers, checkId);
  const settled = settles.filter(succeeded).length * each;
  const reversed = reverses.filter(succeeded).length * each;
  const moved = settled + reversed;
  const probes: Answer[] = [];
  if (moved > authorisedMinor) {
    failures.push({
      checkId,
      operationId: 'Settle',
      message: `parallel settles of ${gbp(settled)} and reverses of ${gbp(reversed)} were accepted on an authorisation of ${gbp(authorisedMinor)}`,
    });
  } else {
    const left = authorisedMinor - moved;
    const over = await session.send(
      opRequest(session, 'Reverse', on, { body: { amount: amount(left + 1) } }),
    );
    probes.push(over);
    if (succeeded(over))
      failures.push({
        checkId,
        operationId: 'Reverse',
        message: `#${over.exchange.n}: a reverse of ${gbp(left + 1)} was accepted although the 200s leave ${gbp(left)}`,
      });
    if (left > 0) {
      const exact = await reverseWhole(session, authorisationId, left);
      probes.push(exact.answer);
      if (!exact.emptied)
        failures.push({
          checkId,
          operationId: 'Reverse',
          message: `#${exact.answer.exchange.n}: a reverse of the ${gbp(left)} the 200s leave ${exact.answered}; expected 200 with remainingFloat 0`,
        });
    }
  }
  settle(kit, [...answers, ...probes], session, checkId, failures, 'parallel settles and reverses');
  const transactionIds = settles
    .filter(succeeded)
    .map((a) => jsonObject(a.exchange.response)?.transactionId)
    .filter((id): id is string => typeof id === 'string');
  return failures.length === 0 ? transactionIds : [];
}

/** `burst` refunds of 2/5 of a settlement: at most two fit; a penny more than what is left is refused, exactly that succeeds. */
async function refundBurst(
  kit: OpKit,
  session: OpSession,
  transactionId: string,
  burst: number,
): Promise<void> {
  const checkId: CheckId = 'OP-CON-002';
  const on = { customerRef: kit.target.customerRef, transactionId };
  const settledMinor = authorisedMinor / 5;
  const each = (settledMinor * 2) / 5;
  const answers = await session.burst(
    Array.from({ length: burst }, () => opRequest(session, 'Refund', on, { body: refundBody(each) })),
  );
  const failures = judgeBurst(answers, checkId);
  const refunded = answers.filter(succeeded).length * each;
  const probes: Answer[] = [];
  if (refunded > settledMinor) {
    failures.push({
      checkId,
      operationId: 'Refund',
      message: `parallel refunds of ${gbp(refunded)} were accepted on a settlement of ${gbp(settledMinor)}`,
    });
  } else {
    const left = settledMinor - refunded;
    const over = await session.send(opRequest(session, 'Refund', on, { body: refundBody(left + 1) }));
    probes.push(over);
    if (succeeded(over))
      failures.push({
        checkId,
        operationId: 'Refund',
        message: `#${over.exchange.n}: a refund of ${gbp(left + 1)} was accepted although the 200s leave ${gbp(left)}`,
      });
    if (left > 0) {
      const exact = await session.send(opRequest(session, 'Refund', on, { body: refundBody(left) }));
      probes.push(exact);
      if (!succeeded(exact))
        failures.push({
          checkId,
          operationId: 'Refund',
          message: `#${exact.exchange.n}: a refund of the ${gbp(left)} the 200s leave answered ${exact.exchange.response?.status ?? 'nothing'}`,
        });
    }
  }
  settle(kit, [...answers, ...probes], session, checkId, failures, 'parallel refunds');
}

/**
 * `burst` settles of a third of the authorisation, at once, with one idempotency key
 * and body: every success answers the same transactionId, and what is left is two
 * thirds (a reverse of exactly that answers remainingFloat 0).
 */
async function oneKeyBurst(
  kit: OpKit,
  session: OpSession,
  authorisationId: string,
  burst: number,
): Promise<void> {
  const checkId: CheckId = 'OP-CON-003';
  const on = { customerRef: kit.target.customerRef, authorisationId };
  const key = randomUUID();
  const answers = await session.burst(
    Array.from({ length: burst }, () =>
      opRequest(session, 'Settle', on, { body: settleBody(100), idempotencyKey: key }),
    ),
    { replay: true },
  );
  const failures = judgeBurst(answers, checkId);
  const ids = new Set(answers.filter(succeeded).map((a) => jsonObject(a.exchange.response)?.transactionId));
  if (ids.size > 1) {
    failures.push({
      checkId,
      operationId: 'Settle',
      message: `${burst} parallel settles with one idempotency-key settled ${ids.size} times: transactionIds ${[...ids].join(', ')}`,
    });
  }
  const probes: Answer[] = [];
  const settled = ids.size === 0 ? 0 : 100;
  const left = 300 - settled;
  const exact = await reverseWhole(session, authorisationId, left);
  probes.push(exact.answer);
  if (!exact.emptied)
    failures.push({
      checkId,
      operationId: 'Reverse',
      message: `#${exact.answer.exchange.n}: a reverse of the ${gbp(left)} one settle leaves ${exact.answered}; expected 200 with remainingFloat 0`,
    });
  const transactionId = [...ids][0];
  if (typeof transactionId === 'string') {
    probes.push(
      await session.send(
        opRequest(
          session,
          'Refund',
          { customerRef: kit.target.customerRef, transactionId },
          { body: refundBody(settled) },
        ),
      ),
    );
  }
  settle(
    kit,
    [...answers, ...probes],
    session,
    checkId,
    failures,
    'parallel settles with one idempotency-key',
  );
}
