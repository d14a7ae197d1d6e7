// Correct Order Processing implementations the kit must pass: each takes another
// reading our decisions allow where the sources are silent, built on the mock through
// a proxy that rewrites requests and answers. None may fail a MUST check; where the
// reading is not ours, only the SHOULD checks listed may warn. A false alarm on any
// of them fails `npm test`.
import { randomUUID } from 'node:crypto';
import type { CheckId } from '../../../conformance/catalogue.ts';
import { isProblem, orderProcessingOperationOf, type ProxyRules, type Reply } from '../proxy.ts';

export interface OpAlternative {
  readonly name: string;
  /** The reading, and where the decisions leave room for it. */
  readonly description: string;
  readonly proxy: (mockUrl: string) => ProxyRules;
  /** The SHOULD checks that warn about this reading; nothing else may fail. */
  readonly warns: readonly CheckId[];
  /** A check that must have been evaluated, showing the run reached the reading. */
  readonly reached?: CheckId;
}

const problemName = (reply: Reply) =>
  isProblem(reply) && typeof reply.body.type === 'string' ? reply.body.type.split('/').pop() : undefined;

const problem = (status: number, name: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  contentType: 'application/problem+json',
  body: {
    type: `https://bnpl-kit.dev/problems/order-processing/${name}`,
    title: name,
    status,
    detail: `${name} (an alternative reading).`,
    instance: `urn:uuid:${randomUUID()}`,
    ...extra,
  },
});

const pence = (value: unknown) => Math.round(Number(value) * 100);
/** The merchant, customer and authorisation a request names, as one key. */
const authorisationOf = (incoming: { path: string; headers: Readonly<Record<string, string>> }) => {
  const match = /\/merchant\/([^/]+)\/authorisation\/([^/]+)\//.exec(incoming.path);
  return `${incoming.headers['context-merchantid']?.toLowerCase()} ${match?.[1]} ${match?.[2]?.toLowerCase()}`;
};
/** A valid amount in pounds: a positive number with at most 2 decimals. */
const validPounds = (value: unknown): value is number =>
  typeof value === 'number' && value > 0 && value <= 100_000 && Number(value.toFixed(2)) === value;

/** An upward adjustment's amount is the new total (OP-D-23 allows it): the proxy forwards the increase to the mock. */
function adjustmentIsTheNewTotal(): ProxyRules {
  const authorised = new Map<string, number>();
  const replies = new Map<string, Reply>();
  return {
    request(incoming) {
      if (orderProcessingOperationOf(incoming) !== 'UpwardAdjustment') return undefined;
      const key = `${incoming.headers['idempotency-key']} ${JSON.stringify(incoming.body)}`;
      const replayed = replies.get(key);
      if (replayed !== undefined) return { answer: replayed };
      const id = authorisationOf(incoming);
      const body = incoming.body as
        | { amount?: { value?: unknown; currencyCode?: unknown } }
        | null
        | undefined;
      const current = authorised.get(id);
      // Only a valid request for an authorisation of its own merchant and customer is read as a new total.
      if (current === undefined || !validPounds(body?.amount?.value) || body?.amount?.currencyCode !== 'GBP')
        return undefined;
      const total = pence(body.amount.value);
      if (total <= current) {
        const refused = problem(400, 'validation', {
          errors: [{ detail: `The new total must be above ${current / 100}.`, pointer: '#/amount/value' }],
        });
        replies.set(key, refused);
        return { answer: refused };
      }
      return { body: { ...body, amount: { ...body.amount, value: (total - current) / 100 } } };
    },
    response(incoming, reply) {
      const operation = orderProcessingOperationOf(incoming);
      const body = reply.body as Record<string, unknown>;
      if (reply.status !== 200 || body.result !== 'Authorised') return undefined;
      const amount = pence((incoming.body as { amount: { value: number } }).amount.value);
      if (operation === 'Authorise') {
        const customerRef = /\/merchant\/([^/]+)\/authorisation$/.exec(
          incoming.path.split('?')[0] ?? '',
        )?.[1];
        const merchant = incoming.headers['context-merchantid']?.toLowerCase();
        authorised.set(`${merchant} ${customerRef} ${String(body.authorisationId).toLowerCase()}`, amount);
      }
      if (operation === 'UpwardAdjustment') {
        authorised.set(authorisationOf(incoming), amount);
        replies.set(`${incoming.headers['idempotency-key']} ${JSON.stringify(incoming.body)}`, reply);
      }
      return undefined;
    },
  };
}

export const opAlternatives: readonly OpAlternative[] = [
  {
    name: 'problems-as-application-json',
    description: 'problems served as plain application/json (OP-D-09)',
    proxy: () => ({
      response: (_incoming, reply) => (isProblem(reply) ? { contentType: 'application/json' } : undefined),
    }),
    warns: ['OP-CT-004'],
  },
  {
    name: 'problem-types-of-its-own',
    description: 'problem types of its own URI whose last segment names the problem (OP-D-09)',
    proxy: () => ({
      response(_incoming, reply) {
        const name = problemName(reply);
        return name === undefined || !isProblem(reply)
          ? undefined
          : { body: { ...reply.body, type: `https://api.retailer.example/errors/${name}` } };
      },
    }),
    warns: [],
  },
  {
    name: 'beyond-what-is-left-is-400',
    description: 'an amount beyond what is left to settle, reverse or refund is 400 (OP-D-24: 409 or 400)',
    proxy: () => ({
      response(_incoming, reply) {
        const name = problemName(reply);
        if (name !== 'insufficient-float' && name !== 'refund-exceeds-settled') return undefined;
        return problem(400, 'validation', {
          errors: [{ detail: 'More than is left.', pointer: '#/amount/value' }],
        });
      },
    }),
    warns: [],
    reached: 'OP-FLT-002',
  },
  {
    name: 'reused-key-is-400',
    description: 'the same idempotency-key with another body is 400 (OP-D-29: 409 or 400)',
    proxy: () => ({
      response(_incoming, reply) {
        if (problemName(reply) !== 'idempotency-key-reused') return undefined;
        return problem(400, 'validation', {
          errors: [{ detail: 'Used for another request.', header: 'idempotency-key' }],
        });
      },
    }),
    warns: [],
    reached: 'OP-IDM-003',
  },
  {
    name: 'malformed-ids-are-404',
    description: 'a malformed authorisationId, transactionId or customerRef is 404 (OP-D-04: 400 or 404)',
    proxy: () => ({
      response(_incoming, reply) {
        if (reply.status !== 400 || !isProblem(reply)) return undefined;
        const errors = (reply.body.errors ?? []) as { parameter?: string }[];
        if (
          !errors.some((e) => ['authorisationId', 'transactionId', 'customerRef'].includes(e.parameter ?? ''))
        )
          return undefined;
        return problem(404, 'not-found');
      },
    }),
    warns: [],
    reached: 'OP-NEG-004',
  },
  {
    name: 'declines-are-409',
    description:
      'a declined authorisation or adjustment is a 409 problem, not a 200 Declined (OP-D-21: 200 or 4xx)',
    proxy: () => ({
      response(incoming, reply) {
        const operation = orderProcessingOperationOf(incoming);
        const body = reply.body as Record<string, unknown>;
        if ((operation !== 'Authorise' && operation !== 'UpwardAdjustment') || reply.status !== 200)
          return undefined;
        return body.result === 'Declined' ? problem(409, 'authorisation-declined') : undefined;
      },
    }),
    warns: ['OP-PB-003'],
  },
  {
    name: 'adjustment-is-the-new-total',
    description: "an upward adjustment's amount is the new total, not the increase (OP-D-23)",
    proxy: adjustmentIsTheNewTotal,
    warns: ['OP-ADJ-001'],
  },
  {
    name: 'authentication-always-required',
    description: 'Initiate never exempts: every purchase asks the customer for SCA (OP-D-19)',
    proxy: () => ({
      response(incoming, reply) {
        const body = reply.body as Record<string, unknown>;
        if (orderProcessingOperationOf(incoming) !== 'Initiate' || body.scaStatus !== 'Exempt')
          return undefined;
        return {
          body: {
            ...body,
            scaStatus: 'AuthenticationRequired',
            widgetUrl: `https://id.retailer.example/newpay/identity?scaToken=${String(body.scaToken)}`,
          },
        };
      },
    }),
    warns: [],
  },
  {
    name: 'success-is-201',
    description: 'a successful POST answers 201 (OP-D-06: 200; 201 as a warning)',
    proxy: () => ({
      response: (incoming, reply) =>
        orderProcessingOperationOf(incoming) !== undefined &&
        incoming.method === 'POST' &&
        reply.status === 200
          ? { status: 201 }
          : undefined,
    }),
    warns: ['OP-CT-002'],
  },
  {
    name: 'replays-marked',
    description:
      'a replay answers the first answer with a member of its own (OP-D-29: byte for byte is SHOULD)',
    proxy: () => ({
      response(_incoming, reply) {
        if (reply.headers?.['idempotent-replayed'] === undefined || typeof reply.body !== 'object')
          return undefined;
        return { body: { ...(reply.body as object), replayed: true } };
      },
    }),
    warns: ['OP-IDM-002'],
  },
  {
    name: 'headers-optional',
    description:
      'a request without context-tenantId, client-session-id or idempotency-key is taken (OP-D-03)',
    proxy: () => ({
      request(incoming) {
        const filled: Record<string, string> = {};
        if (incoming.headers['context-tenantid'] === undefined) filled['context-tenantid'] = 'default';
        if (incoming.headers['client-session-id'] === undefined) filled['client-session-id'] = 'default';
        if (incoming.method === 'POST' && incoming.headers['idempotency-key'] === undefined)
          filled['idempotency-key'] = randomUUID();
        return Object.keys(filled).length === 0 ? undefined : { headers: filled };
      },
    }),
    warns: ['OP-NEG-007'],
  },
  {
    name: 'unknown-members-refused',
    description:
      'unknown members of a request body are refused with 400 (OP-D-12: ignored, refusing them warns)',
    proxy: () => ({
      request(incoming) {
        const body = incoming.body as Record<string, unknown> | null | undefined;
        if (typeof body !== 'object' || body === null || !('treatmentId' in body)) return undefined;
        return {
          answer: problem(400, 'validation', {
            errors: [{ detail: 'Not part of the request.', pointer: '#/treatmentId' }],
          }),
        };
      },
    }),
    warns: ['OP-NEG-009'],
  },
  {
    name: 'more-members-in-answers',
    description: 'answers carry members the sources do not show (OP-D-32)',
    proxy: () => ({
      response(_incoming, reply) {
        if (reply.status !== 200 || typeof reply.body !== 'object' || reply.body === null) return undefined;
        return { body: { ...(reply.body as object), retailerReference: 'r-1' } };
      },
    }),
    warns: [],
  },
  {
    name: 'missing-key-is-403',
    description: 'a request without Ocp-Apim-Subscription-Key is 403 (OP-D-02: 401; 403 warns)',
    proxy: () => ({
      response(incoming, reply) {
        if (incoming.headers['ocp-apim-subscription-key'] !== undefined || reply.status !== 401)
          return undefined;
        return problem(403, 'unauthorized');
      },
    }),
    // 403 is not what the contract lists for these operations, so the status and type checks warn too.
    warns: ['OP-SEC-001', 'OP-CT-002', 'OP-PB-003'],
  },
];
