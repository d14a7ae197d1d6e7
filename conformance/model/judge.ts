// Judging one step against the oracle: the answer against the predicted outcomes
// (BPO-MDL-001..003, BPO-DUP-001, and BPO-MDL-006 where an answer passes MUST but is
// not our decision's), and the order read back against the candidate states and the
// ledger of the implementation's own answers (BPO-LC-*, BPO-AMT-001/002,
// BPO-MDL-005). Pure functions of their inputs; the commands call them.
import { type MinorUnits, toMajor } from '../../lib/money.ts';
import { operationsListed } from '../bnpl-payment-order/accepts.ts';
import { documentedProblem, type Rel, rels } from '../bnpl-payment-order/document.ts';
import { type CheckId, levelOf } from '../catalogue.ts';
import { namedParameters, namesAny, problemMember } from '../checks/problem-body.ts';
import type { Failure, Recorder } from '../results.ts';
import { StepFailure } from '../results.ts';
import type { Answer, KitCore } from '../session.ts';
import type { KitSpec } from '../spec.ts';
import { jsonObject } from '../transcript.ts';
import type { RealOrder } from './model.ts';
import { allowedRels, type OrderState, type Outcome, type Prediction, requiredRels } from './oracle.ts';

/**
 * Collects one step's verdicts: passes are tallied at once; MUST failures (and SHOULD
 * ones under --strict) are thrown together at the end, so fast-check shrinks them;
 * SHOULD failures otherwise go to `warn` and the run goes on.
 */
export class StepVerdict {
  readonly #failures: Failure[] = [];
  constructor(
    readonly recorder: Recorder,
    readonly strict: boolean,
    readonly warn: (failure: Failure) => void,
  ) {}

  add(evaluated: readonly CheckId[], failures: readonly Failure[]): void {
    const failed = new Set(failures.map((f) => f.checkId));
    for (const id of evaluated) if (!failed.has(id)) this.recorder.evaluated(id);
    for (const failure of failures) this.#keep(failure);
  }

  /** Contract failures of an answer (their passes were tallied by the session). */
  contract(answer: Answer): void {
    for (const failure of answer.failures) this.#keep(failure);
  }

  throwIfFailed(): void {
    if (this.#failures.length > 0) throw new StepFailure(this.#failures);
  }

  #keep(failure: Failure): void {
    if (levelOf(failure.checkId) === 'SHOULD' && !this.strict) this.warn(failure);
    else this.#failures.push(failure);
  }
}

/** A step's verdict on the real side of a sequence (either API's): its SHOULD warnings go to the real side's `warn`. */
export function stepVerdict<
  R extends {
    readonly session: { readonly kit: KitCore };
    readonly warn: (failure: Failure, real: R) => void;
  },
>(r: R): StepVerdict {
  const kit = r.session.kit;
  return new StepVerdict(kit.recorder, kit.strict, (failure) => r.warn(failure, r));
}

export interface AnswerJudgement {
  readonly evaluated: CheckId[];
  readonly failures: Failure[];
  readonly matched: Outcome | undefined;
}

/** The answer against the predicted outcomes. */
export function judgeAnswer(spec: KitSpec, prediction: Prediction, answer: Answer): AnswerJudgement {
  const { exchange } = answer;
  const response = exchange.response;
  const operationId = exchange.operationId ?? '';
  // No response is BPO-HTTP-001's failure; there is nothing to compare.
  if (response === undefined) return { evaluated: [], failures: [], matched: undefined };
  const body = jsonObject(response);
  // A SHOULD reading is evaluated wherever the step allowed an answer that departs from it.
  const evaluated: CheckId[] = [
    prediction.checkId,
    ...new Set(prediction.outcomes.flatMap((o) => (o.warn === undefined ? [] : [o.warn.checkId]))),
  ];
  const failures: Failure[] = [];
  const fail = (checkId: CheckId, message: string) =>
    failures.push({ checkId, operationId, message: `#${exchange.n}: ${message}` });
  const candidates = prediction.outcomes.filter((o) => o.status === response.status);
  const matched =
    candidates.find((o) => o.parameters === undefined || namesAny(body, o.parameters)) ?? candidates[0];
  if (matched === undefined) {
    fail(
      prediction.checkId,
      `expected ${prediction.outcomes.map(describeOutcome).join(', or ')}; got ${describeActual(response.status, body)}`,
    );
    return { evaluated, failures, matched };
  }
  // The Type is the document's only where its table lists the problem for this status (else BPO-PB-007).
  if (matched.problem !== undefined && documentedProblem(operationId, matched.status) === matched.problem) {
    evaluated.push('BPO-MDL-002');
    const type = spec.problemTypePrefix + matched.problem;
    const actual = problemMember(body, 'Type');
    if (actual !== type)
      fail('BPO-MDL-002', `expected Type ${type} (${matched.because}); got ${JSON.stringify(actual)}`);
  }
  if (matched.parameters !== undefined && matched.parameters.length > 0) {
    evaluated.push('BPO-MDL-003');
    if (!namesAny(body, matched.parameters)) {
      const named = namedParameters(body);
      fail(
        'BPO-MDL-003',
        `Problems should name ${matched.parameters.join(' or ')} (${matched.because}); it names ${named.length === 0 ? 'nothing' : named.join(', ')}`,
      );
    }
  }
  if (matched.warn !== undefined) fail(matched.warn.checkId, matched.warn.message);
  return { evaluated, failures, matched };
}

export interface OrderJudgement {
  readonly evaluated: CheckId[];
  readonly failures: Failure[];
  /** The candidate state whose status the implementation shows. */
  readonly state: OrderState;
}

/** An order read back (a GET's 200 body) against the candidate states and the ledger. */
export function judgeOrder(
  body: Record<string, unknown>,
  candidates: readonly OrderState[],
  order: RealOrder,
  n: number,
): OrderJudgement {
  const first = candidates[0];
  if (first === undefined) throw new Error('conformance: an order read back without a candidate state');
  const operationId = 'getBnplPaymentOrder';
  const failures: Failure[] = [];
  const fail = (checkId: CheckId, message: string) =>
    failures.push({ checkId, operationId, message: `#${n}: ${message}` });
  const major = (minor: number) => toMajor({ minor: minor as MinorUnits, currency: 'SEK' });

  // BPO-MDL-005: identity and authorization are fixed at creation.
  const identity: string[] = [];
  if (body.paymentOrderId !== order.paymentOrderId)
    identity.push(`paymentOrderId ${JSON.stringify(body.paymentOrderId)} ≠ ${order.paymentOrderId}`);
  if (body.authorizationAmount !== major(first.authorizationMinor)) {
    identity.push(
      `authorizationAmount ${JSON.stringify(body.authorizationAmount)} ≠ ${major(first.authorizationMinor)}`,
    );
  }
  if (body.currency !== order.currency)
    identity.push(`currency ${JSON.stringify(body.currency)} ≠ ${order.currency}`);
  if (body.instore !== undefined && body.instore !== (order.instore ?? false))
    identity.push(`instore ${JSON.stringify(body.instore)} ≠ ${order.instore ?? false} as sent (D-26)`);
  if (identity.length > 0) fail('BPO-MDL-005', `the order read back changed: ${identity.join(', ')}`);

  // BPO-LC-001: the status is one of the candidates the document allows; the kit follows it.
  const state = candidates.find((c) => c.status === body.status);
  if (state === undefined) {
    fail(
      'BPO-LC-001',
      `status is ${JSON.stringify(body.status)}; after these steps it may be ${[...new Set(candidates.map((c) => c.status))].join(' or ')}`,
    );
  }
  const adopted = state ?? first;

  // BPO-LC-002 (MUST): every operation the state allows is listed, each entry well formed.
  const entries = Array.isArray(body.operations) ? (body.operations as unknown[]) : undefined;
  const situation = `a ${adopted.status} order with remainingAmount ${major(adopted.remainingMinor)} and reversible ${major(adopted.capturedMinor - adopted.reversedMinor)}`;
  const required = requiredRels(adopted);
  if (entries === undefined) {
    fail(
      'BPO-LC-002',
      `operations is ${JSON.stringify(body.operations)}, not a list; ${situation} allows [${required.join(', ')}]`,
    );
  } else {
    const malformed = entries.filter((e) => !wellFormed(e));
    const listed = entries.filter(wellFormed).map((e) => e.rel);
    const missing = required.filter((rel) => !listed.includes(rel));
    if (missing.length > 0 || malformed.length > 0) {
      fail(
        'BPO-LC-002',
        [
          missing.length === 0
            ? ''
            : `operations [${listed.join(', ')}] lacks ${missing.join(', ')}, which ${situation} allows`,
          malformed.length === 0
            ? ''
            : `malformed entries ${malformed.map((e) => JSON.stringify(e)).join(', ')}`,
        ]
          .filter((s) => s !== '')
          .join('; '),
      );
    }
    // BPO-LC-004 (SHOULD, D-05): nothing beyond what the state allows, no rel twice. Unknown rels are extensions.
    const allowed = allowedRels(adopted) as string[];
    const known = listed.filter((rel) => Object.hasOwn(rels, rel));
    const extra = known.filter((rel) => !allowed.includes(rel));
    if (extra.length > 0 || known.length !== new Set(known).size) {
      fail(
        operationsListed.moreWarns,
        `operations are [${listed.join(', ')}]; ${situation} offers [${allowed.join(', ')}] (${operationsListed.id})`,
      );
    }
    // BPO-LC-003 (SHOULD, D-21): each known rel POSTs to the order's path plus its own.
    const badHrefs = entries
      .filter(wellFormed)
      .filter(
        (e) =>
          Object.hasOwn(rels, e.rel) && !e.href.endsWith(`/${order.paymentOrderId}${rels[e.rel as Rel]}`),
      );
    if (badHrefs.length > 0) {
      fail(
        'BPO-LC-003',
        `operations not pointing at the order's path: ${badHrefs.map((e) => `${e.rel} ${e.href}`).join('; ')}`,
      );
    }
  }

  // BPO-AMT-001: remainingAmount as the document defines it, in minor units.
  if (body.remainingAmount !== major(adopted.remainingMinor)) {
    const why =
      adopted.status === 'Authorized' && adopted.remainingMinor > 0
        ? `authorizationAmount ${major(adopted.authorizationMinor)} − captured ${major(adopted.capturedMinor)}`
        : adopted.status === 'Created' || adopted.status === 'Rejected' || adopted.status === 'Failed'
          ? 'the order is not authorized'
          : 'cancel-authorize removed what remained, or everything is captured';
    fail(
      'BPO-AMT-001',
      `remainingAmount is ${JSON.stringify(body.remainingAmount)}; expected ${major(adopted.remainingMinor)} (${why})`,
    );
  }
  // BPO-AMT-002: the 201s of reversals never add up to more than the 201s of captures.
  if (order.ledger.reversedMinor > order.ledger.capturedMinor) {
    fail(
      'BPO-AMT-002',
      `reversals of ${major(order.ledger.reversedMinor)} were accepted against captures of ${major(order.ledger.capturedMinor)}`,
    );
  }
  return {
    evaluated: [
      'BPO-MDL-005',
      'BPO-LC-001',
      'BPO-LC-002',
      'BPO-LC-003',
      operationsListed.moreWarns,
      'BPO-AMT-001',
      'BPO-AMT-002',
    ],
    failures,
    state: adopted,
  };
}

interface OperationEntry {
  readonly rel: string;
  readonly method: string;
  readonly href: string;
}

/** {rel, method, href} strings; the document's rels are POSTs. */
function wellFormed(entry: unknown): entry is OperationEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const { rel, method, href } = entry as Record<string, unknown>;
  if (typeof rel !== 'string' || typeof method !== 'string' || typeof href !== 'string') return false;
  return !Object.hasOwn(rels, rel) || method.toUpperCase() === 'POST';
}

export function describeOutcome(outcome: Outcome): string {
  const problem = outcome.problem === undefined ? '' : ` ${outcome.problem}`;
  const naming = outcome.parameters === undefined ? '' : ` naming ${outcome.parameters.join(' or ')}`;
  return `${outcome.status}${problem}${naming} (${outcome.because})`;
}

function describeActual(status: number, body: Record<string, unknown> | undefined): string {
  if (status < 400 || body === undefined) return String(status);
  const type = problemMember(body, 'Type');
  const named = namedParameters(body);
  return `${status}${typeof type === 'string' ? ` ${type.split('/').pop()}` : ''}${named.length > 0 ? ` naming ${named.join(', ')}` : ''}`;
}
