// Validators of the JSON Schemas under spec/ (`<name>.schema.json`: mock rules, the
// sandbox data, the conformance report, the lifecycle sidecars), for the whole
// document or one of its `$defs`. `npm run generate` writes them as ajv standalone
// code to generated/validators/<name>.schema.cjs; they are used from there while
// their source hash matches the schema file, and compiled from the schema otherwise,
// so that an edited schema is never checked with a stale validator.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from './ajv.ts';
import { generatedDir, specDir } from './paths.ts';

/** The schema file, its generated module, and the fragments (`''`, `#/$defs/x`) it exports. */
export function schemaFiles(name: string): { source: string; module: string } {
  return {
    source: path.join(specDir, `${name}.schema.json`),
    module: path.join(generatedDir, 'validators', `${name}.schema.cjs`),
  };
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The document itself and each of its `$defs`, as the generated module exports them. */
export function fragmentsOf(schema: { $defs?: Record<string, unknown> }): string[] {
  return ['', ...Object.keys(schema.$defs ?? {}).map((name) => `#/$defs/${name}`)];
}

const requireGenerated = createRequire(import.meta.url);
const cache = new Map<string, Promise<(fragment: string) => ValidateFunction>>();

function load(name: string): Promise<(fragment: string) => ValidateFunction> {
  let loaded = cache.get(name);
  if (loaded === undefined) {
    loaded = (async () => {
      const files = schemaFiles(name);
      const text = await readFile(files.source, 'utf8');
      try {
        const module = requireGenerated(files.module) as Record<string, unknown>;
        if (module.sourceHash === hashOf(text)) {
          return (fragment: string) => {
            const validate = module[fragment];
            if (typeof validate !== 'function')
              throw new Error(`${files.module}: no validator for '${fragment}'`);
            return validate as ValidateFunction;
          };
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
      }
      const schema = JSON.parse(text) as { $id?: string };
      const { createAjv } = await import('./ajv.ts');
      const ajv = createAjv();
      const id = schema.$id ?? `${name}.schema.json`;
      ajv.addSchema(schema, id);
      return (fragment: string) => {
        const validate = ajv.getSchema(`${id}${fragment}`);
        if (validate === undefined) throw new Error(`${files.source}: no schema at '${fragment}'`);
        return validate;
      };
    })();
    // A failure (a missing schema file) is reported each time, not cached.
    loaded.catch(() => cache.delete(name));
    cache.set(name, loaded);
  }
  return loaded;
}

/** The validator of spec/<name>.schema.json, or of one of its `$defs` (`#/$defs/instalmentOption`). */
export async function schemaValidator(name: string, fragment = ''): Promise<ValidateFunction> {
  return (await load(name))(fragment);
}
