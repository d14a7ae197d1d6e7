// The request pipeline of one API operation, the same for every API:
// bearer auth → owner binding → path parameters → body (media type, JSON, schema)
// → scenario rule → the operation's handler. Each stage answers with the API's
// own problem format; the handler only ever sees a validated request. Prism's
// route/validate/mock split, without Prism's statelessness.
import { setTimeout as sleep } from 'node:timers/promises';
import { type CompiledOperation, coercePathParameters, problemsFromErrors } from '../../lib/openapi.ts';
import type { MockRequest, MockResponse, Route } from './http.ts';
import type { IdSource } from './ids.ts';
import {
  type ProblemBody,
  type ProblemDomain,
  problemBody,
  problemMediaType,
  validationDetail,
} from './problems.ts';
import type { ActiveRule, RuleBook } from './rules.ts';

/** Everything the pipeline needs from the API and the running mock. */
export interface ApiEdge<N extends string> {
  readonly domain: ProblemDomain<N | 'validation' | 'unauthorized' | 'unsupported-media-type' | 'fatal'>;
  readonly ids: IdSource;
  readonly rules: RuleBook;
  /** token → ownerNo, when tokens are bound (`--tokens`); otherwise any token passes. */
  readonly tokens: ReadonlyMap<string, string> | undefined;
  /** The create request of the resource a path names, for rules' `order` matchers. */
  lookup(params: Readonly<Record<string, unknown>>): unknown;
}

export interface OperationContext {
  readonly request: MockRequest;
  readonly params: Readonly<Record<string, unknown>>;
  readonly body: unknown;
  readonly rule: ActiveRule | undefined;
}

export type OperationResult = MockResponse;

/** Response header naming the scenario rule that matched the request. */
export const ruleHeader = 'x-bnpl-kit-rule';

/** Builds a problem response of the API's domain. */
export function problemResponse<N extends string>(
  domain: ProblemDomain<N>,
  ids: IdSource,
  name: N,
  detail: string,
  problems?: Readonly<Record<string, readonly string[]>>,
  headers?: Readonly<Record<string, string>>,
): MockResponse {
  const json: ProblemBody = problemBody(domain, name, ids.uuid(), detail, problems);
  return { status: json.Status, json, contentType: problemMediaType, ...(headers ? { headers } : {}) };
}

/** Extracts the bearer token, or undefined when the header is missing or malformed. */
export function bearerToken(request: MockRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function operationRoute<N extends string>(
  edge: ApiEdge<N>,
  operation: CompiledOperation,
  handle: (context: OperationContext) => OperationResult | Promise<OperationResult>,
  options: { readonly auth: boolean } = { auth: true },
): Route {
  const d = edge.domain as ProblemDomain<'validation' | 'unauthorized' | 'unsupported-media-type' | 'fatal'>;
  const fail = (
    name: 'validation' | 'unauthorized' | 'unsupported-media-type' | 'fatal',
    detail: string,
    problems?: Record<string, string[]>,
  ) => problemResponse(d, edge.ids, name, detail, problems);
  const path = operation.pathTemplate.replace(/\{([^}]+)\}/g, ':$1');
  return {
    name: operation.operationId,
    method: operation.method.toUpperCase() as Route['method'],
    path,
    handle(request) {
      const token = options.auth ? bearerToken(request) : '';
      if (token === undefined) {
        return fail('unauthorized', "The Authorization header must be 'Bearer <token>'.");
      }
      const params = coercePathParameters(operation, request.params);
      if (options.auth && edge.tokens !== undefined) {
        const bound = edge.tokens.get(token);
        if (bound === undefined) return fail('unauthorized', 'The bearer token is not valid.');
        if (params.ownerNo !== undefined && bound !== params.ownerNo) {
          return fail('unauthorized', `The bearer token is not valid for owner ${String(params.ownerNo)}.`);
        }
      }
      if (!operation.validatePath(params)) {
        return fail('validation', validationDetail, problemsFromErrors(operation.validatePath.errors));
      }
      let body: unknown;
      if (operation.body !== undefined) {
        const read = request.body;
        switch (read.kind) {
          case 'none':
            if (operation.body.required) {
              return fail('validation', validationDetail, { body: ['A JSON request body is required.'] });
            }
            break;
          case 'invalid-json':
            return fail('validation', validationDetail, {
              body: [`The body is not valid JSON: ${read.message}`],
            });
          case 'form':
          case 'unsupported':
            return fail(
              'unsupported-media-type',
              `Send the body as application/json (got ${read.kind === 'form' ? 'application/x-www-form-urlencoded' : read.contentType || 'no Content-Type'}).`,
            );
          case 'json':
            if (read.value === null || typeof read.value !== 'object' || Array.isArray(read.value)) {
              return fail('validation', validationDetail, { body: ['The body must be a JSON object.'] });
            }
            if (!operation.body.validate(read.value)) {
              return fail('validation', validationDetail, problemsFromErrors(operation.body.validate.errors));
            }
            body = read.value;
        }
      }
      if (edge.rules.isEmpty) return handle({ request, params, body, rule: undefined });
      const rule = edge.rules.match({
        operationId: operation.operationId,
        ownerNo: typeof params.ownerNo === 'string' ? params.ownerNo : undefined,
        body,
        order: params.paymentOrderId === undefined ? undefined : edge.lookup(params),
      });
      const context: OperationContext = { request, params, body, rule };
      if (rule === undefined) return handle(context);
      // Say which trigger fired, so an integrator can see why the mock answered so.
      return applyRule(edge, rule, context, handle).then((response) => ({
        ...response,
        headers: { ...response.headers, [ruleHeader]: rule.name },
      }));
    },
  };
}

async function applyRule<N extends string>(
  edge: ApiEdge<N>,
  rule: ActiveRule,
  context: OperationContext,
  handle: (context: OperationContext) => OperationResult | Promise<OperationResult>,
): Promise<MockResponse> {
  if (rule.then.latencyMs) await sleep(rule.then.latencyMs);
  if (rule.then.drop) return { status: 0, drop: true };
  if (rule.then.problem !== undefined) {
    const name = rule.then.problem.type as N;
    return problemResponse(
      edge.domain as ProblemDomain<N>,
      edge.ids,
      name,
      rule.then.problem.detail ?? `Forced by the mock's scenario rule ${rule.name}.`,
      name === ('validation' as N)
        ? { body: [`Forced by the mock's scenario rule ${rule.name}.`] }
        : undefined,
    );
  }
  return handle(context);
}
