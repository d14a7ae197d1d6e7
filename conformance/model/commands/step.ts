// What every command does around its own request: pick its order, send and judge
// the answer against the oracle's prediction, and read the order back. Kept apart so
// each command file holds only what is particular to its operation.
import type fc from 'fast-check';
import type { CheckId } from '../../catalogue.ts';
import type { OutgoingRequest } from '../../client.ts';
import { operationRequest } from '../../requests.ts';
import type { Answer } from '../../session.ts';
import { jsonObject } from '../../transcript.ts';
import { judgeAnswer, judgeOrder, type StepVerdict, stepVerdict } from '../judge.ts';
import type { Model, ModelOrder, Real, RealOrder } from '../model.ts';
import type { Next, OrderState, Outcome, Prediction } from '../oracle.ts';

/** A command on one of the orders created so far, chosen by `pick` modulo their number. */
export abstract class OrderCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}

  check(m: Readonly<Model>): boolean {
    const order = m.orders[this.pick % Math.max(1, m.orders.length)];
    return order !== undefined && order.left === undefined && this.applies(order);
  }

  /** Whether the step makes sense on this order (customer steps need an order awaiting the customer). */
  protected applies(_order: Readonly<ModelOrder>): boolean {
    return true;
  }

  async run(m: Model, r: Real): Promise<void> {
    const index = this.pick % m.orders.length;
    const model = m.orders[index];
    const real = r.orders[index];
    // check() guarantees an order; the two lists grow together.
    if (model === undefined || real === undefined)
      throw new Error('conformance: model and real orders diverged');
    const verdict = stepVerdict(r);
    await this.act({ m, r, index, model, real, verdict });
  }

  protected abstract act(step: OrderStep): Promise<void>;

  abstract toString(): string;

  /** The order as fast-check prints the command: the pick, resolved modulo the orders at run time. */
  protected orderRef(): string {
    return `order pick ${this.pick}`;
  }
}

export interface OrderStep {
  readonly m: Model;
  readonly r: Real;
  readonly index: number;
  readonly model: ModelOrder;
  readonly real: RealOrder;
  readonly verdict: StepVerdict;
}

export function label(real: RealOrder, index: number): string {
  return `order ${index + 1} (${real.paymentOrderId})`;
}

/** Sends the step's request and judges the answer; returns the matched outcome. */
export async function sendAndJudge(
  r: Real,
  verdict: StepVerdict,
  request: OutgoingRequest,
  prediction: Prediction,
): Promise<{ answer: Answer; matched: Outcome | undefined }> {
  const { session } = r;
  const operationId = request.operationId ?? '';
  const answer = await session.send(request, undocumentedAccepted(r, operationId, prediction));
  verdict.contract(answer);
  const judged = judgeAnswer(session.spec, prediction, answer);
  verdict.add(judged.evaluated, judged.failures);
  return { answer, matched: judged.matched };
}

/** Statuses a prediction accepts that the operation does not document (for BPO-CT-001). */
function undocumentedAccepted(r: Real, operationId: string, prediction: Prediction): number[] {
  const { responses } = r.session.spec.operation(operationId);
  return prediction.outcomes.map((o) => o.status).filter((s) => !responses.has(String(s)));
}

export function succeeded(matched: Outcome | undefined): matched is Outcome {
  return matched !== undefined && matched.status < 300;
}

/** Checks an echo (BPO-MDL-004) of a created resource. */
export function judgeEcho(
  verdict: StepVerdict,
  answer: Answer,
  expected: Readonly<Record<string, unknown>>,
): void {
  const body = jsonObject(answer.exchange.response) ?? {};
  const wrong = Object.entries(expected)
    .filter(([key, value]) => body[key] !== value)
    .map(([key, value]) => `${key} is ${JSON.stringify(body[key])}, sent ${JSON.stringify(value)}`);
  verdict.add(
    ['BPO-MDL-004'],
    wrong.length === 0
      ? []
      : [
          {
            checkId: 'BPO-MDL-004',
            operationId: answer.exchange.operationId,
            message: `#${answer.exchange.n}: the answer does not echo the request: ${wrong.join('; ')}`,
          },
        ],
  );
}

/**
 * Applies the answer's outcome to the model order: the candidates the read-back will
 * choose among, or the order leaves the model. Returns the candidates to read back with.
 */
export function follow(model: ModelOrder, next: Next | undefined): readonly OrderState[] | undefined {
  if (next === undefined) return [model.state];
  if (next.kind === 'leaves') {
    model.left = next.why;
    return undefined;
  }
  return next.states.length === 0 ? [model.state] : next.states;
}

/** GETs the order and judges it against the candidate states; the model follows the one shown. */
export async function readBack(
  step: OrderStep,
  candidates: readonly OrderState[] | undefined,
): Promise<void> {
  const { r, model, real, verdict } = step;
  verdict.throwIfFailed();
  if (candidates === undefined || model.left !== undefined) return;
  const { session } = r;
  const request = operationRequest(session, 'getBnplPaymentOrder', { paymentOrderId: real.paymentOrderId });
  const known: Prediction = {
    checkId: 'BPO-MDL-001',
    outcomes: [
      {
        status: session.spec.successStatus('getBnplPaymentOrder'),
        because: '1.1: the order exists',
        next: { kind: 'states', states: candidates },
      },
    ],
  };
  const { answer, matched } = await sendAndJudge(r, verdict, request, known);
  const body = jsonObject(answer.exchange.response);
  if (succeeded(matched) && body !== undefined) {
    const judged = judgeOrder(body, candidates, real, answer.exchange.n);
    verdict.add(judged.evaluated, judged.failures);
    model.state = judged.state;
  }
  verdict.throwIfFailed();
}

/** Records the customer's step outcome (BPO-CUST-001). */
export function judgeCustomer(
  verdict: StepVerdict,
  entry: { readonly ok: boolean; readonly error?: string; readonly n: number; readonly step: string },
): void {
  const id: CheckId = 'BPO-CUST-001';
  verdict.add(
    [id],
    entry.ok
      ? []
      : [
          {
            checkId: id,
            message: `#${entry.n}: the adapter's ${entry.step} failed: ${entry.error ?? 'unknown error'}`,
          },
        ],
  );
}
