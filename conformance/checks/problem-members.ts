// An error is a problem with the members its API's document (or decisions) show:
// bnpl-payment-order's Type, Title, Status, Instance, Detail (BPO-PB-001; camelCase
// passes too and raises BPO-PB-005, D-18); Order Processing's RFC 9457 type, title,
// status, detail, instance (OP-PB-001, SHOULD, OP-D-09).
import type { CheckId } from '../catalogue.ts';
import { bodyObject, type ContractCheck, fail, isError, type ProblemWriting } from './types.ts';

export function problemMembersPresent(id: CheckId, writing: ProblemWriting): ContractCheck {
  return {
    id,
    applies: (_ctx, exchange) => isError(exchange),
    check(_ctx, exchange) {
      const body = bodyObject(exchange);
      if (body === undefined) {
        return fail(id, exchange, `the ${exchange.response.status} body is not a JSON object`);
      }
      const missing = writing.members.filter((m) => writing.member(body, m) === undefined);
      if (missing.length === 0) return undefined;
      return fail(
        id,
        exchange,
        `the problem lacks ${missing.join(', ')}${writing.casing}; it has ${Object.keys(body).join(', ') || 'no members'}`,
      );
    },
  };
}

/**
 * BPO-PB-005: the document's casing, not another one the reading accepts (D-18).
 * `casings` are the accepted ones, the document's first, each spelling a member; they
 * are read at every judgement, so the check follows the accept set.
 */
export function problemMembersPascalCase(
  id: CheckId,
  members: readonly string[],
  casings: readonly { readonly name: string; readonly spell: (member: string) => string }[],
): ContractCheck {
  return {
    id,
    applies: (_ctx, exchange) => isError(exchange) && bodyObject(exchange) !== undefined,
    check(_ctx, exchange) {
      const body = bodyObject(exchange) ?? {};
      for (const casing of casings.slice(1)) {
        const spelt = members.map(casing.spell).filter((m) => Object.hasOwn(body, m));
        if (spelt.length === 0) continue;
        return fail(
          id,
          exchange,
          `the problem uses ${casing.name} members ${spelt.join(', ')}; the document's are PascalCase (D-18)`,
        );
      }
      return undefined;
    },
  };
}
