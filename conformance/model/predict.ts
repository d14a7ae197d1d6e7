// Predictions: for one step on one order, every answer a conformant implementation
// may give (status, problem Type, the parameter Problems must name) and the state
// after it. The request schema decides first (the contract's validators), then the
// lifecycle engine: a refused guard names a rule, whose problem, parameter and
// `acceptAlso` come from the lifecycle data; DECISIONS.md alternatives the data
// does not carry are listed here.
import type { ErrorObject } from '../../lib/ajv.ts';
import { type CommandInput, type CommandOf, decide } from '../../src/core/lifecycle.ts';
import type { KitSpec } from '../spec.ts';
import { lifecycle, type Machine, type Status } from './model.ts';

export interface Expected {
  readonly status: number;
  /** The problem name (validation → ledger/bnpl-payment-order/v1/problems/validation). */
  readonly problem?: string;
  /** Problems must name at least one of these. */
  readonly parameters?: readonly string[];
  /** Where the expectation comes from, for messages: a rule, a decision, the schema. */
  readonly because: string;
}

export interface Prediction {
  readonly answers: readonly Expected[];
  /** The state after the step when it succeeds; undefined when it must be refused. */
  readonly next: Machine | undefined;
  /** Other statuses the documents allow after a successful step (D-03). */
  readonly acceptAlso: readonly Status[];
}

export type Command = CommandOf<typeof lifecycle>;

/**
 * "Kit accepts" entries of DECISIONS.md that the lifecycle data does not carry:
 * D-09 lets redirect answer 200 on an order that no longer awaits the customer.
 */
const decisionAlternatives: Readonly<Record<string, Readonly<Record<string, readonly Expected[]>>>> = {
  redirect: { 'order-not-awaiting-customer': [{ status: 200, because: 'D-09 also accepts 200' }] },
};

/** The answers to a seller's request: schema first, then the lifecycle. */
export function predict(
  spec: KitSpec,
  operationId: string,
  command: Command,
  machine: Machine,
  input: CommandInput,
  body: unknown,
): Prediction {
  const operation = spec.operation(operationId);
  if (body !== undefined && operation.body !== undefined && !operation.body.validate(body)) {
    const parameters = parameterPaths(operation.body.validate.errors ?? []);
    return {
      answers: [
        {
          status: spec.problemStatus(operationId, 'validation') ?? 400,
          problem: 'validation',
          parameters,
          because: 'the request schema',
        },
      ],
      next: undefined,
      acceptAlso: [],
    };
  }
  const decision = decide(lifecycle, machine, command, input);
  if (decision.ok) {
    return {
      answers: [{ status: spec.successStatus(operationId), because: `lifecycle ${command}` }],
      next: decision.state,
      acceptAlso: decision.acceptAlso,
    };
  }
  const rule = lifecycle.rules[decision.rule];
  const status = spec.problemStatus(operationId, rule.problem);
  // A rule whose problem the operation does not document is a bug in the lifecycle data or the kit.
  if (status === undefined)
    throw new Error(`conformance: ${operationId} documents no ${rule.problem} problem`);
  const because = `rule ${decision.rule} (${rule.source})`;
  const parameter = 'parameter' in rule ? rule.parameter : undefined;
  const alsoFromRule = ('acceptAlso' in rule ? rule.acceptAlso : []).map(
    (a): Expected => ({ status: a.status, because: `${because} also accepts ${a.status}` }),
  );
  return {
    answers: [
      {
        status,
        problem: rule.problem,
        ...(parameter === undefined ? {} : { parameters: [parameter] }),
        because,
      },
      ...alsoFromRule,
      ...(decisionAlternatives[operationId]?.[decision.rule] ?? []),
    ],
    next: undefined,
    acceptAlso: [],
  };
}

/** The state after a customer's step, or undefined when the lifecycle refuses it. */
export function predictCustomer(command: Command, machine: Machine, input: CommandInput = {}): Prediction {
  const decision = decide(lifecycle, machine, command, input);
  return decision.ok
    ? { answers: [], next: decision.state, acceptAlso: decision.acceptAlso }
    : { answers: [], next: undefined, acceptAlso: [] };
}

/** Statuses a prediction accepts that the operation does not document (for BPO-CT-001). */
export function undocumentedAccepted(spec: KitSpec, operationId: string, prediction: Prediction): number[] {
  const { responses } = spec.operation(operationId);
  return prediction.answers.map((a) => a.status).filter((s) => !responses.has(String(s)));
}

/** The failing parameters of schema errors, as dotted paths (customer.email, orderLines[0].amount). */
export function parameterPaths(errors: readonly ErrorObject[]): string[] {
  const paths = new Set<string>();
  for (const error of errors) {
    let at = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((out, s) => (/^[0-9]+$/.test(s) ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '');
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const member = params.missingProperty ?? params.additionalProperty;
    if (member !== undefined) at = at === '' ? member : `${at}.${member}`;
    paths.add(at === '' ? 'body' : at);
  }
  return [...paths];
}
