// capture: POST a capture on an order, its amount relative to remainingAmount.
// Beyond what remains it must be refused (D-01: 400 naming amount, or 409).
import { captureBody, operationRequest } from '../../requests.ts';
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

export class CaptureCommand extends OrderCommand {
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
    const amount = resolveAmount(this.amount, model.machine.quantities.remainingAmount);
    const currency = resolveCurrency(this.currency, real.currency, this.currencies);
    const body = captureBody(session, amount, currency);
    const input = { amount: 'minor' in amount ? amount.minor : 0, currency };
    const prediction = predict(session.spec, 'createCapture', 'capture', model.machine, input, body);
    r.steps.push(
      `capture on ${label(real, index)}: ${body.amount} ${currency} (${describeAmount(this.amount, 'remainingAmount')})`,
    );
    const request = operationRequest(session, 'createCapture', { paymentOrderId: real.paymentOrderId }, body);
    const { answer, matched } = await sendAndJudge(r, verdict, request, prediction);
    if (succeeded(matched) && prediction.next !== undefined) {
      judgeEcho(verdict, answer, { amount: body.amount, currency: body.currency });
      real.ledger.capturedMinor += input.amount;
      model.machine = prediction.next;
    }
    await readBack(step, prediction.acceptAlso);
  }

  toString(): string {
    return `capture(${this.orderRef()}, ${describeAmount(this.amount, 'remaining')}, ${describeCurrency(this.currency)})`;
  }
}
