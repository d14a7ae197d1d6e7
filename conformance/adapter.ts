// The customer's part, which no seller API can do, and the loading of adapter
// modules. bnpl-payment-order: choosing a payment method and approving, declining or
// failing on the provider's pages, and optionally cleaning up the kit's orders (its
// Adapter, here). Order Processing's adapter is in order-processing/adapter.ts. A
// vendor supplies one as an ES module (its default export); `mock` is the built-in
// one for bnpl-kit's mock. This module loads adapter modules and checks their shape.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mockAdapter } from './adapters/mock.ts';
import { ConfigurationError } from './results.ts';

/** What the kit tells the adapter about the order the customer acts on. */
export interface CustomerContext {
  readonly baseUrl: string;
  readonly ownerNo: string;
  readonly token: string;
  readonly paymentOrderId: number;
  readonly profileName: string;
  readonly subProfileName?: string;
}

/** What the kit tells the adapter when it cleans up. */
export interface ResetContext {
  readonly baseUrl: string;
  readonly ownerNo: string;
  readonly token: string;
}

/**
 * Each method resolves once the order reflects the step (a GET would show it) and
 * rejects when the step could not be done.
 */
export interface Adapter {
  choosePaymentMethod(ctx: CustomerContext): Promise<void>;
  authorize(ctx: CustomerContext): Promise<void>;
  /** Optional: without it the kit never drives an order to Rejected. */
  reject?(ctx: CustomerContext): Promise<void>;
  /** Optional: the customer's step fails (status Failed); without it the kit never drives an order there. */
  fail?(ctx: CustomerContext): Promise<void>;
  /** Optional: forgets the orders of ctx.ownerNo; the kit calls it before and after a run. */
  reset?(ctx: ResetContext): Promise<void>;
}

/** Loads `mock` or an ES module path (relative to the working directory). */
export async function loadAdapter(specifier: string): Promise<Adapter> {
  if (specifier === 'mock') return mockAdapter;
  return importAdapter<Adapter>(
    specifier,
    adapterShapeProblems,
    'choosePaymentMethod(ctx), authorize(ctx) and optionally reject(ctx), fail(ctx) and reset(ctx), each returning a promise',
  );
}

/**
 * Imports an adapter module and checks its default export; `shape` names what the
 * default export must have, for the message. Any failure is a configuration problem.
 */
export async function importAdapter<A>(
  specifier: string,
  shapeProblems: (candidate: unknown) => string[],
  shape: string,
): Promise<A> {
  const file = path.resolve(specifier);
  try {
    await access(file);
  } catch {
    throw new ConfigurationError(`adapter module not found: ${file}`);
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigurationError(
      `adapter module ${file} failed to load: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const problems = shapeProblems(module.default);
  if (problems.length > 0) {
    throw new ConfigurationError(
      `adapter module ${file} is not a valid adapter: ${problems.join('; ')}. Its default export must be an object with ${shape}.`,
    );
  }
  return module.default as A;
}

/** What is wrong with a would-be adapter; empty when it is one. */
export function adapterShapeProblems(candidate: unknown): string[] {
  return shapeProblems(candidate, ['choosePaymentMethod', 'authorize'], ['reject', 'fail', 'reset']);
}

/** What is wrong with a default export that must have the `required` functions and may have the `optional` ones. */
export function shapeProblems(
  candidate: unknown,
  required: readonly string[],
  optional: readonly string[],
): string[] {
  if (candidate === undefined) return ['it has no default export'];
  if (typeof candidate !== 'object' || candidate === null) {
    return [`its default export is ${candidate === null ? 'null' : typeof candidate}, not an object`];
  }
  const record = candidate as Record<string, unknown>;
  const problems: string[] = [];
  for (const name of required) {
    if (typeof record[name] !== 'function')
      problems.push(`${name} is ${describe(record[name])}, not a function`);
  }
  for (const name of optional) {
    if (record[name] !== undefined && typeof record[name] !== 'function')
      problems.push(`${name} is ${describe(record[name])}, not a function`);
  }
  return problems;
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : value === null ? 'null' : typeof value;
}
