// The lifecycle engine: executes a lifecycle sidecar (spec/<api>.lifecycle.yaml,
// typed through generated/<api>.lifecycle.ts) as a pure function
// (state, command, input) -> result. It owns guard evaluation, effects and the
// offered hypermedia operations; it knows nothing of HTTP, JSON, clocks or ids.
// The mock applies it to stored orders; the conformance model predicts with it.
import type { Condition, Effect, Lifecycle, Term, Transition } from '../../generated/lifecycle.schema.ts';
import { add, type MinorUnits, minor, subtract } from '../../lib/money.ts';

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
export type AnyLifecycle = DeepReadonly<Lifecycle>;

export type StatusOf<L extends AnyLifecycle> = Extract<keyof L['states'], string>;
export type CommandOf<L extends AnyLifecycle> = Extract<keyof L['commands'], string>;
export type RuleOf<L extends AnyLifecycle> = Extract<keyof L['rules'], string>;
export type RelOf<L extends AnyLifecycle> = Extract<keyof L['operations'], string>;
export type QuantityOf<L extends AnyLifecycle> = Extract<keyof L['quantities'], string>;
export type FlagOf<L extends AnyLifecycle> = Extract<keyof L['flags'], string>;

/** What the engine knows of one resource: status, minor-unit quantities, flags. */
export interface MachineState<L extends AnyLifecycle> {
  readonly status: StatusOf<L>;
  readonly currency: string;
  readonly quantities: Readonly<Record<QuantityOf<L>, number>>;
  readonly flags: Readonly<Record<FlagOf<L>, boolean>>;
}

/** A command's arguments: minor-unit amounts, currencies, booleans. */
export type CommandInput = Readonly<Record<string, number | string | boolean>>;

export type Decision<L extends AnyLifecycle> =
  | {
      readonly ok: true;
      readonly state: MachineState<L>;
      /** Other statuses the documents allow after this step (for the conformance model). */
      readonly acceptAlso: readonly StatusOf<L>[];
    }
  | { readonly ok: false; readonly rule: RuleOf<L> };

/** A lifecycle that references something it does not define; a bug in the sidecar. */
export class LifecycleError extends Error {
  override name = 'LifecycleError';
}

/** The state of a resource before its creating command ran. */
export function blankState<L extends AnyLifecycle>(lifecycle: L, currency: string): MachineState<L> {
  const initial = Object.entries(lifecycle.states).find(([, s]) => s.initial)?.[0];
  if (initial === undefined) throw new LifecycleError(`${lifecycle.api}: no initial state`);
  return {
    status: initial as StatusOf<L>,
    currency,
    quantities: Object.fromEntries(Object.keys(lifecycle.quantities).map((q) => [q, 0])) as Record<
      QuantityOf<L>,
      number
    >,
    flags: blankFlags(lifecycle) as Record<FlagOf<L>, boolean>,
  };
}

const blankFlagsOf = new WeakMap<AnyLifecycle, Readonly<Record<string, boolean>>>();

/** Every flag false: one frozen object per lifecycle, shared by every blank state. */
function blankFlags(lifecycle: AnyLifecycle): Readonly<Record<string, boolean>> {
  let flags = blankFlagsOf.get(lifecycle);
  if (flags === undefined) {
    flags = Object.freeze(Object.fromEntries(Object.keys(lifecycle.flags).map((f) => [f, false])));
    blankFlagsOf.set(lifecycle, flags);
  }
  return flags;
}

/**
 * Applies `command` to `state`. Picks the first transition that starts from the
 * current status (an empty `from` means the creating command) and whose `when`
 * conditions hold, checks its `requires` guards in order, and applies its effects.
 */
export function decide<L extends AnyLifecycle>(
  lifecycle: L,
  state: MachineState<L>,
  command: CommandOf<L>,
  input: CommandInput,
): Decision<L> {
  const definition = lifecycle.commands[command];
  if (definition === undefined) throw new LifecycleError(`${lifecycle.api}: unknown command ${command}`);
  // Loops rather than find/every with closures: this runs on every capture (issue 11).
  let transition: DeepReadonly<Transition> | undefined;
  for (const t of definition.transitions) {
    if (t.from.length > 0 && !t.from.includes(state.status)) continue;
    let allHold = true;
    for (const c of t.when ?? noConditions) {
      if (!holds(lifecycle, state, input, c)) {
        allHold = false;
        break;
      }
    }
    if (allHold) {
      transition = t;
      break;
    }
  }
  if (transition === undefined) {
    if (definition.otherwise === undefined) {
      throw new LifecycleError(`${lifecycle.api}: ${command} has no transition from ${state.status}`);
    }
    return { ok: false, rule: definition.otherwise as RuleOf<L> };
  }
  for (const guard of transition.requires ?? []) {
    if (!holds(lifecycle, state, input, guard.check)) return { ok: false, rule: guard.rule as RuleOf<L> };
  }
  return { ok: true, state: apply(lifecycle, state, input, transition), acceptAlso: acceptAlso(transition) };
}

/** The hypermedia rels the state offers, in the lifecycle's order. */
export function offeredOperations<L extends AnyLifecycle>(lifecycle: L, state: MachineState<L>): RelOf<L>[] {
  return Object.entries(lifecycle.operations)
    .filter(([, operation]) => operation.when.every((c) => holds(lifecycle, state, {}, c)))
    .map(([rel]) => rel as RelOf<L>);
}

/**
 * `input.amount` → `amount`, sliced once per term: a new slice on every read is a new
 * string to look up as a property name, on every capture (issue 11).
 */
const inputNames = new Map<string, string>();
function inputName(t: string): string {
  let name = inputNames.get(t);
  if (name === undefined) {
    name = t.slice('input.'.length);
    inputNames.set(t, name);
  }
  return name;
}

/** Reads a quantity, a derived quantity, `currency`, `status` or `input.<name>`. */
export function term<L extends AnyLifecycle>(
  lifecycle: L,
  state: MachineState<L>,
  input: CommandInput,
  t: DeepReadonly<Term>,
): number | string | boolean {
  if (typeof t === 'number') return t;
  if (t === 'currency') return state.currency;
  if (t === 'status') return state.status;
  if (t.startsWith('input.')) {
    const value = input[inputName(t)];
    if (value === undefined) throw new LifecycleError(`${lifecycle.api}: missing input ${t}`);
    return value;
  }
  if (Object.hasOwn(lifecycle.quantities, t)) return state.quantities[t as QuantityOf<L>];
  const derived = lifecycle.derived[t];
  if (derived !== undefined) {
    return (
      asNumber(term(lifecycle, state, input, derived.left)) -
      asNumber(term(lifecycle, state, input, derived.minus))
    );
  }
  throw new LifecycleError(`${lifecycle.api}: unknown term ${t}`);
}

function holds<L extends AnyLifecycle>(
  lifecycle: L,
  state: MachineState<L>,
  input: CommandInput,
  condition: DeepReadonly<Condition>,
): boolean {
  if ('anyOf' in condition) return condition.anyOf.some((c) => holds(lifecycle, state, input, c));
  if ('status' in condition) return condition.status.includes(state.status);
  if ('flag' in condition) {
    const value = condition.flag.startsWith('input.')
      ? term(lifecycle, state, input, condition.flag)
      : flag(lifecycle, state, condition.flag);
    return value === condition.is;
  }
  const left = term(lifecycle, state, input, condition.left);
  const right = term(lifecycle, state, input, condition.right);
  switch (condition.op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return asNumber(left) < asNumber(right);
    case '<=':
      return asNumber(left) <= asNumber(right);
    case '>':
      return asNumber(left) > asNumber(right);
    case '>=':
      return asNumber(left) >= asNumber(right);
  }
}

function apply<L extends AnyLifecycle>(
  lifecycle: L,
  state: MachineState<L>,
  input: CommandInput,
  transition: DeepReadonly<Transition>,
): MachineState<L> {
  const quantities: Record<string, number> = { ...state.quantities };
  // Copied only when an effect sets a flag: states without flag changes share one flags
  // object, which a million stored resources would otherwise each hold a copy of.
  let flags: Record<string, boolean> = state.flags;
  for (const effect of transition.effects as readonly DeepReadonly<Effect>[]) {
    if ('setFlag' in effect) {
      const value = typeof effect.to === 'boolean' ? effect.to : term(lifecycle, state, input, effect.to);
      if (typeof value !== 'boolean')
        throw new LifecycleError(`${lifecycle.api}: flag ${effect.setFlag} set to ${value}`);
      if (flags === state.flags) flags = { ...state.flags };
      flags[effect.setFlag] = value;
    } else if ('set' in effect) {
      quantities[effect.set] = minor(asNumber(term(lifecycle, state, input, effect.to)));
    } else if ('add' in effect) {
      quantities[effect.add] = add(
        quantity(quantities, effect.add),
        minor(asNumber(term(lifecycle, state, input, effect.value))),
      );
    } else {
      // money.ts refuses a negative result: the guards should have prevented it, so it is a bug.
      quantities[effect.subtract] = subtract(
        quantity(quantities, effect.subtract),
        minor(asNumber(term(lifecycle, state, input, effect.value))),
      );
    }
  }
  return {
    status: (transition.to ?? state.status) as StatusOf<L>,
    currency: state.currency,
    quantities: quantities as Record<QuantityOf<L>, number>,
    flags: flags as Record<FlagOf<L>, boolean>,
  };
}

/** The transition's own list (read-only, so shared rather than copied). */
function acceptAlso<L extends AnyLifecycle>(transition: DeepReadonly<Transition>): readonly StatusOf<L>[] {
  return (transition.acceptAlso ?? noStatuses) as readonly StatusOf<L>[];
}

const noStatuses: readonly string[] = Object.freeze([]);
const noConditions: readonly DeepReadonly<Condition>[] = Object.freeze([]);

function flag<L extends AnyLifecycle>(lifecycle: L, state: MachineState<L>, name: string): boolean {
  if (!Object.hasOwn(lifecycle.flags, name))
    throw new LifecycleError(`${lifecycle.api}: unknown flag ${name}`);
  return state.flags[name as FlagOf<L>];
}

function quantity(quantities: Record<string, number>, name: string): MinorUnits {
  return minor(asNumber(quantities[name]));
}

function asNumber(value: unknown): number {
  if (typeof value !== 'number') throw new LifecycleError(`expected a number, got ${String(value)}`);
  return value;
}

/**
 * Checks that every name a lifecycle uses is defined: statuses, rules, quantities,
 * flags, derived terms and commands' `otherwise`. Returns the problems found.
 */
export function lint(lifecycle: AnyLifecycle): string[] {
  const problems: string[] = [];
  const states = new Set(Object.keys(lifecycle.states));
  const rules = new Set(Object.keys(lifecycle.rules));
  const quantities = new Set(Object.keys(lifecycle.quantities));
  const derived = new Set(Object.keys(lifecycle.derived));
  const flags = new Set(Object.keys(lifecycle.flags));
  const checkTerm = (where: string, t: DeepReadonly<Term>) => {
    if (typeof t === 'number' || t === 'currency' || t === 'status' || t.startsWith('input.')) return;
    if (!quantities.has(t) && !derived.has(t)) problems.push(`${where}: unknown term ${t}`);
  };
  const checkCondition = (where: string, c: DeepReadonly<Condition>): void => {
    if ('anyOf' in c) {
      for (const sub of c.anyOf) checkCondition(where, sub);
    } else if ('status' in c) {
      for (const s of c.status) if (!states.has(s)) problems.push(`${where}: unknown state ${s}`);
    } else if ('flag' in c) {
      if (!c.flag.startsWith('input.') && !flags.has(c.flag))
        problems.push(`${where}: unknown flag ${c.flag}`);
    } else {
      checkTerm(where, c.left);
      checkTerm(where, c.right);
    }
  };
  if ([...states].filter((s) => lifecycle.states[s]?.initial).length !== 1)
    problems.push('exactly one initial state');
  for (const [name, d] of Object.entries(lifecycle.derived)) {
    checkTerm(`derived ${name}`, d.left);
    checkTerm(`derived ${name}`, d.minus);
  }
  for (const [name, command] of Object.entries(lifecycle.commands)) {
    if (command.otherwise !== undefined && !rules.has(command.otherwise)) {
      problems.push(`command ${name}: unknown rule ${command.otherwise}`);
    }
    command.transitions.forEach((t, i) => {
      const where = `command ${name} transition ${i}`;
      for (const s of [...t.from, ...(t.to ? [t.to] : []), ...(t.acceptAlso ?? [])]) {
        if (!states.has(s)) problems.push(`${where}: unknown state ${s}`);
      }
      for (const c of t.when ?? []) checkCondition(where, c);
      for (const g of t.requires ?? []) {
        if (!rules.has(g.rule)) problems.push(`${where}: unknown rule ${g.rule}`);
        checkCondition(where, g.check);
      }
      for (const e of t.effects as readonly DeepReadonly<Effect>[]) {
        if ('setFlag' in e) {
          if (!flags.has(e.setFlag)) problems.push(`${where}: unknown flag ${e.setFlag}`);
        } else {
          const target = 'set' in e ? e.set : 'add' in e ? e.add : e.subtract;
          if (!quantities.has(target)) problems.push(`${where}: unknown quantity ${target}`);
          checkTerm(where, 'set' in e ? e.to : e.value);
        }
      }
    });
  }
  for (const [rel, operation] of Object.entries(lifecycle.operations)) {
    for (const c of operation.when) checkCondition(`operation ${rel}`, c);
  }
  return problems;
}
