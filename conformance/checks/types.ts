// The shape every contract check shares: a named claim judged on one exchange,
// `(ctx, exchange) → Failure | undefined`, with `applies` saying whether the claim
// is about this exchange at all (so a report can tell "passed" from "never tried").
import type { CheckId } from '../catalogue.ts';
import type { Failure } from '../results.ts';
import type { KitSpec } from '../spec.ts';
import type { HttpExchange, RecordedResponse } from '../transcript.ts';

export interface ContractContext {
  readonly spec: KitSpec;
  /**
   * Statuses a DECISIONS.md entry accepts for this request although the operation
   * does not document them (D-01 and D-06 accept 409 for a capture or reversal
   * above what is allowed). They are judged against the generic Problem schema.
   */
  readonly alsoAccepted: readonly number[];
  /** Problem Instances seen so far in the run, with the exchange that carried each. */
  readonly instances: Map<string, number>;
}

/** An exchange that got a response, for an operation of the spec. */
export interface AnsweredExchange extends HttpExchange {
  readonly operationId: string;
  readonly response: RecordedResponse;
}

export interface ContractCheck {
  readonly id: CheckId;
  applies(ctx: ContractContext, exchange: AnsweredExchange): boolean;
  check(ctx: ContractContext, exchange: AnsweredExchange): Failure | undefined;
}

export function fail(id: CheckId, exchange: AnsweredExchange, message: string): Failure {
  return { checkId: id, operationId: exchange.operationId, message: `#${exchange.n}: ${message}` };
}

/** Whether the operation documents the status (or a default), or a decision accepts it. */
export function isDocumentedOrAccepted(ctx: ContractContext, exchange: AnsweredExchange): boolean {
  const { responses } = ctx.spec.operation(exchange.operationId);
  const status = exchange.response.status;
  return (
    responses.has(String(status)) ||
    responses.has(`${String(status).charAt(0)}XX`) ||
    responses.has('default') ||
    ctx.alsoAccepted.includes(status)
  );
}

/** The media types documented for the response's status; problem+json for an accepted undocumented error. */
export function documentedMediaTypes(ctx: ContractContext, exchange: AnsweredExchange): string[] | undefined {
  const { responses } = ctx.spec.operation(exchange.operationId);
  const status = exchange.response.status;
  const key = [String(status), `${String(status).charAt(0)}XX`, 'default'].find((k) => responses.has(k));
  if (key !== undefined) {
    const media = responses.get(key);
    return media === undefined ? undefined : [...media.keys()];
  }
  if (ctx.alsoAccepted.includes(status) && status >= 400) return ['application/problem+json'];
  return undefined;
}

export const isError = (exchange: AnsweredExchange): boolean => exchange.response.status >= 400;

export function bodyObject(exchange: AnsweredExchange): Record<string, unknown> | undefined {
  const json = exchange.response.json;
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined;
}
