// capture and reversal: POST an amount on an order, relative to what the order allows
// to move: remainingAmount for a capture, captured − reversed for a reversal. Beyond
// that it must be refused (3.1, 4.1; D-01, D-06: 400 naming amount, or 409). The two
// share everything but these names, so they are one command with a kind. Sometimes
// the sellerTransactionId of the previous one of its kind on the order is repeated (D-07).
import { captureBody, operationRequest, reversalBody } from '../../requests.ts';
import {
  type AmountSpec,
  type CurrencySpec,
  describeAmount,
  describeCurrency,
  resolveAmount,
  resolveCurrency,
} from '../amounts.ts';
import { moneyMovement, type OrderState, reversibleMinor } from '../oracle.ts';
import {
  follow,
  judgeEcho,
  label,
  OrderCommand,
  type OrderStep,
  readBack,
  sendAndJudge,
  succeeded,
} from './step.ts';

const kinds = {
  capture: {
    operationId: 'createCapture',
    body: captureBody,
    limit: (state: OrderState) => state.remainingMinor,
    limitName: 'remainingAmount',
    ledger: 'capturedMinor',
  },
  reversal: {
    operationId: 'createReversal',
    body: reversalBody,
    limit: reversibleMinor,
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
    readonly repeat = false,
  ) {
    super(pick);
  }

  protected async act(step: OrderStep): Promise<void> {
    const { r, model, real, verdict, index } = step;
    const { session } = r;
    const kind = kinds[this.kind];
    const amount = resolveAmount(this.amount, kind.limit(model.state));
    const currency = resolveCurrency(this.currency, real.currency, this.currencies);
    const repeated = this.repeat ? real.lastSellerTransactionId[this.kind] : undefined;
    const body = kind.body(session, amount, currency, repeated);
    const prediction = moneyMovement(this.kind, model.state, {
      amount,
      currency,
      currencies: session.spec.currencies,
      repeated: repeated !== undefined,
    });
    r.steps.push(
      `${this.kind} on ${label(real, index)}: ${body.amount} ${currency} (${describeAmount(this.amount, kind.limitName)})${repeated === undefined ? '' : `, repeating sellerTransactionId ${repeated}`}`,
    );
    const request = operationRequest(
      session,
      kind.operationId,
      { paymentOrderId: real.paymentOrderId },
      body,
    );
    const { answer, matched } = await sendAndJudge(r, verdict, request, prediction);
    if (succeeded(matched)) {
      judgeEcho(verdict, answer, { amount: body.amount, currency: body.currency });
      real.ledger[kind.ledger] += 'minor' in amount ? amount.minor : 0;
      real.lastSellerTransactionId[this.kind] = body.sellerTransactionId;
    }
    await readBack(step, follow(model, matched?.next));
  }

  toString(): string {
    const limit = this.kind === 'capture' ? 'remaining' : 'reversible';
    return `${this.kind}(${this.orderRef()}, ${describeAmount(this.amount, limit)}, ${describeCurrency(this.currency)}${this.repeat ? ', repeated id' : ''})`;
  }
}
