// Order Processing's checks catalogue stays honest: ids are unique and stable-looking,
// every MUST check quotes the document or the research digest (verbatim, when they are
// at hand), every SHOULD check follows a decision, what a check cites exists, and every
// check is judged somewhere in the kit.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { orderProcessingCatalogue } from '../catalogue.ts';
import { loadOrderProcessingSpec } from './spec.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const checks = [...orderProcessingCatalogue.values()];

/** A file of ../shared beside the checkout (or its worktree's parent). */
function shared(relative: string): string | undefined {
  let dir = path.resolve(here, '../..');
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'shared', relative);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

const documentFile = shared('seeds/000_17df4ce34c60f892.txt');
const researchFile = shared('research/newday-order-processing.md');
const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (e) => {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) return sources(file);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('catalogue.ts')
        ? [file]
        : [];
    }),
  );
  return files.flat();
}

describe('the Order Processing catalogue', () => {
  it('should quote a source for every MUST check, and follow a decision for every SHOULD check', () => {
    expect(checks.filter((c) => c.level === 'MUST' && c.quotes.length === 0).map((c) => c.id)).toEqual([]);
    expect(checks.filter((c) => c.level === 'SHOULD' && c.decisions.length === 0).map((c) => c.id)).toEqual(
      [],
    );
  });

  it.skipIf(documentFile === undefined)(
    'should quote the document verbatim (up to line breaks)',
    async () => {
      const document = normalized(await readFile(documentFile as string, 'utf8'));

      const missing = checks
        .flatMap((c) => c.quotes)
        .filter((q) => q.source === 'document' && !document.includes(normalized(q.text)));

      expect(missing.map((q) => q.text)).toEqual([]);
    },
  );

  it.skipIf(researchFile === undefined)(
    'should quote the research digest verbatim (up to line breaks)',
    async () => {
      const research = normalized(await readFile(researchFile as string, 'utf8'));

      const missing = checks
        .flatMap((c) => c.quotes)
        .filter((q) => q.source === 'research' && !research.includes(normalized(q.text)));

      expect(missing.map((q) => q.text)).toEqual([]);
    },
  );

  it('should give every check a unique id of the form OP-XXX-nnn', () => {
    const ids = checks.map((c) => c.id);

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^OP-[A-Z]+-[0-9]{3}$/.test(id))).toEqual([]);
  });

  it("should cite only the contract's steps, research source ids and decisions that exist", async () => {
    const spec = await loadOrderProcessingSpec();
    const decisions = await readFile(path.join(here, '../../spec/order-processing.DECISIONS.md'), 'utf8');
    const steps = new Set([...spec.compiled.operations.values()].map((o) => o.section));
    const known = (s: string) => steps.has(s) || /^S([1-9]|1[0-6])$/.test(s) || s === 'Overview';

    expect(
      checks.flatMap((c) => [...c.sections, ...c.quotes.map((q) => q.section)].filter((s) => !known(s))),
    ).toEqual([]);
    expect(checks.flatMap((c) => c.decisions.filter((d) => !decisions.includes(`| ${d} `)))).toEqual([]);
  });

  it('should judge every check somewhere in the kit', async () => {
    const text = (
      await Promise.all((await sources(path.join(here, '..'))).map((f) => readFile(f, 'utf8')))
    ).join('\n');

    expect(checks.map((c) => c.id).filter((id) => !text.includes(`'${id}'`))).toEqual([]);
  });
});
