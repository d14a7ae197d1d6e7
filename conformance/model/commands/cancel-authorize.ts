// cancel-authorize: POST with no body or `{}`. Always 204 (D-04); remainingAmount
// becomes 0, and with captures the status may stay Authorized or be Canceled (D-03).
import { operationRequest } from '../../requests.ts';
import { predict } from '../predict.ts';
import { label, OrderCommand, type OrderStep, readBack, sendAndJudge, succeeded } from './step.ts';

export class CancelAuthorizeCommand extends OrderCommand {
  constructor(
    pick: number,
    readonly emptyObject: boolean,
  ) {
    super(pick);
  }

  protected async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    const { session } = r;
    const body = this.emptyObject ? {} : undefined;
    const prediction = predict(
      session.spec,
      'createCancelAuthorize',
      'cancelAuthorize',
      model.machine,
      {},
      body,
    );
    r.steps.push(`cancel-authorize on ${label(real, index)}${this.emptyObject ? ' with body {}' : ''}`);
    const request = operationRequest(
      session,
      'createCancelAuthorize',
      { paymentOrderId: real.paymentOrderId },
      body,
    );
    const { matched } = await sendAndJudge(r, verdict, request, prediction);
    if (succeeded(matched) && prediction.next !== undefined) {
      if (model.machine.status === 'Authorized') real.ledger.cancelled = true;
      model.machine = prediction.next;
    }
    await readBack(step, prediction.acceptAlso);
  }

  toString(): string {
    return `cancelAuthorize(${this.orderRef()}${this.emptyObject ? ', {}' : ''})`;
  }
}
