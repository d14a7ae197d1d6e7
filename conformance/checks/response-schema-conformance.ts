// BPO-CT-003: the body validates against the schema documented for the operation
// and status (an undocumented status that a decision accepts is held to the
// generic Problem schema). Uses the validators compiled from the spec.
import type { ErrorObject } from '../../lib/ajv.ts';
import { mediaTypeOf } from '../transcript.ts';
import { type ContractCheck, documentedMediaTypes, fail } from './types.ts';

export const responseSchemaConformance: ContractCheck = {
  id: 'BPO-CT-003',
  applies: (ctx, exchange) => documentedMediaTypes(ctx, exchange) !== undefined,
  check(ctx, exchange) {
    const { response } = exchange;
    if (!('json' in response)) {
      return fail(
        'BPO-CT-003',
        exchange,
        `the ${response.status} body is not JSON: ${preview(response.body)}`,
      );
    }
    const media = ctx.spec.operation(exchange.operationId).responses.get(String(response.status));
    const actual = mediaTypeOf(response.headers);
    // Judge the body even under a wrong Content-Type (BPO-CT-002 reports that), so both faults show.
    const validate =
      media === undefined
        ? ctx.spec.validateProblem
        : ((actual === undefined ? undefined : media.get(actual)) ?? [...media.values()][0]);
    if (validate === undefined || validate(response.json)) return undefined;
    return fail(
      'BPO-CT-003',
      exchange,
      `the ${response.status} body does not match the schema: ${describeErrors(validate.errors ?? [])}`,
    );
  },
};

export function describeErrors(errors: readonly ErrorObject[]): string {
  const shown = errors
    .filter((e) => e.keyword !== 'allOf' && e.keyword !== 'if')
    .slice(0, 4)
    .map((e) => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? 'is invalid'}`);
  const more = errors.length > 4 ? ` (+${errors.length - 4} more)` : '';
  return shown.join('; ') + more;
}

function preview(body: string): string {
  return body === '' ? '(empty)' : JSON.stringify(body.length > 80 ? `${body.slice(0, 80)}…` : body);
}
