// capture and reversal: POST an amount on an order, relative to what the order allows
// to move: remainingAmount for a capture, captured − reversed for a reversal. Beyond
// that it must be refused (D-01, D-06: 400 naming amount, or 409). The two share
// everything but these names, so they are one command with a kind.

import { captureBody, operationRequest, reversalBody } from '../../requests.ts';
import {
  type AmountSpec,
  type CurrencySpec,
  describeAmount,
  describeCurrency,
  resolveAmount,
  resolveCurrency,
} from '../amounts.ts';
import type { Machine } from '../model.ts';
import { predict } from '../predict.ts';
import { judgeEcho, label, OrderCommand, type OrderStep, readBack, sendAndJudge, succeeded } from './step.ts';

const kinds = {
  capture: {
    operationId: 'createCapture',
    command: 'capture',
    body: captureBody,
    limit: (machine: Machine) => machine.quantities.remainingAmount,
    limitName: 'remainingAmount',
    ledger: 'capturedMinor',
  },
  reversal: {
    operationId: 'createReversal',
    command: 'reverse',
    body: reversalBody,
    limit: (machine: Machine) => machine.quantities.capturedAmount - machine.quantities.reversedAmount,
    limitName: 'reversible',
    ledger: 'reversedMinor',
  },
} as const;

export class MoneyMovementCommand extends OrderCommand {
  constructor(
    readonly kind: keyof typeof kinds,
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
    const kind = kinds[this.kind];
    const amount = resolveAmount(this.amount, kind.limit(model.machine));
    const currency = resolveCurrency(this.currency, real.currency, this.currencies);
    const body = kind.body(session, amount, currency);
    const input = { amount: 'minor' in amount ? amount.minor : 0, currency };
    const prediction = predict(session.spec, kind.operationId, kind.command, model.machine, input, body);
    r.steps.push(
      `${this.kind} on ${label(real, index)}: ${body.amount} ${currency} (${describeAmount(this.amount, kind.limitName)})`,
    );
    const request = operationRequest(
      session,
      kind.operationId,
      { paymentOrderId: real.paymentOrderId },
      body,
    );
    const { answer, matched } = await sendAndJudge(r, verdict, request, prediction);
    if (succeeded(matched) && prediction.next !== undefined) {
      judgeEcho(verdict, answer, { amount: body.amount, currency: body.currency });
      real.ledger[kind.ledger] += input.amount;
      model.machine = prediction.next;
    }
    await readBack(step, prediction.acceptAlso);
  }

  toString(): string {
    const limit = this.kind === 'capture' ? 'remaining' : 'reversible';
    return `${this.kind}(${this.orderRef()}, ${describeAmount(this.amount, limit)}, ${describeCurrency(this.currency)})`;
  }
}
