// The shape every contract check shares: a named claim judged on one exchange,
// `(ctx, exchange) → Failure | undefined`, with `applies` saying whether the claim
// is about this exchange at all (so a report can tell "passed" from "never tried").
// A check is written once and bound, per API, to that API's check id and dialect
// (checks/dialect.ts): how its problems are written, where its amounts are.
import type { ValidateFunction } from '../../lib/ajv.ts';
import type { CompiledOperation } from '../../lib/openapi.ts';
import type { CheckId } from '../catalogue.ts';
import type { Failure } from '../results.ts';
import type { HttpExchange, RecordedResponse } from '../transcript.ts';

/** What the contract checks read of an API's contract. */
export interface ContractSpec {
  operation(operationId: string): CompiledOperation;
  /** The open reading of a success body (documented members, documented types), if the status has a body. */
  validateResource(operationId: string, status: number): ValidateFunction | undefined;
  /** The problem type the contract gives a status of an operation (its `const`), if it gives one. */
  problemType(operationId: string, status: number): string | undefined;
}

/** The contract checks an API runs on every answer, bound to its ids, and the id of "an answer came". */
export interface ContractDialect {
  readonly responseCheck: CheckId;
  readonly checks: readonly ContractCheck[];
}

export interface ContractContext {
  readonly spec: ContractSpec;
  /** The API's checks (default: bnpl-payment-order's). */
  readonly dialect?: ContractDialect;
  /**
   * Statuses a decision accepts for this request although the operation does not
   * document them (D-01 and D-06 accept 409 for a capture or reversal above what is
   * allowed). They are judged against the generic problem checks.
   */
  readonly alsoAccepted: readonly number[];
  /** Problem instances seen so far in the run, with the exchange that carried each. */
  readonly instances: Map<string, number>;
  /** The request repeats an earlier one with the same idempotency key: its answer may repeat the first. */
  readonly replay?: boolean;
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

/** How an API writes its problems: member names, where a 400 lists its failures, what its types look like. */
export interface ProblemWriting {
  /** The five members as the API's document writes them (`Type`… or `type`…). */
  readonly members: readonly string[];
  /** A member by its document name; bnpl-payment-order also reads camelCase (D-18). */
  member(body: Record<string, unknown> | undefined, name: string): unknown;
  /** Words after "the problem lacks …", saying which casings count. */
  readonly casing: string;
  /** What is wrong with a 400's list of failures; undefined when it is right. */
  validationList(body: Record<string, unknown> | undefined): string | undefined;
  /** What is wrong with a problem's type for this status; undefined when it is right. */
  typeProblem(ctx: ContractContext, exchange: AnsweredExchange, type: unknown): string | undefined;
}

/** A validator of a success body, chosen per check (the open reading, or the full contract). */
export type ResourceValidator = (
  ctx: ContractContext,
  exchange: AnsweredExchange,
) => ValidateFunction | undefined;
