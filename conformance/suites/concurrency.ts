// The concurrency suite: bursts of parallel captures, then of parallel reversals,
// on one order, each request on its own connection. fast-check's scheduler cannot
// reorder what happens inside a remote server, so the kit lets the requests race
// for real and judges the outcome once everything has settled: the 201s never add
// up to more than the limit, and the order read back agrees with them.

import { type MinorUnits, toMajor } from '../../lib/money.ts';
import type { CheckId } from '../catalogue.ts';
import { namesAny } from '../checks/problem-body.ts';
import { recordContract, setupFailed } from '../engine.ts';
import { captureBody, operationRequest, reversalBody } from '../requests.ts';
import type { Failure } from '../results.ts';
import { type Answer, type Kit, Session } from '../session.ts';
import { jsonObject } from '../transcript.ts';
import { prepareOrder } from './setup.ts';
import type { SuiteShare } from './types.ts';

export interface ConcurrencySuiteOptions {
  readonly rounds?: number;
  /** Requests per burst. */
  readonly burst?: number;
  readonly onProgress?: (message: string, done: number, total: number) => void;
}

const authorizationMinor = 100_000;
const sek = (minor: number) => toMajor({ minor: minor as MinorUnits, currency: 'SEK' });

export async function runConcurrencySuite(
  kit: Kit,
  options: ConcurrencySuiteOptions = {},
): Promise<SuiteShare> {
  const rounds = options.rounds ?? 3;
  const burst = options.burst ?? 8;
  const notes: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    options.onProgress?.('concurrency rounds', round - 1, rounds);
    const session = new Session(kit);
    const id = await prepareOrder(session, { authorizationMinor, authorize: true });
    if (id === undefined) {
      notes.push(
        `round ${round}: ${setupFailed(kit, 'concurrency', 'an authorized order', session.transcript.entries)}`,
      );
      continue;
    }
    const captured = await captureBurst(kit, session, id, burst);
    if (captured !== undefined) await reversalBurst(kit, session, id, burst, captured);
  }
  options.onProgress?.('concurrency rounds', rounds, rounds);
  return notes.length === 0 ? {} : { note: notes.join('; ') };
}

/** `burst` captures of a fifth of the authorization each: at most five may succeed. Returns the captured sum. */
async function captureBurst(
  kit: Kit,
  session: Session,
  id: number,
  burst: number,
): Promise<number | undefined> {
  const check: CheckId = 'BPO-CON-001';
  const each = authorizationMinor / 5;
  const answers = await session.burst(
    Array.from({ length: burst }, () =>
      operationRequest(
        session,
        'createCapture',
        { paymentOrderId: id },
        captureBody(session, { minor: each }, 'SEK'),
      ),
    ),
    [409],
  );
  const failures = judgeBurst(answers, check, 'createCapture');
  const succeeded = answers.filter((a) => a.exchange.response?.status === 201).length;
  const captured = succeeded * each;
  if (captured > authorizationMinor) {
    failures.push(
      failure(
        check,
        'createCapture',
        `${succeeded} parallel captures of ${sek(each)} were accepted on an authorization of ${sek(authorizationMinor)}: ${sek(captured)} captured`,
      ),
    );
  }
  const read = await session.send(operationRequest(session, 'getBnplPaymentOrder', { paymentOrderId: id }));
  const remaining = jsonObject(read.exchange.response)?.remainingAmount;
  const expected = sek(Math.max(0, authorizationMinor - captured));
  if (remaining !== expected) {
    failures.push(
      failure(
        check,
        'getBnplPaymentOrder',
        `#${read.exchange.n}: after ${succeeded} accepted captures of ${sek(each)}, remainingAmount is ${JSON.stringify(remaining)}; expected ${expected}`,
      ),
    );
  }
  settle(kit, session, [...answers, read], check, failures, 'parallel captures');
  return failures.length === 0 ? captured : undefined;
}

/**
 * `burst` reversals of just over a third of the captured sum: at most two may
 * succeed. Then a probe: one reversal of 0.01 more than what the 201s leave
 * reversible must be refused, and one of exactly that must succeed.
 */
async function reversalBurst(
  kit: Kit,
  session: Session,
  id: number,
  burst: number,
  captured: number,
): Promise<void> {
  const check: CheckId = 'BPO-CON-002';
  const each = Math.floor(captured / 3) + 1;
  const answers = await session.burst(
    Array.from({ length: burst }, () =>
      operationRequest(
        session,
        'createReversal',
        { paymentOrderId: id },
        reversalBody(session, { minor: each }, 'SEK'),
      ),
    ),
    [409],
  );
  const failures = judgeBurst(answers, check, 'createReversal');
  const succeeded = answers.filter((a) => a.exchange.response?.status === 201).length;
  const reversed = succeeded * each;
  const probes: Answer[] = [];
  if (reversed > captured) {
    failures.push(
      failure(
        check,
        'createReversal',
        `${succeeded} parallel reversals of ${sek(each)} were accepted against captures of ${sek(captured)}`,
      ),
    );
  } else {
    const reversible = captured - reversed;
    const over = await session.send(
      operationRequest(
        session,
        'createReversal',
        { paymentOrderId: id },
        reversalBody(session, { minor: reversible + 1 }, 'SEK'),
      ),
      [409],
    );
    probes.push(over);
    if (over.exchange.response?.status === 201) {
      failures.push(
        failure(
          check,
          'createReversal',
          `#${over.exchange.n}: a reversal of ${sek(reversible + 1)} was accepted although the 201s leave ${sek(reversible)} reversible`,
        ),
      );
    }
    if (reversible > 0) {
      const exact = await session.send(
        operationRequest(
          session,
          'createReversal',
          { paymentOrderId: id },
          reversalBody(session, { minor: reversible }, 'SEK'),
        ),
        [409],
      );
      probes.push(exact);
      if (exact.exchange.response?.status !== 201) {
        failures.push(
          failure(
            check,
            'createReversal',
            `#${exact.exchange.n}: a reversal of the ${sek(reversible)} the 201s leave reversible answered ${exact.exchange.response?.status ?? 'nothing'}`,
          ),
        );
      }
    }
  }
  settle(kit, session, [...answers, ...probes], check, failures, 'parallel reversals');
}

/** Every answer of a burst is a 201 or a refusal naming amount (400) or a 409 (D-01, D-06). */
function judgeBurst(answers: readonly Answer[], check: CheckId, operationId: string): Failure[] {
  const failures: Failure[] = [];
  for (const { exchange } of answers) {
    const status = exchange.response?.status;
    if (status === undefined || status === 201 || status === 409) continue;
    if (status === 400 && namesAny(jsonObject(exchange.response), ['amount'])) continue;
    failures.push(
      failure(
        check,
        operationId,
        `#${exchange.n}: a request of the burst answered ${status}; expected 201, 400 naming amount, or 409`,
      ),
    );
  }
  return failures;
}

function settle(
  kit: Kit,
  session: Session,
  answers: readonly Answer[],
  check: CheckId,
  failures: Failure[],
  scenario: string,
): void {
  const transcript = [...session.transcript.entries];
  for (const answer of answers) recordContract(kit, answer, transcript, scenario);
  kit.recorder.judge([check], failures, {
    section: kit.spec.section(failures[0]?.operationId ?? 'createCapture'),
    case: scenario,
    transcript,
  });
}

function failure(checkId: CheckId, operationId: string, message: string): Failure {
  return { checkId, operationId, message };
}
