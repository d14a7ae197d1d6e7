// BPO-PB-001 and BPO-PB-005: an error is a problem with the members the document
// shows (Type, Title, Status, Instance, Detail). The document writes them in
// PascalCase but its prose speaks of 'the "type" property', so camelCase members (the
// RFC 9457 convention most stacks emit) pass BPO-PB-001 and raise the SHOULD warning
// BPO-PB-005 (DECISIONS.md D-18).
import { problemMember } from './problem-body.ts';
import { bodyObject, type ContractCheck, fail, isError } from './types.ts';

export const problemMembers = ['Type', 'Title', 'Status', 'Instance', 'Detail'] as const;

export const problemMembersPresent: ContractCheck = {
  id: 'BPO-PB-001',
  applies: (_ctx, exchange) => isError(exchange),
  check(_ctx, exchange) {
    const body = bodyObject(exchange);
    if (body === undefined) {
      return fail('BPO-PB-001', exchange, `the ${exchange.response.status} body is not a JSON object`);
    }
    const missing = problemMembers.filter((m) => problemMember(body, m) === undefined);
    if (missing.length === 0) return undefined;
    return fail(
      'BPO-PB-001',
      exchange,
      `the problem lacks ${missing.join(', ')} (in PascalCase or camelCase); it has ${Object.keys(body).join(', ') || 'no members'}`,
    );
  },
};

export const problemMembersPascalCase: ContractCheck = {
  id: 'BPO-PB-005',
  applies: (_ctx, exchange) => isError(exchange) && bodyObject(exchange) !== undefined,
  check(_ctx, exchange) {
    const body = bodyObject(exchange) ?? {};
    const lower = [...problemMembers, 'Problems']
      .map((m) => m.charAt(0).toLowerCase() + m.slice(1))
      .filter((m) => Object.hasOwn(body, m));
    if (lower.length === 0) return undefined;
    return fail(
      'BPO-PB-005',
      exchange,
      `the problem uses camelCase members ${lower.join(', ')}; the document's are PascalCase (D-18)`,
    );
  },
};
