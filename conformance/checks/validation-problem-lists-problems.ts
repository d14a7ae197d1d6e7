// BPO-PB-004: a 400 validation problem maps each failing parameter to its messages
// in `Problems` (the document's problem example; `problems` in camelCase counts, D-18).
// Which parameter must be named is judged where the kit knows the offending input
// (model and negative suites).
import { problemMember } from './problem-body.ts';
import { bodyObject, type ContractCheck, fail } from './types.ts';

export const validationProblemListsProblems: ContractCheck = {
  id: 'BPO-PB-004',
  applies: (_ctx, exchange) => exchange.response.status === 400,
  check(_ctx, exchange) {
    const problems = problemMember(bodyObject(exchange), 'Problems');
    if (typeof problems !== 'object' || problems === null || Array.isArray(problems)) {
      return fail(
        'BPO-PB-004',
        exchange,
        'the 400 problem has no Problems object naming the failing parameters',
      );
    }
    const entries = Object.entries(problems);
    if (entries.length === 0)
      return fail('BPO-PB-004', exchange, 'the 400 problem has an empty Problems object');
    const bad = entries.filter(
      ([, messages]) =>
        !Array.isArray(messages) || messages.length === 0 || messages.some((m) => typeof m !== 'string'),
    );
    if (bad.length === 0) return undefined;
    return fail(
      'BPO-PB-004',
      exchange,
      `Problems must map each parameter to a list of messages; not so for ${bad.map(([k]) => k).join(', ')}`,
    );
  },
};
