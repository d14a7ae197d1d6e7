// The customer's steps through the adapter: choose a payment method, approve
// (authorize), decline (reject) or fail. Generated only when the oracle allows them,
// since no adapter can be asked to do what a customer could not; reject and fail
// only when the adapter offers them.
import type { ModelOrder } from '../model.ts';
import { type CustomerStep, customer } from '../oracle.ts';
import { judgeCustomer, label, OrderCommand, type OrderStep, readBack } from './step.ts';

abstract class CustomerCommand extends OrderCommand {
  protected abstract readonly step: CustomerStep;

  protected override applies(order: Readonly<ModelOrder>): boolean {
    return customer(order.state, this.step) !== undefined;
  }

  protected async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    const next = customer(model.state, this.step);
    const choice = this.choice(r.session.target);
    r.steps.push(
      `customer ${this.step} on ${label(real, index)}${this.step === 'choosePaymentMethod' ? ` (${describeChoice(choice)})` : ''}`,
    );
    const entry = await r.session.customer(this.step, real.paymentOrderId, choice);
    judgeCustomer(verdict, entry);
    await readBack(step, [entry.ok && next !== undefined ? next : model.state]);
  }

  protected choice(target: { profileName: string; subProfileNames: readonly string[] }): {
    profileName: string;
    subProfileName?: string;
  } {
    const sub = target.subProfileNames[0];
    return sub === undefined
      ? { profileName: target.profileName }
      : { profileName: target.profileName, subProfileName: sub };
  }
}

export class ChoosePaymentMethodCommand extends CustomerCommand {
  protected readonly step = 'choosePaymentMethod';

  constructor(
    pick: number,
    readonly subProfile: number,
  ) {
    super(pick);
  }

  protected override choice(target: { profileName: string; subProfileNames: readonly string[] }) {
    // The kit only chooses among the profiles it restricted the order to (D-08).
    const sub = target.subProfileNames[this.subProfile % Math.max(1, target.subProfileNames.length)];
    return sub === undefined
      ? { profileName: target.profileName }
      : { profileName: target.profileName, subProfileName: sub };
  }

  toString(): string {
    return `choosePaymentMethod(${this.orderRef()}, sub profile ${this.subProfile})`;
  }
}

/**
 * The customer approves; when no payment method is chosen yet they choose the first
 * sub profile before (the way a real customer gets there), so sequences reach
 * Authorized often enough to exercise captures and reversals.
 */
export class AuthorizeCommand extends CustomerCommand {
  protected readonly step = 'authorize';

  protected override applies(order: Readonly<ModelOrder>): boolean {
    return customer({ ...order.state, paymentMethodChosen: true }, 'authorize') !== undefined;
  }

  protected override async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    if (!model.state.paymentMethodChosen) {
      const choice = this.choice(r.session.target);
      r.steps.push(`customer choosePaymentMethod on ${label(real, index)} (${describeChoice(choice)})`);
      const entry = await r.session.customer('choosePaymentMethod', real.paymentOrderId, choice);
      judgeCustomer(verdict, entry);
      const next = customer(model.state, 'choosePaymentMethod');
      if (entry.ok && next !== undefined) model.state = next;
      verdict.throwIfFailed();
    }
    await super.act(step);
  }

  toString(): string {
    return `authorize(${this.orderRef()})`;
  }
}

export class RejectCommand extends CustomerCommand {
  protected readonly step = 'reject';

  toString(): string {
    return `reject(${this.orderRef()})`;
  }
}

/** The customer's step fails (the adapter's optional `fail`): the order is Failed, nothing capturable. */
export class FailCommand extends CustomerCommand {
  protected readonly step = 'fail';

  toString(): string {
    return `fail(${this.orderRef()})`;
  }
}

function describeChoice(choice: { profileName: string; subProfileName?: string }): string {
  return choice.subProfileName === undefined
    ? choice.profileName
    : `${choice.profileName}/${choice.subProfileName}`;
}
