// order-processing.DECISIONS.md's "kit accepts" column says exactly what the kit
// accepts: each cell is the text of the accept sets the model and the suites read,
// every check a cell names is a SHOULD check that follows that decision, and no MUST
// check rests on a decision alone.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { definitionOf, orderProcessingCatalogue } from '../catalogue.ts';
import { decisionAccepts } from './accepts.ts';

const table = await readFile(new URL('../../spec/order-processing.DECISIONS.md', import.meta.url), 'utf8');

/** id → the last cell of its row ("kit accepts"); `\|` inside a cell is not a separator. */
function kitAcceptsColumn(markdown: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const id = /^\| (OP-D-\d\d) /.exec(line)?.[1];
    if (id === undefined) continue;
    const row = line.split(/(?<!\\)\|/);
    cells.set(id, (row[row.length - 2] ?? '').trim());
  }
  return cells;
}

describe('decisionAccepts (Order Processing)', () => {
  const column = kitAcceptsColumn(table);

  it('should have an entry for every decision of order-processing.DECISIONS.md, and no other', () => {
    expect(decisionAccepts.map((a) => a.id)).toEqual([...column.keys()]);
  });

  for (const accepts of decisionAccepts) {
    it(`should be what order-processing.DECISIONS.md says the kit accepts for ${accepts.id}`, () => {
      expect(column.get(accepts.id)).toBe(accepts.text);
    });
  }

  it('should name only SHOULD checks that follow the decision, and name them all', () => {
    const wrong = decisionAccepts.flatMap((a) =>
      a.shouldChecks
        .filter((id) => definitionOf(id).level !== 'SHOULD' || !definitionOf(id).decisions.includes(a.id))
        .map((id) => `${a.id}: ${id}`),
    );
    const unnamed = decisionAccepts.flatMap((a) =>
      [...a.text.matchAll(/OP-[A-Z]+-\d{3}/g)]
        .map((m) => m[0])
        .filter((id) => !(a.shouldChecks as readonly string[]).includes(id))
        .map((id) => `${a.id}: ${id}`),
    );

    expect(wrong).toEqual([]);
    expect(unnamed).toEqual([]);
  });

  it('should rest every MUST check on a quoted source, never on decisions alone', () => {
    const bare = [...orderProcessingCatalogue.values()]
      .filter((c) => c.level === 'MUST' && c.quotes.length === 0)
      .map((c) => c.id);

    expect(bare).toEqual([]);
  });
});
