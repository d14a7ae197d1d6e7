// get: GET the order; the read-back judgement is the whole step.
import { label, OrderCommand, type OrderStep, readBack } from './step.ts';

export class GetOrderCommand extends OrderCommand {
  protected async act(step: OrderStep): Promise<void> {
    step.r.steps.push(`get ${label(step.real, step.index)}`);
    await readBack(step, [step.model.state]);
  }

  toString(): string {
    return `get(${this.orderRef()})`;
  }
}
