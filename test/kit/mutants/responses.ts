// Mutants of the responses: `faults.respond` rewrites what the mock is about to
// send. Each models a bug seen in the wild in the answer's shape rather than in
// the order's state.
import type { Faults } from '../../../src/mock/server.ts';

type Respond = NonNullable<Faults['respond']>;
type Context = Parameters<Respond>[0];

const isProblem = (ctx: Context) => ctx.status >= 400 && typeof ctx.body === 'object' && ctx.body !== null;
const problem = (ctx: Context) => ctx.body as Record<string, unknown>;

/** Amounts kept in floats: remainingAmount = authorization − Σ captures in IEEE-754 (1000 − 333.33 = 666.6700000000001). */
export const floatRemainingAmount: Respond = (ctx) => {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (ctx.order === undefined || typeof body?.remainingAmount !== 'number' || body.remainingAmount === 0)
    return undefined;
  let remaining = ctx.order.authorizationMinor / 100;
  for (const capture of ctx.order.captures) remaining -= capture.minor / 100;
  return { body: { ...body, remainingAmount: remaining } };
};

/** Problems carry only Type and Status: no Title, Detail or Instance. */
export const problemMembersMissing: Respond = (ctx) => {
  if (!isProblem(ctx)) return undefined;
  const { Type, Status } = problem(ctx);
  return { body: { Type, Status } };
};

/** create answers 200 instead of 201. */
export const createAnswers200: Respond = (ctx) =>
  ctx.operationId === 'createBnplPaymentOrder' && ctx.status === 201 ? { status: 200 } : undefined;

/** Problems served as application/json. */
export const problemAsApplicationJson: Respond = (ctx) =>
  isProblem(ctx) ? { contentType: 'application/json' } : undefined;

/** Every problem says Status 400, whatever the HTTP status. */
export const problemStatusAlways400: Respond = (ctx) =>
  isProblem(ctx) ? { body: { ...problem(ctx), Status: 400 } } : undefined;

/** A 400 without the Problems member. */
export const validationWithoutProblems: Respond = (ctx) => {
  if (ctx.status !== 400 || !isProblem(ctx)) return undefined;
  const { Problems: _dropped, ...rest } = problem(ctx);
  return { body: rest };
};

/** Problem Types as absolute URIs, RFC 9457 style, not the document's relative form. */
export const absoluteProblemTypes: Respond = (ctx) => {
  if (!isProblem(ctx) || typeof problem(ctx).Type !== 'string') return undefined;
  return { body: { ...problem(ctx), Type: `https://api.example.com/${String(problem(ctx).Type)}` } };
};

/** The order read back never offers add-capture, though captures are possible. */
export const captureNeverOffered: Respond = (ctx) => {
  if (ctx.operationId !== 'getBnplPaymentOrder' || ctx.status !== 200) return undefined;
  const body = ctx.body as { operations: { rel: string }[] } & Record<string, unknown>;
  return { body: { ...body, operations: body.operations.filter((o) => o.rel !== 'add-capture') } };
};
