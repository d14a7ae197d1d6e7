// BPO-CT-003: a resource body (a 2xx) has the documented members with the documented
// types, read openly (spec.ts openResponseSchema): members and rels the document does
// not list are extensions, not failures. Problems are judged by the BPO-PB checks.
import type { ErrorObject } from '../../lib/ajv.ts';
import { type ContractCheck, fail } from './types.ts';

export const responseSchemaConformance: ContractCheck = {
  id: 'BPO-CT-003',
  applies: (ctx, exchange) =>
    exchange.response.status < 300 &&
    ctx.spec.validateResource(exchange.operationId, exchange.response.status) !== undefined,
  check(ctx, exchange) {
    const { response } = exchange;
    if (!('json' in response)) {
      return fail(
        'BPO-CT-003',
        exchange,
        `the ${response.status} body is not JSON: ${preview(response.body)}`,
      );
    }
    const validate = ctx.spec.validateResource(exchange.operationId, response.status);
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
    .filter((e) => e.keyword !== 'allOf' && e.keyword !== 'if' && e.keyword !== 'anyOf')
    .slice(0, 4)
    .map((e) => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? 'is invalid'}`);
  const more = errors.length > 4 ? ` (+${errors.length - 4} more)` : '';
  return shown.join('; ') + more;
}

function preview(body: string): string {
  return body === '' ? '(empty)' : JSON.stringify(body.length > 80 ? `${body.slice(0, 80)}…` : body);
}
