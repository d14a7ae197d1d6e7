// Keeps the README honest where it can be checked mechanically: every npm script it
// names exists, and its trigger catalogues list exactly the default scenario rules of
// both APIs. (test/order-processing.readme.test.ts runs its Order Processing walkthrough.)
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('README.md', () => {
  it('should name only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm (?:run )?([a-z:-]+)/g)].map((m) => m[1] ?? '');
    const builtins = new Set(['ci', 'install', 'pack', 'start', 'test']);
    const scripts = named.filter((name) => !builtins.has(name));
    expect(scripts.length).toBeGreaterThan(0);
    for (const name of scripts) expect(pkg.scripts, `npm run ${name}`).toHaveProperty(name);
    expect(pkg.scripts).toHaveProperty('start');
    expect(pkg.scripts).toHaveProperty('test');
  });

  it('should list every default scenario rule of every API in its trigger catalogue, and no other', async () => {
    const names: string[] = [];
    for (const file of ['bnpl-payment-order.default.yaml', 'order-processing.default.yaml']) {
      const rules = parse(await readFile(new URL(`../mock-rules/${file}`, import.meta.url), 'utf8')) as {
        rules: { name: string }[];
      };
      names.push(...rules.rules.map((r) => r.name));
    }
    const catalogue = readme.slice(
      readme.indexOf('### Scenario rules'),
      readme.indexOf('### Testing your checkout'),
    );
    const listed = [...catalogue.matchAll(/^\| [^|]+ \| `([a-z0-9-]+)` +\|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(names.sort());
  });

  it('should give CI exactly the test command it documents', async () => {
    const ci = await readFile(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(readme).toContain('npm ci && npm test');
    expect(ci).toContain('npm ci --no-audit --no-fund && npm test');
  });
});
