// The request journal keeps the newest entries within its capacity, newest first,
// and clears one API's or one tenant's entries without disturbing the others.
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
});
