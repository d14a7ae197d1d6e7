// A resource body (a 2xx) has the documented members with the documented types.
// bnpl-payment-order reads its schemas openly (BPO-CT-003: members and rels the document
// does not list are extensions); Order Processing judges the members the sources name
// (OP-CT-005, MUST) apart from its contract in full (OP-CT-006, SHOULD). Problems are
// judged by the problem checks.
import type { ErrorObject } from '../../lib/ajv.ts';
import type { CheckId } from '../catalogue.ts';
import { type ContractCheck, fail, type ResourceValidator } from './types.ts';

/** The open reading of the contract (spec.validateResource). */
export const openReading: ResourceValidator = (ctx, exchange) =>
  ctx.spec.validateResource(exchange.operationId, exchange.response.status);

export function responseSchemaConformance(
  id: CheckId,
  validatorOf: ResourceValidator = openReading,
): ContractCheck {
  return {
    id,
    applies: (ctx, exchange) => exchange.response.status < 300 && validatorOf(ctx, exchange) !== undefined,
    check(ctx, exchange) {
      const { response } = exchange;
      if (!('json' in response)) {
        return fail(id, exchange, `the ${response.status} body is not JSON: ${preview(response.body)}`);
      }
      const validate = validatorOf(ctx, exchange);
      if (validate === undefined || validate(response.json)) return undefined;
      return fail(
        id,
        exchange,
        `the ${response.status} body does not match the schema: ${describeErrors(validate.errors ?? [])}`,
      );
    },
  };
}

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
