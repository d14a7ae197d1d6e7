// Correct alternatives in front of the mock (a proxy): readings of the request side
// the document allows but the mock does not take, such as ignoring unknown members,
// accepting an optional null, or refusing a repeated seller id with 409.
import { type KitSpec, loadSpec, type Schema } from '../../../conformance/spec.ts';
import { type Incoming, isProblem, operationOf, type ProxyRules } from '../proxy.ts';

const conflict = (detail: string) => ({
  status: 409,
  contentType: 'application/problem+json',
  body: {
    Type: 'ledger/bnpl-payment-order/v1/problems/conflict',
    Title: 'The seller id was already used',
    Status: 409,
    Instance: crypto.randomUUID(),
    Detail: detail,
  },
});

/** A repeated sellerAuthorizationId (per owner) or sellerTransactionId (per order and kind) is 409 (D-07). */
export function repeatedSellerIdsConflict(): ProxyRules {
  const seen = new Set<string>();
  const key = (incoming: Incoming): string | undefined => {
    const body = incoming.body as
      | { sellerAuthorizationId?: unknown; sellerTransactionId?: unknown }
      | undefined;
    const path = incoming.path.split('?')[0] ?? '';
    const operation = operationOf(incoming);
    if (operation === 'createBnplPaymentOrder' && typeof body?.sellerAuthorizationId === 'string')
      return `${path} ${body.sellerAuthorizationId}`;
    if (
      (operation === 'createCapture' || operation === 'createReversal') &&
      typeof body?.sellerTransactionId === 'string'
    )
      return `${path} ${body.sellerTransactionId}`;
    return undefined;
  };
  return {
    request(incoming) {
      const id = key(incoming);
      return id !== undefined && seen.has(id) ? { answer: conflict(`${id} was already used.`) } : undefined;
    },
    response(incoming, reply) {
      const id = key(incoming);
      if (id !== undefined && reply.status === 201) seen.add(id);
      return undefined;
    },
  };
}

/** Order lines of 0 are accepted ("Min: 0"): forwarded as 0.01 and echoed as 0. */
export const zeroOrderLinesAccepted: ProxyRules = {
  request(incoming) {
    const body = incoming.body as { orderLines?: { amount?: unknown }[] } | undefined;
    if (operationOf(incoming) !== 'createCapture' || !Array.isArray(body?.orderLines)) return undefined;
    if (!body.orderLines.some((line) => line?.amount === 0)) return undefined;
    return {
      body: {
        ...body,
        orderLines: body.orderLines.map((l) => (l?.amount === 0 ? { ...l, amount: 0.01 } : l)),
      },
    };
  },
  response(incoming, reply) {
    const sent = incoming.body as { orderLines?: unknown } | undefined;
    if (operationOf(incoming) !== 'createCapture' || reply.status !== 201 || !Array.isArray(sent?.orderLines))
      return undefined;
    return { body: { ...(reply.body as object), orderLines: sent.orderLines } };
  },
};

/** Members the request schema does not know are dropped before the mock sees them (D-15 refuses them). */
export async function unknownMembersIgnored(revision?: string): Promise<ProxyRules> {
  const spec = await loadSpec(revision);
  return bodyRewrite(spec, (schema, value) => {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    return Object.fromEntries(Object.entries(value).filter(([name]) => Object.hasOwn(properties, name)));
  });
}

/** `null` on an optional member means "not given" (D-28 refuses it). */
export async function optionalNullAccepted(revision?: string): Promise<ProxyRules> {
  const spec = await loadSpec(revision);
  return bodyRewrite(spec, (schema, value) => {
    const required = new Set((schema.required ?? []) as string[]);
    return Object.fromEntries(Object.entries(value).filter(([name, v]) => v !== null || required.has(name)));
  });
}

/** Every problem in camelCase members (type, title, status, detail, instance, problems), as RFC 9457 stacks write them. */
export const camelCaseProblems: ProxyRules = {
  response(_incoming, reply) {
    if (!isProblem(reply)) return undefined;
    return {
      body: Object.fromEntries(
        Object.entries(reply.body).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]),
      ),
    };
  },
};

/** Problems the document does not list (401, 413, 415) carry Types of the implementation's own. */
export const otherTypesForOurProblems: ProxyRules = {
  response(_incoming, reply) {
    if (!isProblem(reply) || ![401, 413, 415].includes(reply.status)) return undefined;
    const name = { 401: 'authentication-required', 413: 'request-too-large', 415: 'media-type' }[
      reply.status
    ];
    return { body: { ...reply.body, Type: `ledger/bnpl-payment-order/v1/problems/${name}` } };
  },
};

/** A method the path does not take is answered 404 not-found, as a router that knows only the documented routes does. */
export const wrongMethodNotFound: ProxyRules = {
  request(incoming) {
    if (incoming.method !== 'DELETE' || operationOf({ ...incoming, method: 'GET' }) === undefined)
      return undefined;
    return {
      answer: {
        status: 404,
        contentType: 'application/problem+json',
        body: {
          Type: 'ledger/bnpl-payment-order/v1/problems/not-found',
          Title: 'The resource was not found',
          Status: 404,
          Instance: crypto.randomUUID(),
          Detail: `No route for ${incoming.method} ${incoming.path.split('?')[0]}.`,
        },
      },
    };
  },
};

/** A 400 names the failing parameter by a path under it (`amount.value`, `restrictToProfiles[0].profileName`). */
export const problemsNameAPathUnder: ProxyRules = {
  response(_incoming, reply) {
    if (!isProblem(reply) || reply.status !== 400) return undefined;
    const problems = reply.body.Problems as Record<string, string[]> | undefined;
    if (problems === undefined) return undefined;
    return {
      body: {
        ...reply.body,
        Problems: Object.fromEntries(Object.entries(problems).map(([k, v]) => [`${k}.value`, v])),
      },
    };
  },
};

/** Rewrites every object of a JSON request body along its schema, before the mock sees it. */
function bodyRewrite(
  spec: KitSpec,
  rewrite: (schema: Schema, value: Record<string, unknown>) => Record<string, unknown>,
): ProxyRules {
  const walk = (schema: Schema | undefined, value: unknown): unknown => {
    if (schema === undefined || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => walk(schema.items as Schema | undefined, item));
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const kept = rewrite(schema, value as Record<string, unknown>);
    return Object.fromEntries(Object.entries(kept).map(([name, v]) => [name, walk(properties[name], v)]));
  };
  return {
    request(incoming) {
      const operationId = operationOf(incoming);
      const schema = operationId === undefined ? undefined : spec.requestSchema(operationId);
      if (schema === undefined || typeof incoming.body !== 'object' || incoming.body === null)
        return undefined;
      return { body: walk(schema, incoming.body) };
    },
  };
}
