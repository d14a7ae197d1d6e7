// The customer's steps through the adapter: choose a payment method, approve
// (authorize) or decline (reject). Generated only when the lifecycle allows them,
// since no adapter can be asked to do what a customer could not.
import type { Machine, ModelOrder } from '../model.ts';
import { type Command, predictCustomer } from '../predict.ts';
import { judgeCustomer, label, OrderCommand, type OrderStep, readBack } from './step.ts';

type Step = 'choosePaymentMethod' | 'authorize' | 'reject';

abstract class CustomerCommand extends OrderCommand {
  protected abstract readonly step: Step;
  protected abstract readonly command: Command;
  protected input(): Record<string, boolean> {
    return {};
  }

  protected override applies(order: Readonly<ModelOrder>): boolean {
    return predictCustomer(this.command, order.machine, this.input()).next !== undefined;
  }

  protected async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    const prediction = predictCustomer(this.command, model.machine, this.input());
    const choice = this.choice(r.session.target);
    r.steps.push(
      `customer ${this.step} on ${label(real, index)}${this.step === 'choosePaymentMethod' ? ` (${describeChoice(choice)})` : ''}`,
    );
    const entry = await r.session.customer(this.step, real.paymentOrderId, choice);
    judgeCustomer(verdict, entry);
    if (entry.ok && prediction.next !== undefined) {
      if (this.step === 'authorize') real.ledger.authorized = true;
      model.machine = prediction.next;
    }
    await readBack(step, prediction.acceptAlso);
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
  protected readonly command = 'choosePaymentMethod';

  constructor(
    pick: number,
    readonly subProfile: number,
  ) {
    super(pick);
  }

  protected override input(): Record<string, boolean> {
    // The kit only chooses among the profiles it restricted the order to (D-08).
    return { profileAllowed: true };
  }

  protected override choice(target: { profileName: string; subProfileNames: readonly string[] }) {
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
  protected readonly command = 'authorize';

  protected override applies(order: Readonly<ModelOrder>): boolean {
    return predictCustomer('authorize', chosen(order.machine)).next !== undefined;
  }

  protected override async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    if (!model.machine.flags.paymentMethodChosen) {
      const choice = this.choice(r.session.target);
      r.steps.push(`customer choosePaymentMethod on ${label(real, index)} (${describeChoice(choice)})`);
      const entry = await r.session.customer('choosePaymentMethod', real.paymentOrderId, choice);
      judgeCustomer(verdict, entry);
      const next = predictCustomer('choosePaymentMethod', model.machine, { profileAllowed: true }).next;
      if (entry.ok && next !== undefined) model.machine = next;
      verdict.throwIfFailed();
    }
    await super.act(step);
  }

  toString(): string {
    return `authorize(${this.orderRef()})`;
  }
}

function chosen(machine: Machine): Machine {
  return { ...machine, flags: { ...machine.flags, paymentMethodChosen: true } };
}

function describeChoice(choice: { profileName: string; subProfileName?: string }): string {
  return choice.subProfileName === undefined
    ? choice.profileName
    : `${choice.profileName}/${choice.subProfileName}`;
}

export class RejectCommand extends CustomerCommand {
  protected readonly step = 'reject';
  protected readonly command = 'reject';

  toString(): string {
    return `reject(${this.orderRef()})`;
  }
}
