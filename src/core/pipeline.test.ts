// The pipeline's stages on a minimal made-up API, so that each can fail on its own:
// parameters and headers validated together, a 415 before validation, and above all
// idempotency: a replay repeats the first answer byte for byte and acts no second
// time, a key reused for another request is refused, parallel retries have one
// effect, refusals before the operation ran are not kept, and keys expire.
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../lib/ajv.ts';
import type { CompiledOperation } from '../../lib/openapi.ts';
import type { MockRequest, MockResponse, RequestBody } from './http.ts';
import { seededIds } from './ids.ts';
import { type ApiEdge, type OperationHandler, operationRoute, replayHeader } from './pipeline.ts';
import { type ProblemDialect, transportProblems } from './problems.ts';
import { RuleBook } from './rules.ts';
import { MemoryStore } from './store.ts';

const ajv = createAjv();

const dialect: ProblemDialect = {
  catalog: {
    ...transportProblems,
    'idempotency-key-reused': { status: 409, title: 'reused' },
    'too-much': { status: 409, title: 'too much' },
  },
  instance: (uuid) => uuid,
  body: (problem, entry, instance) => ({
    type: problem.name,
    status: entry.status,
    detail: problem.detail,
    instance,
    ...(problem.violations === undefined
      ? {}
      : { errors: problem.violations.map((v) => `${v.in}:${v.at.join('.')}`) }),
  }),
};

/** POST /accounts/{id}/spend with an `idempotency-key` header and a body `{ amount }`. */
const operation: CompiledOperation = {
  operationId: 'spend',
  method: 'post',
  pathTemplate: '/accounts/{id}/spend',
  fullPathTemplate: '/accounts/{id}/spend',
  section: undefined,
  pathParameters: [{ name: 'id', schema: { type: 'string', pattern: '^[a-z]+$' } }],
  parameters: [
    { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z]+$' } },
    { name: 'idempotency-key', in: 'header', required: true, schema: { type: 'string', minLength: 1 } },
  ],
  validatePath: ajv.compile({
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', pattern: '^[a-z]+$' } },
  }),
  validateQuery: undefined,
  validateHeaders: ajv.compile({
    type: 'object',
    required: ['idempotency-key'],
    properties: { 'idempotency-key': { type: 'string', minLength: 1 } },
  }),
  body: {
    required: true,
    mediaTypes: ['application/json'],
    validate: ajv.compile({
      type: 'object',
      required: ['amount'],
      properties: { amount: { type: 'integer', minimum: 1 } },
    }),
  },
  statuses: new Set(),
  responses: new Map(),
};

function setup(options: { now?: () => number } = {}) {
  // The store and the pipeline read one clock, as they do in the mock.
  const now = options.now ?? (() => 0);
  const store = new MemoryStore({ now });
  const edge: ApiEdge = {
    api: 'test-api',
    dialect,
    ids: seededIds(1),
    rules: new RuleBook([]),
    store,
    now,
    validationDetail: 'invalid',
    authenticate: () => undefined,
    tenant: () => ({ name: 'merchantId', value: 'm1' }),
    idempotency: { header: 'idempotency-key', ttlMs: 1000 },
  };
  // The account starts with 100 and each spend takes `amount`; refused beyond the balance.
  const handler: OperationHandler = ({ params, body, commit }) =>
    commit([{ kind: 'account', key: String(params.id) }], (snapshot) => {
      const balance = snapshot.get<number>('account', String(params.id)) ?? 100;
      const amount = (body as { amount: number }).amount;
      if (amount > balance) return { outcome: { problem: { name: 'too-much', detail: 'over' } }, writes: [] };
      return {
        outcome: { status: 200, json: { balance: balance - amount } },
        writes: [
          { kind: 'account', key: String(params.id), api: 'test-api', tenant: 'm1', value: balance - amount },
        ],
      };
    });
  const route = operationRoute(edge, operation, handler);
  const send = async (
    options: { key?: string; amount?: unknown; id?: string; body?: RequestBody } = {},
  ): Promise<MockResponse> => {
    const request: MockRequest = {
      method: 'POST',
      path: `/accounts/${options.id ?? 'a'}/spend`,
      query: new URLSearchParams(),
      headers: options.key === undefined ? {} : { 'idempotency-key': options.key },
      params: { id: options.id ?? 'a' },
      body: options.body ?? {
        kind: 'json',
        value: { amount: options.amount ?? 10 },
        text: JSON.stringify({ amount: options.amount ?? 10 }),
      },
      bodyBytes: 10,
      receivedAt: 0,
    };
    return route.handle(request);
  };
  const text = (response: MockResponse) => String(response.jsonText ?? JSON.stringify(response.json));
  return { store, send, text };
}

describe('operationRoute', () => {
  it('should list every header, path and body violation in one 400', async () => {
    const { send } = setup();

    const response = await send({ id: 'A1', amount: 0 });

    expect(response.status).toBe(400);
    expect((response.json as { errors: string[] }).errors.sort()).toEqual([
      'body:amount',
      'header:idempotency-key',
      'path:id',
    ]);
  });

  it('should refuse a body that is not JSON with 415 before validating anything', async () => {
    const { send } = setup();

    const response = await send({ id: 'A1', body: { kind: 'unsupported', contentType: 'text/plain' } });

    expect(response.status).toBe(415);
  });
});

describe('idempotency', () => {
  it('should replay the first answer byte for byte and act no second time', async () => {
    const { send, text, store } = setup();

    const first = await send({ key: 'k1', amount: 10 });
    const again = await send({ key: 'k1', amount: 10 });
    const other = await send({ key: 'k2', amount: 10 });

    expect(first.status).toBe(200);
    expect(text(first)).toBe('{"balance":90}');
    expect(again.status).toBe(200);
    expect(text(again)).toBe(text(first));
    expect(again.headers?.[replayHeader]).toBe('true');
    expect(first.headers?.[replayHeader]).toBeUndefined();
    expect(text(other)).toBe('{"balance":80}');
    expect(store.peek('account', 'a')).toBe(80);
  });

  it('should replay a kept 409 with its instance, and refuse the key with another body', async () => {
    const { send, text } = setup();

    const refused = await send({ key: 'k1', amount: 500 });
    const replayed = await send({ key: 'k1', amount: 500 });
    const reused = await send({ key: 'k1', amount: 5 });

    expect(refused.status).toBe(409);
    expect(text(replayed)).toBe(text(refused));
    expect(reused.status).toBe(409);
    expect((JSON.parse(text(reused)) as { type: string }).type).toBe('idempotency-key-reused');
  });

  it('should compare keys without case and bodies without member order', async () => {
    const { send, text } = setup();
    const key = 'ee735673-05f2-4c56-8a68-60170bda4524';

    const first = await send({ key, amount: 10 });
    const again = await send({
      key: key.toUpperCase(),
      body: { kind: 'json', value: { amount: 10 }, text: '{"amount":10}' },
    });

    expect(text(again)).toBe(text(first));
  });

  it('should have one effect for parallel requests with one key', async () => {
    const { send, text, store } = setup();

    const answers = await Promise.all(Array.from({ length: 20 }, () => send({ key: 'k1', amount: 30 })));

    expect(new Set(answers.map(text))).toEqual(new Set(['{"balance":70}']));
    expect(store.peek('account', 'a')).toBe(70);
  });

  it('should not keep an answer refused before the operation ran', async () => {
    const { send } = setup();

    const invalid = await send({ key: 'k1', amount: 0 });
    const valid = await send({ key: 'k1', amount: 10 });

    expect(invalid.status).toBe(400);
    expect(valid.status).toBe(200);
  });

  it('should forget a key after its time to live', async () => {
    const state = { now: 0 };
    const { send, text } = setup({ now: () => state.now });

    await send({ key: 'k1', amount: 10 });
    state.now += 1000;
    const after = await send({ key: 'k1', amount: 10 });

    expect(text(after)).toBe('{"balance":80}');
  });

  it('should replay an answer kept by the previous release, as one string of lines', async () => {
    const { send, text, store } = setup();
    const first = await send({ key: 'k1', amount: 10 });
    const kept = store.peek<unknown[]>('test-api/idempotency-key', 'm1/k1');
    expect(Array.isArray(kept)).toBe(true);
    // What a shared store written by the release before holds: the same values, a line each.
    store.atomicallySync([], () => ({
      result: undefined,
      writes: [
        {
          kind: 'test-api/idempotency-key',
          key: 'm1/k1',
          api: 'test-api',
          tenant: 'm1',
          value: (kept ?? []).join('\n'),
          expiresAt: 1000,
        },
      ],
    }));

    const again = await send({ key: 'k1', amount: 10 });
    const reused = await send({ key: 'k1', amount: 20 });

    expect(text(again)).toBe(text(first));
    expect(again.headers?.[replayHeader]).toBe('true');
    expect(reused.status).toBe(409);
    expect(store.peek('account', 'a')).toBe(90);
  });
});
