// The checks catalogue stays honest: ids are stable-looking and unique, every MUST
// check quotes the document (verbatim, when the document is at hand), every SHOULD
// check follows a decision, what a check cites exists in the spec and DECISIONS.md,
// and every check is judged somewhere in the kit.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue } from './catalogue.ts';
import { loadSpec } from './spec.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (e) => {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'mutants' ? [] : sources(file);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'catalogue.ts'
        ? [file]
        : [];
    }),
  );
  return files.flat();
}

/** The source document, found as ../shared/seeds beside the checkout (or its worktree's parent). */
function documentPath(): string | undefined {
  let dir = path.resolve(here, '..');
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'shared/seeds/003_d9ff77e03347c369.txt');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('catalogue', () => {
  it('should quote a sentence of the document for every MUST check, and a decision for every SHOULD check', () => {
    const checks = [...catalogue.values()];

    expect(checks.filter((c) => c.level === 'MUST' && c.quotes.length === 0).map((c) => c.id)).toEqual([]);
    expect(checks.filter((c) => c.level === 'SHOULD' && c.decisions.length === 0).map((c) => c.id)).toEqual(
      [],
    );
  });

  it.skipIf(documentPath() === undefined)(
    'should quote the document verbatim (up to line breaks)',
    async () => {
      const document = normalized(await readFile(documentPath() as string, 'utf8'));

      const missing = [...catalogue.values()]
        .flatMap((c) => c.quotes)
        .filter((q) => q.source === 'document' && !document.includes(normalized(q.text)))
        .map((q) => q.text);

      expect(missing).toEqual([]);
    },
  );

  it('should give every check a unique id of the form BPO-XXX-nnn', () => {
    const ids = [...catalogue.keys()];

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^BPO-[A-Z]+-[0-9]{3}$/.test(id))).toEqual([]);
  });

  it("should cite only the spec's sections and DECISIONS.md entries that exist", async () => {
    const spec = await loadSpec();
    const decisions = await readFile(path.join(here, '../spec/DECISIONS.md'), 'utf8');
    const sections = new Set([...spec.compiled.operations.values()].map((o) => o.section));
    const known = new Set([...sections, 'Problems', 'every request', 'Introduction']);

    const unknownSections = [...catalogue.values()].flatMap((c) => c.sections.filter((s) => !known.has(s)));
    const unknownDecisions = [...catalogue.values()].flatMap((c) =>
      c.decisions.filter((d) => !decisions.includes(`| ${d} |`)),
    );

    expect(unknownSections).toEqual([]);
    expect(unknownDecisions).toEqual([]);
  });

  it('should judge every check somewhere in the kit', async () => {
    const text = (await Promise.all((await sources(here)).map((f) => readFile(f, 'utf8')))).join('\n');

    const unused = [...catalogue.keys()].filter((id) => !text.includes(`'${id}'`));

    expect(unused).toEqual([]);
  });
});
