// Correct alternatives in the answers: `faults.respond` rewrites what the mock is
// about to send into another reading the document allows.
import type { Faults } from '../../../src/mock/server.ts';

type Respond = NonNullable<Faults['respond']>;

/** `operations` lists all four rels whatever the state, as both of the document's examples do. */
export const allRelsAlways: Respond = (ctx) => {
  if (ctx.operationId !== 'getBnplPaymentOrder' || ctx.status !== 200) return undefined;
  const body = ctx.body as { '@id'?: string } & Record<string, unknown>;
  const base = String(body['@id'] ?? '');
  const rels = {
    'add-reversal': '/reversals',
    redirect: '/redirect',
    'cancel-authorize': '/cancel-authorize',
    'add-capture': '/captures',
  };
  return {
    body: {
      ...body,
      operations: Object.entries(rels).map(([rel, path]) => ({ rel, method: 'POST', href: base + path })),
    },
  };
};

/** The order does not show `instore` (D-26 accepts false or absent), and carries a member of its own. */
export const instoreAbsentAndExtraMembers: Respond = (ctx) => {
  if (ctx.status >= 300 || typeof ctx.body !== 'object' || ctx.body === null) return undefined;
  const { instore: _instore, ...rest } = ctx.body as Record<string, unknown>;
  return { body: { ...rest, createdBy: 'alternative' } };
};
