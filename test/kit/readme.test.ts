// README.md's conformance-kit tables say what the code does, for each API: the checks
// catalogue lists every check with its level and suite, and the mutants and
// alternatives tables list every planted fault and every correct alternative the tests run.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { catalogue, orderProcessingCatalogue } from '../../conformance/catalogue.ts';
import { alternatives } from './alternatives/index.ts';
import { mutants } from './mutants/index.ts';
import { opAlternatives } from './order-processing/alternatives.ts';
import { opMutants } from './order-processing/mutants.ts';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
const kit = readme.slice(readme.indexOf('## The conformance kit'), readme.indexOf('## Benchmark'));
const rows = kit.split('\n').filter((line) => line.startsWith('| '));
const orderProcessing = kit.slice(kit.indexOf('### Order Processing'));
const opRows = orderProcessing.split('\n').filter((line) => line.startsWith('| '));
const escaped = (text: string) => text.replace(/\|/g, '\\|');

describe('README.md conformance kit', () => {
  it('should list every check of the catalogue with its level and suite, and no other', () => {
    const listed = rows
      .map((row) => /^\| (BPO-[A-Z]+-\d{3}) \| (MUST|SHOULD) \| ([a-z]+) \|/.exec(row))
      .filter((m) => m !== null);

    expect(listed.map((m) => `${m[1]} ${m[2]} ${m[3]}`)).toEqual(
      [...catalogue.values()].map((c) => `${c.id} ${c.level} ${c.suite}`),
    );
  });

  it('should list every mutant with the checks that catch it, and every alternative with its warnings', () => {
    const missingMutants = mutants.filter(
      (m) => !rows.includes(`| ${escaped(m.description)} | ${m.caughtBy.join(', ')} |`),
    );
    const missingAlternatives = alternatives.filter(
      (a) => !rows.includes(`| ${escaped(a.description)} | ${a.warns.join(', ') || '—'} |`),
    );

    expect(missingMutants.map((m) => m.name)).toEqual([]);
    expect(missingAlternatives.map((a) => a.name)).toEqual([]);
  });

  it('should list every Order Processing check of its catalogue with its level and suite, and no other', () => {
    const listed = opRows
      .map((row) => /^\| (OP-[A-Z]+-\d{3}) \| (MUST|SHOULD) \| ([a-z]+) \|/.exec(row))
      .filter((m) => m !== null);

    expect(listed.map((m) => `${m[1]} ${m[2]} ${m[3]}`)).toEqual(
      [...orderProcessingCatalogue.values()].map((c) => `${c.id} ${c.level} ${c.suite}`),
    );
  });

  it('should list every Order Processing mutant with the checks that catch it, and every alternative with its warnings', () => {
    const missingMutants = opMutants.filter(
      (m) => !opRows.includes(`| ${escaped(m.description)} | ${m.caughtBy.join(', ')} |`),
    );
    const missingAlternatives = opAlternatives.filter(
      (a) => !opRows.includes(`| ${escaped(a.description)} | ${a.warns.join(', ') || '—'} |`),
    );
    const faults = opRows.indexOf('| planted fault | caught by (MUST) |');
    const readings = opRows.indexOf('| correct alternative | warns (SHOULD) |');

    expect(missingMutants.map((m) => m.name)).toEqual([]);
    expect(missingAlternatives.map((a) => a.name)).toEqual([]);
    // No row for a fault or reading the tests no longer plant.
    expect(opRows.slice(faults + 2, readings)).toHaveLength(opMutants.length);
    expect(opRows.slice(readings + 2)).toHaveLength(opAlternatives.length);
  });
});
