// redirect: POST for the URL of the customer's page. Only a Created order with a
// chosen payment method answers 200; otherwise 409 invalid-payment-method (D-09
// also accepts 200 once the order no longer awaits the customer).
import { operationRequest, redirectBody } from '../../requests.ts';
import { predict } from '../predict.ts';
import { label, OrderCommand, type OrderStep, readBack, sendAndJudge } from './step.ts';

export class RedirectCommand extends OrderCommand {
  protected async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    const { session } = r;
    const body = redirectBody();
    const prediction = predict(session.spec, 'redirect', 'redirect', model.machine, {}, body);
    r.steps.push(`redirect on ${label(real, index)}`);
    await sendAndJudge(
      r,
      verdict,
      operationRequest(session, 'redirect', { paymentOrderId: real.paymentOrderId }, body),
      prediction,
    );
    // Redirect changes nothing in any state.
    await readBack(step);
  }

  toString(): string {
    return `redirect(${this.orderRef()})`;
  }
}
