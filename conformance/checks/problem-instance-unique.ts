// Each problem occurrence has its own instance (bnpl-payment-order: BPO-PB-006, D-18;
// Order Processing: OP-PB-005, OP-D-09). A replayed answer (the same idempotency key
// and body) repeats its first answer, instance included (OP-D-29), so it is skipped.
import type { CheckId } from '../catalogue.ts';
import { bodyObject, type ContractCheck, fail, isError, type ProblemWriting } from './types.ts';

export function problemInstanceUnique(id: CheckId, writing: ProblemWriting): ContractCheck {
  const name = writing.members[3] ?? 'instance';
  return {
    id,
    applies: (ctx, exchange) =>
      ctx.replay !== true &&
      isError(exchange) &&
      typeof writing.member(bodyObject(exchange), name) === 'string',
    check(ctx, exchange) {
      const instance = writing.member(bodyObject(exchange), name) as string;
      const first = ctx.instances.get(instance);
      if (first === undefined || first === exchange.n) {
        ctx.instances.set(instance, exchange.n);
        return undefined;
      }
      return fail(id, exchange, `${name} ${JSON.stringify(instance)} was already used by an earlier problem`);
    },
  };
}
