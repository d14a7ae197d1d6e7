// Scenario rules (mock-rules/*.yaml): loading, validation and matching. A file is
// checked against spec/mock-rules.schema.json (unknown keys rejected), then against
// the API it names: every operationId must exist, every forced problem must be in
// the API's catalog with a status the operation documents. Matching is MSW-like:
// rules are an ordered list, the first match wins, `once` retires a rule.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Matcher, MockRules, Rule } from '../../generated/mock-rules.schema.ts';
import type { CompiledSpec } from '../../lib/openapi.ts';
import { schemaValidator } from '../../lib/schemas.ts';
import { parseYamlFile } from '../../lib/yaml.ts';
import type { ProblemCatalog } from './problems.ts';

export type { Matcher, MockRules, Rule };

/** A loaded rule with where it came from. */
export interface ActiveRule extends Rule {
  readonly source: string;
}

export class RulesError extends Error {
  override name = 'RulesError';
}

/** A rules file as read, before it is checked against an API. */
export interface RuleFile {
  readonly source: string;
  readonly data: unknown;
}

/** Reads rule files: a file, or every *.yaml / *.yml / *.json in a folder, in name order. */
export async function readRuleFiles(location: string): Promise<RuleFile[]> {
  const info = await stat(location).catch(() => undefined);
  if (info === undefined) throw new RulesError(`rules: ${location} does not exist`);
  const files = info.isDirectory()
    ? (await readdir(location))
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map((f) => path.join(location, f))
    : [location];
  const out: RuleFile[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    try {
      out.push({ source: file, data: await parseYamlFile(file, text) });
    } catch (error) {
      throw new RulesError(`rules: ${file} is not valid YAML/JSON: ${(error as Error).message}`);
    }
  }
  return out;
}

/**
 * Validates rule files against the schema and the API, returning the rules of `api`
 * in order. Throws RulesError naming the file, the rule and what is wrong.
 */
export async function checkRules(
  files: readonly RuleFile[],
  api: {
    name: string;
    spec: CompiledSpec;
    catalog: ProblemCatalog;
    creatingOperationId: string;
    /** The `when` facets and resource matcher this API's requests have (`ownerNo`, `order`). */
    matches: readonly string[];
  },
): Promise<ActiveRule[]> {
  const validate = await schemaValidator('mock-rules');
  const rules: ActiveRule[] = [];
  const names = new Set<string>();
  for (const { source, data } of files) {
    if (!validate(data)) {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new RulesError(`rules: ${source} does not match spec/mock-rules.schema.json: ${errors}`);
    }
    const file = data as MockRules;
    if (file.api !== api.name) continue;
    for (const rule of file.rules) {
      const where = `rules: ${source}: rule ${rule.name}`;
      if (names.has(rule.name)) throw new RulesError(`${where}: the name is used twice`);
      names.add(rule.name);
      const operationIds = toArray(rule.when.operationId);
      for (const operationId of operationIds) {
        const operation = api.spec.operations.get(operationId);
        if (operation === undefined) {
          throw new RulesError(
            `${where}: unknown operationId ${operationId} (known: ${[...api.spec.operations.keys()].join(', ')})`,
          );
        }
        if (rule.then.problem !== undefined) {
          const entry = api.catalog[rule.then.problem.type];
          if (entry === undefined) {
            throw new RulesError(
              `${where}: unknown problem type ${rule.then.problem.type} (known: ${Object.keys(api.catalog).join(', ')})`,
            );
          }
          if (!operation.statuses.has(String(entry.status))) {
            throw new RulesError(`${where}: ${operationId} does not document status ${entry.status}`);
          }
        }
      }
      if (rule.then.customer !== undefined && operationIds.some((id) => id !== api.creatingOperationId)) {
        throw new RulesError(`${where}: then.customer applies only to ${api.creatingOperationId}`);
      }
      for (const key of [...facetKeys, ...resourceKeys]) {
        if (rule.when[key] !== undefined && !api.matches.includes(key)) {
          throw new RulesError(
            `${where}: when.${key} does not apply to ${api.name} (it matches on ${api.matches.join(', ')})`,
          );
        }
      }
      for (const matcher of [
        ...facetKeys.map((key) => rule.when[key]),
        ...Object.values(rule.when.body ?? {}),
        ...Object.values(resourceMatchers(rule) ?? {}),
      ]) {
        if (matcher !== undefined && 'pattern' in matcher) {
          try {
            new RegExp(matcher.pattern);
          } catch {
            throw new RulesError(`${where}: invalid pattern ${matcher.pattern}`);
          }
        }
      }
      rules.push({ ...rule, source: path.relative(process.cwd(), source) || source });
    }
  }
  return rules;
}

/** What a rule is matched against. */
export interface RuleInput {
  readonly operationId: string;
  /** The tenant and the request's other facets (`ownerNo`, `merchantId`, `customerRef`). */
  readonly facets: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  /** The targeted resource's creating request, when there is one (an order, an authorisation). */
  readonly resource: unknown;
}

/** `when` members that match a facet of the request (its tenant, its customer). */
const facetKeys = ['ownerNo', 'merchantId', 'customerRef'] as const;
/** `when` members that match the targeted resource's creating request; one per API. */
const resourceKeys = ['order', 'authorisation'] as const;

function resourceMatchers(rule: Rule): Readonly<Record<string, Matcher>> | undefined {
  const when = rule.when as Rule['when'] &
    Partial<Record<(typeof resourceKeys)[number], Record<string, Matcher>>>;
  return when.order ?? when.authorisation;
}

/** An ordered rule list with MSW semantics: first match wins, `once` retires a rule. */
export class RuleBook {
  readonly #rules: ActiveRule[];
  readonly #retired = new Set<string>();
  readonly #patterns = new Map<string, RegExp>();

  readonly #operations = new Set<string>();
  readonly #needResource = new Set<string>();

  constructor(rules: readonly ActiveRule[]) {
    this.#rules = [...rules];
    for (const rule of rules) {
      for (const operationId of toArray(rule.when.operationId)) {
        this.#operations.add(operationId);
        if (resourceMatchers(rule) !== undefined) this.#needResource.add(operationId);
      }
    }
  }

  /** Whether any rule names this operation, so matching can be skipped for the others. */
  covers(operationId: string): boolean {
    return this.#operations.has(operationId);
  }

  /** Whether a rule of this operation matches on the targeted resource (which may cost a read). */
  needsResource(operationId: string): boolean {
    return this.#needResource.has(operationId);
  }

  /** The active rules, in match order. */
  list(): readonly ActiveRule[] {
    return this.#rules.filter((r) => !this.#retired.has(r.name));
  }

  /** Brings back rules retired by `once` (on reset). */
  restore(): void {
    this.#retired.clear();
  }

  match(input: RuleInput): ActiveRule | undefined {
    for (const rule of this.#rules) {
      if (this.#retired.has(rule.name)) continue;
      if (!toArray(rule.when.operationId).includes(input.operationId)) continue;
      if (!this.#facets(rule, input.facets)) continue;
      if (!this.#all(rule.when.body, input.body)) continue;
      if (!this.#all(resourceMatchers(rule), input.resource)) continue;
      if (rule.once) this.#retired.add(rule.name);
      return rule;
    }
    return undefined;
  }

  #facets(rule: Rule, facets: RuleInput['facets']): boolean {
    for (const key of facetKeys) {
      const matcher = rule.when[key];
      if (matcher !== undefined && !this.#test(matcher, facets[key])) return false;
    }
    return true;
  }

  #all(matchers: Readonly<Record<string, Matcher>> | undefined, value: unknown): boolean {
    if (matchers === undefined) return true;
    for (const [at, matcher] of Object.entries(matchers)) {
      if (!this.#test(matcher, valueAt(value, at))) return false;
    }
    return true;
  }

  #test(matcher: Matcher, value: unknown): boolean {
    if ('equals' in matcher) return value === matcher.equals;
    if ('oneOf' in matcher) return matcher.oneOf.some((candidate) => candidate === value);
    if ('pattern' in matcher) {
      if (typeof value !== 'string') return false;
      let regex = this.#patterns.get(matcher.pattern);
      if (regex === undefined) {
        regex = new RegExp(matcher.pattern);
        this.#patterns.set(matcher.pattern, regex);
      }
      return regex.test(value);
    }
    if (typeof value !== 'number') return false;
    return (
      (matcher.gte === undefined || value >= matcher.gte) &&
      (matcher.lte === undefined || value <= matcher.lte)
    );
  }
}

/** Reads `customer.email` or `orderLines[0].amount` from a JSON value. */
export function valueAt(value: unknown, at: string): unknown {
  let current = value;
  for (const part of at.split('.')) {
    const [name, ...indexes] = part.split('[');
    current =
      current !== null && typeof current === 'object'
        ? (current as Record<string, unknown>)[name ?? '']
        : undefined;
    for (const index of indexes) {
      current = Array.isArray(current) ? current[Number(index.slice(0, -1))] : undefined;
    }
  }
  return current;
}

function toArray<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? value : [value as T];
}
