// BPO-PB-006 (SHOULD): each problem occurrence has its own Instance ("Instance is
// unique per occurrence", the spec's Problem description; D-18 makes it a UUID).
import { problemMember } from './problem-body.ts';
import { bodyObject, type ContractCheck, fail, isError } from './types.ts';

export const problemInstanceUnique: ContractCheck = {
  id: 'BPO-PB-006',
  applies: (_ctx, exchange) =>
    isError(exchange) && typeof problemMember(bodyObject(exchange), 'Instance') === 'string',
  check(ctx, exchange) {
    const instance = problemMember(bodyObject(exchange), 'Instance') as string;
    const first = ctx.instances.get(instance);
    if (first === undefined || first === exchange.n) {
      ctx.instances.set(instance, exchange.n);
      return undefined;
    }
    return fail(
      'BPO-PB-006',
      exchange,
      `Instance ${JSON.stringify(instance)} was already used by an earlier problem`,
    );
  },
};
