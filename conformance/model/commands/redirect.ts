// redirect: POST for the URL of the customer's page. A Created order with a chosen
// payment method answers 200; before the choice 409 invalid-payment-method (5.1); on
// an order that no longer awaits the customer, 409 or 200 (D-09).
import { operationRequest, redirectBody } from '../../requests.ts';
import { redirect } from '../oracle.ts';
import { follow, label, OrderCommand, type OrderStep, readBack, sendAndJudge } from './step.ts';

export class RedirectCommand extends OrderCommand {
  protected async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    const { session } = r;
    const prediction = redirect(model.state);
    r.steps.push(`redirect on ${label(real, index)} (${model.state.status})`);
    const { matched } = await sendAndJudge(
      r,
      verdict,
      operationRequest(session, 'redirect', { paymentOrderId: real.paymentOrderId }, redirectBody()),
      prediction,
    );
    await readBack(step, follow(model, matched?.next));
  }

  toString(): string {
    return `redirect(${this.orderRef()})`;
  }
}
