// The request pipeline of one API operation, the same for every API, in Prism's
// route → validate → mock spirit: authentication → parameters (path, query, headers)
// and body (media type, JSON, schema) → tenant → scenario rule → the operation's
// handler, which decides through `commit` (idempotency and the store's atomic
// read-decide-write) → render. Each stage is supplied by the API (its `ApiEdge`) and
// answers in the API's own problem dialect; no stage knows an API by name. The
// handler only ever sees a validated request.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type CompiledOperation,
  coerce,
  coercePathParameters,
  type Violation,
  violationsFromErrors,
} from '../../lib/openapi.ts';
import type { MockRequest, MockResponse, Route } from './http.ts';
import type { IdSource } from './ids.ts';
import { type Problem, type ProblemDialect, problemMediaType, renderProblem } from './problems.ts';
import type { ActiveRule, RuleBook } from './rules.ts';
import {
  atomicallyNow,
  type Decision,
  type RecordKey,
  type Snapshot,
  type Store,
  type Write,
} from './store.ts';

/** Who a request acts for: `{ name: 'ownerNo', value: '1' }`, `{ name: 'merchantId', value: '…' }`. */
export interface Tenant {
  readonly name: string;
  readonly value: string;
}

/** A request's declared parameters, coerced to their schemas' types and validated. */
export interface Parameters {
  readonly path: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  /** Declared headers, by the name the spec writes. */
  readonly header: Readonly<Record<string, string>>;
}

/** The stages one API supplies to the pipeline. */
export interface ApiEdge {
  readonly api: string;
  readonly dialect: ProblemDialect;
  readonly ids: IdSource;
  readonly rules: RuleBook;
  readonly store: Store;
  readonly now: () => number;
  /** The detail of a 400 validation problem, in the API's words. */
  readonly validationDetail: string;
  /** Authentication, before anything else: undefined lets the request through, a problem refuses it. */
  authenticate(request: MockRequest): Problem | undefined;
  /** A dialect chosen per request, for endpoints several APIs share (the sandbox's reset and journal). */
  dialectFor?(request: MockRequest): ProblemDialect;
  /** The tenant a request acts for, read cheaply from the raw request (also for the journal). */
  tenant(request: MockRequest): Tenant | undefined;
  /** Idempotency, for APIs that have it: the header carrying the key, and how long a key lives. */
  readonly idempotency?: {
    readonly header: string;
    readonly ttlMs: number;
    /**
     * FAULT SEAM (test/kit/ only): look the key up, run this pause, then act and keep the
     * answer in a step of its own, so parallel requests with one key each act.
     */
    readonly checkThenAct?: () => Promise<unknown>;
  };
  /** Rule facets besides the tenant (`customerRef`), from validated parameters. */
  facets?(parameters: Parameters): Readonly<Record<string, string | undefined>>;
  /** The creating request of the resource a path names, for rules' resource matchers. */
  lookup?(tenant: Tenant | undefined, parameters: Parameters): unknown | Promise<unknown>;
}

/** What a handler decides: an answer, or a problem of the API's catalogue. */
export type Outcome =
  | {
      readonly status: number;
      readonly json?: unknown;
      /** Already-serialised JSON (an answer assembled as text). */
      readonly jsonText?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly problem: Problem };

export interface OperationContext {
  readonly request: MockRequest;
  /** The path parameters (shorthand for `parameters.path`). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly parameters: Parameters;
  readonly body: unknown;
  readonly tenant: Tenant | undefined;
  readonly rule: ActiveRule | undefined;
  /** A problem answer in the API's dialect. */
  problem(problem: Problem, headers?: Readonly<Record<string, string>>): MockResponse;
  /**
   * The operation's read-decide-write: reads `keys`, lets `decide` (pure, synchronous)
   * choose an outcome and writes, applies them atomically, and renders the answer.
   * Where the API has idempotency keys, a key already used replays its first answer,
   * or is refused when it came with another request, in the same atomic step.
   */
  commit(
    keys: readonly RecordKey[],
    decide: (snapshot: Snapshot) => Committed,
  ): MockResponse | Promise<MockResponse>;
}

/** A decision of a handler: its outcome and the writes that go with it. */
export interface Committed {
  readonly outcome: Outcome;
  readonly writes: readonly Write[];
}

export type OperationHandler = (context: OperationContext) => MockResponse | Promise<MockResponse>;

/** Response header naming the scenario rule that matched the request. */
export const ruleHeader = 'x-bnpl-kit-rule';
/** Response header on an answer replayed for a repeated idempotency key (as Stripe names it). */
export const replayHeader = 'idempotent-replayed';

/** Answers a problem in a dialect, drawing its occurrence id from the seeded ids. */
export function problemResponse(
  dialect: ProblemDialect,
  ids: IdSource,
  problem: Problem,
  headers?: Readonly<Record<string, string>>,
): MockResponse {
  const { status, body } = renderProblem(dialect, problem, ids.uuid());
  return { status, json: body, contentType: problemMediaType, ...(headers ? { headers } : {}) };
}

/** Renders a handler's outcome: JSON for an answer, the dialect's body for a problem. */
export function renderOutcome(edge: ApiEdge, outcome: Outcome): MockResponse {
  if ('problem' in outcome) return problemResponse(edge.dialect, edge.ids, outcome.problem);
  // Members set one by one, not spread from conditional objects: this runs on every answer (issue 11).
  const response: { -readonly [K in keyof MockResponse]: MockResponse[K] } = { status: outcome.status };
  if (outcome.json !== undefined) response.json = outcome.json;
  if (outcome.jsonText !== undefined) response.jsonText = outcome.jsonText;
  if (outcome.headers !== undefined) response.headers = outcome.headers;
  return response;
}

/** A validation problem from violations, in the API's words. */
export function validationProblem(edge: ApiEdge, violations: readonly Violation[]): Problem {
  return { name: 'validation', detail: edge.validationDetail, violations };
}

/** The query or headers of an operation that declares none: shared, and frozen so no one writes to it. */
const noValues: Record<string, never> = Object.freeze({});

/** A violation of the body as a whole. */
const bodyRoot = (message: string, keyword: string): Violation => ({ in: 'body', at: [], keyword, message });

/** The store kind of an API's idempotency keys. */
const idempotencyKind = (api: string) => `${api}/idempotency-key`;

export function operationRoute(
  apiEdge: ApiEdge,
  operation: CompiledOperation,
  handle: OperationHandler,
): Route {
  const idempotency = apiEdge.idempotency;
  // One kept answer per key for a day: as many as the requests, rarely read again.
  if (idempotency !== undefined) apiEdge.store.keepPacked?.([idempotencyKind(apiEdge.api)]);
  const headerParameters = operation.parameters.filter((p) => p.in === 'header');
  const queryParameters = operation.parameters.filter((p) => p.in === 'query');
  // Which operations a rule names is fixed when the book is built, so asked once here.
  const hasRules = apiEdge.rules.covers(operation.operationId);
  return {
    name: operation.operationId,
    api: apiEdge.api,
    tenant: (request) => apiEdge.tenant(request),
    method: operation.method.toUpperCase() as Route['method'],
    path: operation.fullPathTemplate.replace(/\{([^}]+)\}/g, ':$1'),
    handle(request) {
      const edge =
        apiEdge.dialectFor === undefined ? apiEdge : { ...apiEdge, dialect: apiEdge.dialectFor(request) };
      // 1. Authentication (the sandbox control API's edges authenticate nobody).
      const refused = edge.authenticate(request);
      if (refused !== undefined) return problemResponse(edge.dialect, edge.ids, refused);
      // 2. The body's media type: a body that is not JSON is refused before anything is read from it.
      const read = request.body;
      if (operation.body !== undefined && (read.kind === 'form' || read.kind === 'unsupported')) {
        return problemResponse(edge.dialect, edge.ids, {
          name: 'unsupported-media-type',
          detail: `Send the body as application/json (got ${read.kind === 'form' ? 'application/x-www-form-urlencoded' : read.contentType || 'no Content-Type'}).`,
        });
      }
      // 3. Parameters and body against the spec, every violation listed at once.
      const violations: Violation[] = [];
      const path = coercePathParameters(operation, request.params);
      if (!operation.validatePath(path)) {
        violations.push(...violationsFromErrors(operation.validatePath.errors, 'path'));
      }
      // Operations without query or header parameters share one empty object (no copy per request).
      let query: Record<string, unknown> = noValues;
      if (operation.validateQuery !== undefined) {
        query = {};
        for (const p of queryParameters) {
          const value = request.query.get(p.name);
          if (value !== null) query[p.name] = coerce(p.schema, value);
        }
        if (!operation.validateQuery(query)) {
          violations.push(...violationsFromErrors(operation.validateQuery.errors, 'query'));
        }
      }
      let header: Record<string, string> = noValues;
      if (operation.validateHeaders !== undefined) {
        header = {};
        for (const p of headerParameters) {
          const value = request.headers[p.name.toLowerCase()];
          if (value !== undefined) header[p.name] = Array.isArray(value) ? value.join(', ') : value;
        }
        if (!operation.validateHeaders(header)) {
          violations.push(...violationsFromErrors(operation.validateHeaders.errors, 'header'));
        }
      }
      let body: unknown;
      if (operation.body !== undefined) {
        if (read.kind === 'none') {
          if (operation.body.required)
            violations.push(bodyRoot('A JSON request body is required.', 'required'));
        } else if (read.kind === 'invalid-json') {
          violations.push(bodyRoot(`The body is not valid JSON: ${read.message}`, 'json'));
        } else if (read.kind === 'json') {
          if (read.value === null || typeof read.value !== 'object' || Array.isArray(read.value)) {
            violations.push(bodyRoot('The body must be a JSON object.', 'type'));
          } else if (!operation.body.validate(read.value)) {
            violations.push(...violationsFromErrors(operation.body.validate.errors, 'body'));
          } else body = read.value;
        }
      }
      if (violations.length > 0)
        return problemResponse(edge.dialect, edge.ids, validationProblem(edge, violations));
      const parameters: Parameters = { path, query, header };
      // 4. The tenant.
      const tenant = edge.tenant(request);
      const context = makeContext(
        edge,
        idempotency,
        request,
        parameters,
        body,
        tenant,
        operation.operationId,
      );
      if (!hasRules) return handle(context);
      // 5. The scenario rule: the first that matches wins.
      return matchRule(edge, operation, parameters, tenant, body).then((rule) => {
        if (rule === undefined) return handle(context);
        const ruled = { ...context, rule };
        // Say which trigger fired, so an integrator can see why the mock answered so.
        return applyRule(rule, ruled, handle).then((response) => ({
          ...response,
          headers: { ...response.headers, [ruleHeader]: rule.name },
        }));
      });
    },
  };
}

async function matchRule(
  edge: ApiEdge,
  operation: CompiledOperation,
  parameters: Parameters,
  tenant: Tenant | undefined,
  body: unknown,
): Promise<ActiveRule | undefined> {
  const resource =
    edge.lookup !== undefined && edge.rules.needsResource(operation.operationId)
      ? await edge.lookup(tenant, parameters)
      : undefined;
  return edge.rules.match({
    operationId: operation.operationId,
    facets: {
      ...(tenant === undefined ? {} : { [tenant.name]: tenant.value }),
      ...edge.facets?.(parameters),
    },
    body,
    resource,
  });
}

async function applyRule(
  rule: ActiveRule,
  context: OperationContext,
  handle: OperationHandler,
): Promise<MockResponse> {
  if (rule.then.latencyMs) await sleep(rule.then.latencyMs);
  if (rule.then.drop) return { status: 0, drop: true };
  if (rule.then.problem !== undefined) {
    const forced = `Forced by the mock's scenario rule ${rule.name}.`;
    return context.problem({
      name: rule.then.problem.type,
      detail: rule.then.problem.detail ?? forced,
      ...(rule.then.problem.type === 'validation'
        ? { violations: [{ in: 'body', at: [], keyword: 'rule', message: forced }] }
        : {}),
    });
  }
  return handle(context);
}

function makeContext(
  edge: ApiEdge,
  idempotency: ApiEdge['idempotency'],
  request: MockRequest,
  parameters: Parameters,
  body: unknown,
  tenant: Tenant | undefined,
  operationId: string,
): OperationContext {
  const key = idempotency === undefined ? undefined : parameters.header[idempotency.header];
  return {
    request,
    params: parameters.path,
    parameters,
    body,
    tenant,
    rule: undefined,
    problem: (problem, headers) => problemResponse(edge.dialect, edge.ids, problem, headers),
    commit(keys, decide) {
      if (idempotency === undefined || key === undefined) {
        return atomicallyNow(edge.store, keys, (snapshot) => {
          const decided = decide(snapshot);
          return { result: renderOutcome(edge, decided.outcome), writes: decided.writes };
        });
      }
      return idempotentCommit(edge, idempotency, tenant, key, request, body, keys, decide, operationId);
    },
  };
}

/**
 * The stored first answer of an idempotency key. The request it answered is kept as a
 * digest and its operation's name, not as its text, and the whole as one array of
 * plain values: a million keys (two per Order Processing authorisation) would otherwise
 * keep a million paths, bodies and record objects (issue 11), and the in-memory store
 * packs an array of strings and a number into a few dozen bytes.
 */
interface IdempotencyRecord {
  /** `fingerprintOf` the first request. */
  readonly fingerprint: string;
  readonly operation: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly text: string;
}

/** As kept: [fingerprint, status, content type or '', operation, the answer's text]. */
type KeptAnswer = readonly [string, number, string, string, string];

function keptAnswer(record: IdempotencyRecord): KeptAnswer {
  return [record.fingerprint, record.status, record.contentType ?? '', record.operation, record.text];
}

/**
 * The record `keptAnswer` wrote. A shared store written by the previous release holds
 * the same five values as one string, a line each and the text after the fourth line.
 */
function readAnswer(kept: KeptAnswer | string): IdempotencyRecord {
  let parts: KeptAnswer;
  if (typeof kept === 'string') {
    const ends: number[] = [];
    for (let at = -1, i = 0; i < 4; i++) {
      at = kept.indexOf('\n', at + 1);
      ends.push(at);
    }
    const [a = 0, b = 0, c = 0, d = 0] = ends;
    parts = [
      kept.slice(0, a),
      Number(kept.slice(a + 1, b)),
      kept.slice(b + 1, c),
      kept.slice(c + 1, d),
      kept.slice(d + 1),
    ];
  } else parts = kept;
  const [fingerprint, status, contentType, operation, text] = parts;
  return {
    fingerprint,
    status,
    contentType: contentType === '' ? undefined : contentType,
    operation,
    text,
  };
}

/**
 * Replays the first answer of a key used before (the same operation and body), refuses
 * a key reused with another request (409 idempotency-key-reused), or decides and keeps
 * the answer: all in the one atomic step, so N parallel retries have one effect.
 */
function idempotentCommit(
  edge: ApiEdge,
  idempotency: NonNullable<ApiEdge['idempotency']>,
  tenant: Tenant | undefined,
  key: string,
  request: MockRequest,
  body: unknown,
  keys: readonly RecordKey[],
  decide: (snapshot: Snapshot) => Committed,
  operation: string,
): MockResponse | Promise<MockResponse> {
  const kind = idempotencyKind(edge.api);
  const recordKey = `${tenant?.value ?? ''}/${key.toLowerCase()}`;
  const fingerprint = fingerprintOf(request, body);
  const commitWithKey =
    idempotency.checkThenAct === undefined
      ? atomicallyNow
      : checkThenAct({ kind, key: recordKey }, idempotency.checkThenAct);
  return commitWithKey(
    edge.store,
    [...keys, { kind, key: recordKey }],
    (snapshot): Decision<MockResponse> => {
      const kept = snapshot.get<KeptAnswer | string>(kind, recordKey);
      if (kept !== undefined) {
        const first = readAnswer(kept);
        if (first.fingerprint === fingerprint) {
          return {
            result: {
              status: first.status,
              jsonText: first.text,
              ...(first.contentType === undefined ? {} : { contentType: first.contentType }),
              headers: { [replayHeader]: 'true' },
            },
            writes: [],
          };
        }
        const refused = problemResponse(edge.dialect, edge.ids, {
          name: 'idempotency-key-reused',
          detail: `The idempotency-key ${key} was first used for another request (${first.operation}, on another path or with another body); use a new key for a new request.`,
        });
        return { result: refused, writes: [] };
      }
      const decided = decide(snapshot);
      const response = renderOutcome(edge, decided.outcome);
      // Answers refused before the operation ran (400, 401, 403, 404) are not kept: a retry may succeed.
      if (response.status !== 200 && response.status !== 409)
        return { result: response, writes: decided.writes };
      const text =
        response.jsonText === undefined ? JSON.stringify(response.json) : String(response.jsonText);
      const answer = keptAnswer({
        fingerprint,
        operation,
        status: response.status,
        contentType: response.contentType,
        text,
      });
      const { json: _rendered, ...rest } = response;
      return {
        result: { ...rest, jsonText: text },
        writes: [
          ...decided.writes,
          {
            kind,
            key: recordKey,
            api: edge.api,
            tenant: tenant?.value ?? '',
            value: answer,
            expiresAt: edge.now() + idempotency.ttlMs,
          },
        ],
      };
    },
  );
}

/**
 * FAULT SEAM (test/kit/ only): `atomicallyNow` for idempotency done wrong: the key is
 * looked up in a step of its own; if it was unused, the pause runs and the decision
 * then acts as if the key were still unused, whatever parallel requests kept meanwhile.
 */
function checkThenAct(idempotencyKey: RecordKey, pause: () => Promise<unknown>) {
  const isKey = (kind: string, key: string) => kind === idempotencyKey.kind && key === idempotencyKey.key;
  return async <R>(
    store: Store,
    keys: readonly RecordKey[],
    decide: (snapshot: Snapshot) => Decision<R>,
  ): Promise<R> => {
    if ((await store.get(idempotencyKey.kind, idempotencyKey.key)) !== undefined)
      return atomicallyNow(store, keys, decide);
    await pause();
    return atomicallyNow(store, keys, (snapshot) =>
      decide({
        get: <T>(kind: string, key: string) => (isKey(kind, key) ? undefined : snapshot.get<T>(kind, key)),
      }),
    );
  };
}

/**
 * What makes two requests the same for an idempotency key: the method, the path and the
 * body compared as JSON (member order aside), as 128 bits of SHA-256: the same request
 * gives the same digest; another one a different digest but for a chance of 2^-128.
 */
export function fingerprintOf(request: MockRequest, body: unknown): string {
  return createHash('sha256')
    .update(`${request.method} ${request.path}\n${canonicalJson(body)}`)
    .digest()
    .toString('base64url', 0, 16);
}

/** JSON with object members sorted, so two bodies that differ only in member order compare equal. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
          )
        : v,
    ) ?? ''
  );
}
