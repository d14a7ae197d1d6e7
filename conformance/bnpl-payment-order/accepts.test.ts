// DECISIONS.md's "kit accepts" column says exactly what the kit accepts: each cell is
// the text rendered from the accept sets the oracle and the checks read, every SHOULD
// check a cell names is SHOULD and follows that decision, and a decision the kit
// judges only at SHOULD level has no MUST check behind it.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { catalogue, definitionOf } from '../catalogue.ts';
import { decisionAccepts } from './accepts.ts';

const table = await readFile(new URL('../../spec/DECISIONS.md', import.meta.url), 'utf8');

/** id → the last cell of its row ("kit accepts"); `\|` inside a cell is not a separator. */
function kitAcceptsColumn(markdown: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const id = /^\| (D-\d\d) /.exec(line)?.[1];
    if (id === undefined) continue;
    const row = line.split(/(?<!\\)\|/);
    cells.set(id, (row[row.length - 2] ?? '').trim());
  }
  return cells;
}

describe('decisionAccepts', () => {
  const column = kitAcceptsColumn(table);

  it('should have an entry for every decision of DECISIONS.md, and no other', () => {
    expect(decisionAccepts.map((a) => a.id)).toEqual([...column.keys()].sort());
  });

  for (const accepts of decisionAccepts) {
    it(`should be what DECISIONS.md says the kit accepts for ${accepts.id}`, () => {
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
      [...a.text.matchAll(/BPO-[A-Z]+-\d{3}/g)]
        .map((m) => m[0])
        .filter((id) => !(a.shouldChecks as readonly string[]).includes(id))
        .map((id) => `${a.id}: ${id}`),
    );

    expect(wrong).toEqual([]);
    expect(unnamed).toEqual([]);
  });

  it('should back a SHOULD-only decision by no MUST check', () => {
    const shouldOnly = decisionAccepts
      .filter((a) => a.text.startsWith('SHOULD-level checks only'))
      .map((a) => a.id);

    const must = [...catalogue.values()]
      .filter((c) => c.level === 'MUST' && c.decisions.some((d) => shouldOnly.includes(d)))
      .map((c) => c.id);

    expect(shouldOnly.length).toBeGreaterThan(0);
    expect(must).toEqual([]);
  });
});
