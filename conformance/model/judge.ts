// Judging one step against the model: the answer against the prediction
// (BPO-MDL-001..003), and the order read back against the lifecycle and the
// ledger of the implementation's own answers (BPO-LC-*, BPO-AMT-001/002,
// BPO-MDL-005). Pure functions of their inputs; the commands call them.

import { type MinorUnits, toMajor } from '../../lib/money.ts';
import { offeredOperations } from '../../src/core/lifecycle.ts';
import type { CheckId } from '../catalogue.ts';
import { namedParameters } from '../checks/validation-problem-lists-problems.ts';
import type { Failure, Recorder } from '../results.ts';
import { StepFailure } from '../results.ts';
import type { Answer } from '../session.ts';
import type { KitSpec } from '../spec.ts';
import { jsonObject } from '../transcript.ts';
import { expectedRemainingMinor, lifecycle, type Machine, type RealOrder, type Status } from './model.ts';
import type { Expected, Prediction } from './predict.ts';

/** Collects one step's verdicts; passes are tallied at once, failures thrown together at the end. */
export class StepVerdict {
  readonly #failures: Failure[] = [];
  constructor(readonly recorder: Recorder) {}

  add(evaluated: readonly CheckId[], failures: readonly Failure[]): void {
    const failed = new Set(failures.map((f) => f.checkId));
    for (const id of evaluated) if (!failed.has(id)) this.recorder.evaluated(id);
    this.#failures.push(...failures);
  }

  /** Contract failures of an answer (their passes were tallied by the session). */
  contract(answer: Answer): void {
    this.#failures.push(...answer.failures);
  }

  throwIfFailed(): void {
    if (this.#failures.length > 0) throw new StepFailure(this.#failures);
  }
}

export interface AnswerJudgement {
  readonly evaluated: CheckId[];
  readonly failures: Failure[];
  readonly matched: Expected | undefined;
}

/** The answer against the prediction. */
export function judgeAnswer(spec: KitSpec, prediction: Prediction, answer: Answer): AnswerJudgement {
  const { exchange } = answer;
  const response = exchange.response;
  const operationId = exchange.operationId;
  // No response is BPO-HTTP-001's failure; there is nothing to compare.
  if (response === undefined) return { evaluated: [], failures: [], matched: undefined };
  const body = jsonObject(response);
  const evaluated: CheckId[] = ['BPO-MDL-001'];
  const failures: Failure[] = [];
  const matched = prediction.answers.find((a) => a.status === response.status);
  if (matched === undefined) {
    failures.push({
      checkId: 'BPO-MDL-001',
      operationId,
      message: `#${exchange.n}: expected ${prediction.answers.map(describeExpected).join(', or ')}; got ${describeActual(response.status, body)}`,
    });
    return { evaluated, failures, matched };
  }
  if (matched.problem !== undefined) {
    evaluated.push('BPO-MDL-002');
    const type = spec.problemTypePrefix + matched.problem;
    if (body?.Type !== type) {
      failures.push({
        checkId: 'BPO-MDL-002',
        operationId,
        message: `#${exchange.n}: expected Type ${type} (${matched.because}); got ${JSON.stringify(body?.Type)}`,
      });
    }
  }
  if (matched.parameters !== undefined && matched.parameters.length > 0) {
    evaluated.push('BPO-MDL-003');
    const named = namedParameters(body);
    if (!matched.parameters.some((p) => named.includes(p))) {
      failures.push({
        checkId: 'BPO-MDL-003',
        operationId,
        message: `#${exchange.n}: Problems should name ${matched.parameters.join(' or ')} (${matched.because}); it names ${named.length === 0 ? 'nothing' : named.join(', ')}`,
      });
    }
  }
  return { evaluated, failures, matched };
}

export interface OrderJudgement {
  readonly evaluated: CheckId[];
  readonly failures: Failure[];
  /** The model state with the status the implementation chose among those allowed. */
  readonly machine: Machine;
}

/** An order read back (a GET's 200 body) against the model and the ledger. */
export function judgeOrder(
  body: Record<string, unknown>,
  machine: Machine,
  acceptAlso: readonly Status[],
  order: RealOrder,
  n: number,
): OrderJudgement {
  const operationId = 'getBnplPaymentOrder';
  const failures: Failure[] = [];
  const fail = (checkId: CheckId, message: string) =>
    failures.push({ checkId, operationId, message: `#${n}: ${message}` });
  const major = (minor: number) => toMajor({ minor: minor as MinorUnits, currency: currencyOf(order) });

  // BPO-MDL-005: identity and authorization are fixed at creation.
  const identity: string[] = [];
  if (body.paymentOrderId !== order.paymentOrderId)
    identity.push(`paymentOrderId ${JSON.stringify(body.paymentOrderId)} ≠ ${order.paymentOrderId}`);
  if (body.authorizationAmount !== major(order.ledger.authorizationMinor)) {
    identity.push(
      `authorizationAmount ${JSON.stringify(body.authorizationAmount)} ≠ ${major(order.ledger.authorizationMinor)}`,
    );
  }
  if (body.currency !== order.currency)
    identity.push(`currency ${JSON.stringify(body.currency)} ≠ ${order.currency}`);
  if (identity.length > 0) fail('BPO-MDL-005', `the order read back changed: ${identity.join(', ')}`);

  // BPO-LC-001: the status is the lifecycle's, or one of the alternatives the documents allow.
  const allowed = [machine.status, ...acceptAlso];
  let adopted = machine;
  if (typeof body.status === 'string' && (allowed as string[]).includes(body.status)) {
    adopted = { ...machine, status: body.status as Status };
  } else {
    fail(
      'BPO-LC-001',
      `status is ${JSON.stringify(body.status)}; the lifecycle says ${allowed.join(' or ')}`,
    );
  }

  // BPO-LC-002 / 003: operations offered by the (adopted) state, as POSTs to the order's paths.
  const offered = offeredOperations(lifecycle, adopted);
  const operations = Array.isArray(body.operations) ? (body.operations as Record<string, unknown>[]) : [];
  const rels = operations.map((o) => String(o?.rel));
  const missing = offered.filter((rel) => !rels.includes(rel));
  const extra = rels.filter((rel) => !(offered as string[]).includes(rel));
  if (missing.length > 0 || extra.length > 0 || rels.length !== new Set(rels).size) {
    fail(
      'BPO-LC-002',
      `operations are [${rels.join(', ')}]; a ${adopted.status} order with remainingAmount ${major(adopted.quantities.remainingAmount)} and reversible ${major(adopted.quantities.capturedAmount - adopted.quantities.reversedAmount)} offers [${offered.join(', ')}] (D-05)`,
    );
  }
  const badHrefs = operations.filter((o) => {
    const path = lifecycle.operations[String(o?.rel) as keyof typeof lifecycle.operations]?.path;
    return (
      path !== undefined &&
      (o.method !== 'POST' ||
        typeof o.href !== 'string' ||
        !o.href.endsWith(`/${order.paymentOrderId}${path}`))
    );
  });
  if (badHrefs.length > 0) {
    fail(
      'BPO-LC-003',
      `operations not POSTing to the order's path: ${badHrefs.map((o) => `${String(o.rel)} ${String(o.method)} ${String(o.href)}`).join('; ')}`,
    );
  }

  // BPO-AMT-001: remainingAmount from the implementation's own answers, not from the model.
  const { ledger } = order;
  const expected = expectedRemainingMinor(ledger);
  if (body.remainingAmount !== major(expected)) {
    const why = !ledger.authorized
      ? 'the order is not authorized'
      : ledger.cancelled
        ? 'cancel-authorize removed what remained'
        : `authorizationAmount ${major(ledger.authorizationMinor)} − captured ${major(ledger.capturedMinor)}`;
    fail(
      'BPO-AMT-001',
      `remainingAmount is ${JSON.stringify(body.remainingAmount)}; expected ${major(expected)} (${why})`,
    );
  }
  // BPO-AMT-002: the 201s of reversals never add up to more than the 201s of captures.
  if (ledger.reversedMinor > ledger.capturedMinor) {
    fail(
      'BPO-AMT-002',
      `reversals of ${major(ledger.reversedMinor)} were accepted against captures of ${major(ledger.capturedMinor)}`,
    );
  }
  return {
    evaluated: ['BPO-MDL-005', 'BPO-LC-001', 'BPO-LC-002', 'BPO-LC-003', 'BPO-AMT-001', 'BPO-AMT-002'],
    failures,
    machine: adopted,
  };
}

function currencyOf(order: RealOrder) {
  return (['SEK', 'NOK', 'DKK', 'EUR'] as const).find((c) => c === order.currency) ?? 'SEK';
}

export function describeExpected(expected: Expected): string {
  const problem = expected.problem === undefined ? '' : ` ${expected.problem}`;
  const naming = expected.parameters === undefined ? '' : ` naming ${expected.parameters.join(' or ')}`;
  return `${expected.status}${problem}${naming} (${expected.because})`;
}

function describeActual(status: number, body: Record<string, unknown> | undefined): string {
  if (status < 400 || body === undefined) return String(status);
  const type = typeof body.Type === 'string' ? ` ${body.Type.split('/').pop()}` : '';
  const named = namedParameters(body);
  return `${status}${type}${named.length > 0 ? ` naming ${named.join(', ')}` : ''}`;
}
