// reversal: POST a reversal on an order, its amount relative to what is still
// reversible (captured − reversed). Beyond that it must be refused (D-06).
import { operationRequest, reversalBody } from '../../requests.ts';
import {
  type AmountSpec,
  type CurrencySpec,
  describeAmount,
  describeCurrency,
  resolveAmount,
  resolveCurrency,
} from '../amounts.ts';
import { predict } from '../predict.ts';
import { judgeEcho, label, OrderCommand, type OrderStep, readBack, sendAndJudge, succeeded } from './step.ts';

export class ReversalCommand extends OrderCommand {
  constructor(
    pick: number,
    readonly amount: AmountSpec,
    readonly currency: CurrencySpec,
    readonly currencies: readonly string[],
  ) {
    super(pick);
  }

  protected async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    const { session } = r;
    const { capturedAmount, reversedAmount } = model.machine.quantities;
    const amount = resolveAmount(this.amount, capturedAmount - reversedAmount);
    const currency = resolveCurrency(this.currency, real.currency, this.currencies);
    const body = reversalBody(session, amount, currency);
    const input = { amount: 'minor' in amount ? amount.minor : 0, currency };
    const prediction = predict(session.spec, 'createReversal', 'reverse', model.machine, input, body);
    r.steps.push(
      `reversal on ${label(real, index)}: ${body.amount} ${currency} (${describeAmount(this.amount, 'reversible')})`,
    );
    const request = operationRequest(
      session,
      'createReversal',
      { paymentOrderId: real.paymentOrderId },
      body,
    );
    const { answer, matched } = await sendAndJudge(r, verdict, request, prediction);
    if (succeeded(matched) && prediction.next !== undefined) {
      judgeEcho(verdict, answer, { amount: body.amount, currency: body.currency });
      real.ledger.reversedMinor += input.amount;
      model.machine = prediction.next;
    }
    await readBack(step, prediction.acceptAlso);
  }

  toString(): string {
    return `reversal(${this.orderRef()}, ${describeAmount(this.amount, 'reversible')}, ${describeCurrency(this.currency)})`;
  }
}
