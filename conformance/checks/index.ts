// `judgeContract`: runs an API's contract checks (its dialect, default
// bnpl-payment-order's) on one exchange, whatever suite sent the request. Order is
// the order failures are listed in.
import { bnplPaymentOrderDialect } from '../bnpl-payment-order/dialect.ts';
import type { CheckId } from '../catalogue.ts';
import type { Failure } from '../results.ts';
import type { HttpExchange } from '../transcript.ts';
import type { AnsweredExchange, ContractContext } from './types.ts';

export type { ContractContext, ContractDialect } from './types.ts';

export interface Judgement {
  /** Every check that had something to say, failed or not. */
  readonly evaluated: readonly CheckId[];
  readonly failures: readonly Failure[];
}

/** Runs every contract check that applies to the exchange. */
export function judgeContract(ctx: ContractContext, exchange: HttpExchange): Judgement {
  const dialect = ctx.dialect ?? bnplPaymentOrderDialect;
  const http = dialect.responseCheck;
  if (exchange.response === undefined) {
    return {
      evaluated: [http],
      failures: [
        {
          checkId: http,
          operationId: exchange.operationId,
          message: `#${exchange.n}: ${exchange.request.method} ${exchange.request.path} got no response: ${exchange.error ?? 'unknown error'}`,
        },
      ],
    };
  }
  if (exchange.operationId === undefined) return { evaluated: [http], failures: [] };
  const answered = exchange as AnsweredExchange;
  const evaluated: CheckId[] = [http];
  const failures: Failure[] = [];
  for (const check of dialect.checks) {
    if (!check.applies(ctx, answered)) continue;
    evaluated.push(check.id);
    const failure = check.check(ctx, answered);
    if (failure !== undefined) failures.push(failure);
  }
  return { evaluated, failures };
}
