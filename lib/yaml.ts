// Owns parsing YAML at run time, and keeping it off the start. The yaml package is
// loaded only when a YAML text has to be parsed; the files the mock reads at every start
// (the rules in mock-rules/, the Order Processing sandbox data) are read from the JSON
// `npm run generate` wrote for them in generated/yaml/, when it was made from the same
// text. Loading and running the parser there was a tenth of the cold start (issue 11).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedDir, mockRulesDir, root } from './paths.ts';
import { hashOf } from './schemas.ts';

/** The YAML files `npm run generate` keeps as JSON: those under mock-rules/. */
export const cachedYamlDirs = [mockRulesDir];

/** Where the JSON of a YAML file under the package root is kept. */
export function cachedYamlFile(file: string): string {
  return path.join(generatedDir, 'yaml', `${path.relative(root, file)}.json`);
}

/** What generated/yaml/ keeps for a file: the hash of the text it was made from, and the data. */
export interface CachedYaml {
  readonly generated: string;
  readonly sourceHash: string;
  readonly data: unknown;
}

/** Parses YAML (and so JSON) text. */
export async function parseYaml(text: string): Promise<unknown> {
  const { parse } = await import('yaml');
  return parse(text);
}

/**
 * The data of a YAML file whose `text` was read from `file`: its generated JSON when it
 * was made from this very text, otherwise the text parsed (a file of the user's, or one
 * edited since `npm run generate`). Parse errors are thrown as the yaml package words them.
 */
export async function parseYamlFile(file: string, text: string): Promise<unknown> {
  if (cachedYamlDirs.some((dir) => !path.relative(dir, file).startsWith('..'))) {
    const cached = await readFile(cachedYamlFile(file), 'utf8').then(
      (json) => JSON.parse(json) as CachedYaml,
      () => undefined,
    );
    if (cached?.sourceHash === hashOf(text)) return cached.data;
  }
  return parseYaml(text);
}

/** Serialises data as YAML (the served contracts). */
export async function stringifyYaml(
  data: unknown,
  options: { lineWidth: number; version: '1.1' },
): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(data, options);
}
