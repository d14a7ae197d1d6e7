// create: POST a new payment order, valid or with one invalid amount or currency,
// sometimes repeating an earlier sellerAuthorizationId (D-07) and, from revision
// 2026-02-17, with `instore` and the `SellerNo` query parameter. On 201 the order
// joins the model (status Created, remainingAmount 0).
import type fc from 'fast-check';
import { createBody, operationRequest, type WireAmount, wire } from '../../requests.ts';
import { jsonObject } from '../../transcript.ts';
import { stepVerdict } from '../judge.ts';
import type { Model, ModelOrder, Real } from '../model.ts';
import { create, created } from '../oracle.ts';
import { judgeEcho, readBack, sendAndJudge, succeeded } from './step.ts';

export interface CreateOptions {
  /** Reuse the sellerAuthorizationId of the first order, if there is one. */
  readonly repeat?: boolean;
  /** `instore` to send (revision 2026-02-17); undefined leaves it out. */
  readonly instore?: boolean | undefined;
  /** Send the optional `SellerNo` query parameter (revision 2026-02-17). */
  readonly sellerNo?: boolean;
}

export class CreateOrderCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly amount: WireAmount,
    readonly currency: string,
    readonly options: CreateOptions = {},
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: Model, r: Real): Promise<void> {
    const { session } = r;
    const verdict = stepVerdict(r);
    const repeatOf = this.options.repeat ? r.orders[0]?.sellerAuthorizationId : undefined;
    const body = createBody(session, this.amount, this.currency, {
      ...(repeatOf === undefined ? {} : { sellerAuthorizationId: repeatOf }),
      ...(this.options.instore === undefined ? {} : { instore: this.options.instore }),
    });
    const prediction = create({
      amount: this.amount,
      currency: this.currency,
      currencies: session.spec.currencies,
      singleProfile: session.target.subProfileNames.length <= 1,
      repeated: repeatOf !== undefined,
    });
    const extras = [
      repeatOf === undefined ? '' : `, repeating sellerAuthorizationId ${repeatOf}`,
      this.options.instore === undefined ? '' : `, instore ${this.options.instore}`,
      this.options.sellerNo ? ', with SellerNo' : '',
    ].join('');
    r.steps.push(
      `create order ${m.orders.length + 1}: authorizationAmount ${body.authorizationAmount} ${this.currency}${extras}`,
    );
    const request = operationRequest(session, 'createBnplPaymentOrder', {}, body, {
      ...(this.options.sellerNo ? { query: { SellerNo: 'bnpl-kit-seller' } } : {}),
    });
    const { answer, matched } = await sendAndJudge(r, verdict, request, prediction);
    const paymentOrderId = jsonObject(answer.exchange.response)?.paymentOrderId;
    if (!succeeded(matched) || typeof paymentOrderId !== 'number') return verdict.throwIfFailed();
    judgeEcho(verdict, answer, {
      status: 'Created',
      authorizationAmount: body.authorizationAmount,
      remainingAmount: 0,
      currency: body.currency,
      sellerAuthorizationId: body.sellerAuthorizationId,
    });
    const shown = jsonObject(answer.exchange.response)?.instore;
    if (shown !== undefined) judgeEcho(verdict, answer, { instore: this.options.instore ?? false });
    const next = matched.next;
    const state = next.kind === 'states' ? next.states[0] : undefined;
    let model: ModelOrder;
    if (state !== undefined) model = { state };
    else if (next.kind === 'leaves') model = { state: created(0, this.currency, false), left: next.why };
    else return verdict.throwIfFailed();
    m.orders.push(model);
    r.orders.push({
      paymentOrderId,
      currency: this.currency,
      sellerAuthorizationId: body.sellerAuthorizationId,
      instore: this.options.instore,
      ledger: { capturedMinor: 0, reversedMinor: 0 },
      lastSellerTransactionId: {},
    });
    const index = m.orders.length - 1;
    const real = r.orders[index];
    if (real === undefined) throw new Error('conformance: order just added is missing');
    await readBack({ m, r, index, model, real, verdict }, state === undefined ? undefined : [state]);
  }

  toString(): string {
    const extras = [
      this.options.repeat ? 'repeated id' : '',
      this.options.instore === undefined ? '' : `instore ${this.options.instore}`,
      this.options.sellerNo ? 'SellerNo' : '',
    ].filter((s) => s !== '');
    return `create(${wire(this.amount, this.currency)} ${this.currency}${extras.length === 0 ? '' : `, ${extras.join(', ')}`})`;
  }
}
