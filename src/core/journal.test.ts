// The request journal keeps the newest entries within its capacity, newest first,
// and clears one API's or one tenant's entries without disturbing the others. Kept
// as bytes in a ring that wraps and grows, it must list exactly what a plain list
// of the last entries would, whatever their sizes: a property against that model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal.ts';

const entry = (n: number, ownerNo = 'a') => ({
  at: 0,
  api: 'bnpl-payment-order',
  method: 'GET',
  path: `/${n}`,
  tenant: { name: 'ownerNo', value: ownerNo },
  status: 200,
  durationMs: 0,
});

describe('Journal', () => {
  it('should keep only the newest entries, newest first', () => {
    const journal = new Journal(3);
    for (let n = 1; n <= 5; n++) journal.add(entry(n));
    expect(journal.list(10).map((e) => e.path)).toEqual(['/5', '/4', '/3']);
    expect(journal.list(2).map((e) => e.path)).toEqual(['/5', '/4']);
  });

  it("should clear one owner's entries and keep the others in order", () => {
    const journal = new Journal(10);
    journal.add(entry(1, 'a'));
    journal.add(entry(2, 'b'));
    journal.add(entry(3, 'a'));
    journal.clear({ tenant: 'a' });
    expect(journal.list(10).map((e) => e.path)).toEqual(['/2']);
    journal.add(entry(4, 'a'));
    expect(journal.list(10, { tenant: 'a' }).map((e) => e.path)).toEqual(['/4']);
  });

  it('should list the tenant under its own name', () => {
    const journal = new Journal(2);
    journal.add(entry(1, 'shop-7'));
    expect(journal.list(1)[0]).toMatchObject({ ownerNo: 'shop-7', api: 'bnpl-payment-order', path: '/1' });
  });

  it('should give back any string exactly, past the vocabulary of repeated words too', () => {
    const journal = new Journal(3);
    // Words are numbered up to a bound (4096); later ones are written out: both read back alike.
    for (let n = 0; n < 5000; n++) journal.add({ ...entry(n), operationId: `op-${n}`, rule: '\ud800 lone' });
    journal.add({ ...entry(9, '\udfff'), path: '/caf\u00e9/\ud83d\ude00/\ud800', problemType: 'x' });
    const [newest, before] = journal.list(2);
    expect(newest).toMatchObject({
      ownerNo: '\udfff',
      path: '/caf\u00e9/\ud83d\ude00/\ud800',
      problemType: 'x',
    });
    expect(newest).not.toHaveProperty('rule');
    expect(before).toMatchObject({ operationId: 'op-4999', rule: '\ud800 lone', path: '/4999' });
  });

  it('should list what a plain list of the newest entries would, across wraps and growth', () => {
    const command = fc.oneof(
      {
        weight: 12,
        arbitrary: fc.record({
          kind: fc.constant('add' as const),
          size: fc.oneof(fc.nat(60), fc.nat(60), fc.nat(3000)),
          owner: fc.constantFrom('a', 'b', 'ö'),
          // Any text in the members the ring writes itself: quotes, controls, lone surrogates.
          rule: fc.option(fc.string({ unit: 'binary', maxLength: 12 }), { nil: undefined }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('clear' as const),
          owner: fc.option(fc.constantFrom('a', 'b', 'ö')),
        }),
      },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(command, { minLength: 50, maxLength: 400 }),
        (capacity, commands) => {
          const journal = new Journal(capacity, 1024);
          let model: { path: string; ownerNo: string; rule: string | undefined; requestBody: string }[] = [];
          commands.forEach((c, n) => {
            if (c.kind === 'add') {
              // Multi-byte characters make bytes and characters differ; a euro sign (beyond
              // Latin-1) or a lone surrogate makes the ring keep the text as UTF-16.
              const wider = ['', '', '\u20ac', '\ud800'][c.size % 4] as string;
              const requestBody = 'é'.repeat(c.size % 7) + 'x'.repeat(c.size) + wider;
              journal.add({ ...entry(n, c.owner), rule: c.rule, requestBody });
              model = [...model, { path: `/${n}`, ownerNo: c.owner, rule: c.rule, requestBody }].slice(
                -capacity,
              );
            } else {
              journal.clear(c.owner === null ? {} : { tenant: c.owner });
              model = c.owner === null ? [] : model.filter((e) => e.ownerNo !== c.owner);
            }
            const listed = journal
              .list(capacity)
              .map((e) => ({ path: e.path, ownerNo: e.ownerNo, rule: e.rule, requestBody: e.requestBody }));
            expect(listed).toEqual([...model].reverse());
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
