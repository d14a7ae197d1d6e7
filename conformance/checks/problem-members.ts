// BPO-PB-001 and BPO-PB-005: an error is a problem with the members the document
// shows, in its PascalCase (Type, Title, Status, Detail, Instance). Lower-case
// members are the RFC 9457 / camelCase convention (what ASP.NET and most stacks
// emit); they fail the MUST check, and their mere presence is a SHOULD warning
// (DECISIONS.md D-18).
import { bodyObject, type ContractCheck, fail, isError } from './types.ts';

export const problemMembers = ['Type', 'Title', 'Status', 'Detail', 'Instance'] as const;

export const problemMembersPascalCase: ContractCheck = {
  id: 'BPO-PB-001',
  applies: (_ctx, exchange) => isError(exchange),
  check(_ctx, exchange) {
    const body = bodyObject(exchange);
    if (body === undefined) {
      return fail('BPO-PB-001', exchange, `the ${exchange.response.status} body is not a JSON object`);
    }
    const missing = problemMembers.filter((m) => !Object.hasOwn(body, m));
    if (missing.length === 0) return undefined;
    const lower = lowerCaseMembers(body);
    const seen =
      lower.length > 0
        ? `; lower-case ${lower.join(', ')} seen (camelCase / RFC 9457 casing), but the document's members are PascalCase (D-18)`
        : '';
    return fail('BPO-PB-001', exchange, `the problem lacks ${missing.join(', ')}${seen}`);
  },
};

export const problemMembersNotLowerCase: ContractCheck = {
  id: 'BPO-PB-005',
  applies: (_ctx, exchange) => isError(exchange) && bodyObject(exchange) !== undefined,
  check(_ctx, exchange) {
    const lower = lowerCaseMembers(bodyObject(exchange) ?? {});
    if (lower.length === 0) return undefined;
    return fail(
      'BPO-PB-005',
      exchange,
      `the problem uses camelCase / RFC 9457 members ${lower.join(', ')}; the document's are PascalCase`,
    );
  },
};

function lowerCaseMembers(body: Record<string, unknown>): string[] {
  return [...problemMembers, 'Problems'].map((m) => m.toLowerCase()).filter((m) => Object.hasOwn(body, m));
}
