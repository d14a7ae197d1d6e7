// cancel-authorize: POST with no body or `{}`. Always 204 (2.1; D-04); an Authorized
// order's remainingAmount becomes 0 and its status may stay Authorized or become
// Canceled (D-03); a Created order may become Canceled or stay Created (D-04).
import { operationRequest } from '../../requests.ts';
import { cancelAuthorize } from '../oracle.ts';
import { follow, label, OrderCommand, type OrderStep, readBack, sendAndJudge } from './step.ts';

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
    const prediction = cancelAuthorize(model.state);
    r.steps.push(`cancel-authorize on ${label(real, index)}${this.emptyObject ? ' with body {}' : ''}`);
    const request = operationRequest(
      session,
      'createCancelAuthorize',
      { paymentOrderId: real.paymentOrderId },
      body,
    );
    const { matched } = await sendAndJudge(r, verdict, request, prediction);
    await readBack(step, follow(model, matched?.next));
  }

  toString(): string {
    return `cancelAuthorize(${this.orderRef()}${this.emptyObject ? ', {}' : ''})`;
  }
}
