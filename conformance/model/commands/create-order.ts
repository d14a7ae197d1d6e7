// create: POST a new payment order, valid or with one invalid amount or currency.
// On 201 the order joins the model (status Created, remainingAmount 0).
import type fc from 'fast-check';
import { blankState } from '../../../src/core/lifecycle.ts';
import { createBody, operationRequest, type WireAmount, wire } from '../../requests.ts';
import { jsonObject } from '../../transcript.ts';
import { StepVerdict } from '../judge.ts';
import { lifecycle, type Model, type Real } from '../model.ts';
import { predict } from '../predict.ts';
import { judgeEcho, readBack, sendAndJudge, succeeded } from './step.ts';

export class CreateOrderCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly amount: WireAmount,
    readonly currency: string,
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: Model, r: Real): Promise<void> {
    const { session } = r;
    const verdict = new StepVerdict(session.kit.recorder);
    const body = createBody(session, this.amount, this.currency);
    const minor = 'minor' in this.amount ? this.amount.minor : 0;
    const singleProfile = session.target.subProfileNames.length <= 1;
    const blank = blankState(lifecycle, this.currency);
    const prediction = predict(
      session.spec,
      'createBnplPaymentOrder',
      'create',
      blank,
      { amount: minor, singleProfile },
      body,
    );
    r.steps.push(
      `create order ${m.orders.length + 1}: authorizationAmount ${body.authorizationAmount} ${this.currency}`,
    );
    const request = operationRequest(session, 'createBnplPaymentOrder', {}, body);
    const { answer, matched } = await sendAndJudge(r, verdict, request, prediction);
    if (!succeeded(matched) || prediction.next === undefined) return verdict.throwIfFailed();
    judgeEcho(verdict, answer, {
      status: 'Created',
      authorizationAmount: body.authorizationAmount,
      remainingAmount: 0,
      currency: body.currency,
      sellerAuthorizationId: body.sellerAuthorizationId,
    });
    const paymentOrderId = jsonObject(answer.exchange.response)?.paymentOrderId;
    if (typeof paymentOrderId !== 'number') return verdict.throwIfFailed();
    m.orders.push({ machine: prediction.next });
    r.orders.push({
      paymentOrderId,
      currency: this.currency,
      sellerAuthorizationId: body.sellerAuthorizationId,
      ledger: {
        authorizationMinor: minor,
        capturedMinor: 0,
        reversedMinor: 0,
        authorized: false,
        cancelled: false,
      },
    });
    const index = m.orders.length - 1;
    const model = m.orders[index];
    const real = r.orders[index];
    if (model === undefined || real === undefined)
      throw new Error('conformance: order just added is missing');
    await readBack({ m, r, index, model, real, verdict });
  }

  toString(): string {
    return `create(${wire(this.amount, this.currency)} ${this.currency})`;
  }
}
