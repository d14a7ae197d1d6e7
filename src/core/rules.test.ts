// Rule matching on its own: paths into JSON, the matcher kinds, first match and once.
import { describe, expect, it } from 'vitest';
import { type ActiveRule, RuleBook, valueAt } from './rules.ts';

describe('valueAt', () => {
  it.each([
    ['customer.email', 'a@b.se'],
    ['orderLines[1].amount', 2],
    ['orderLines[5].amount', undefined],
    ['customer.email.length', undefined],
    ['missing', undefined],
  ])('should read %s', (at, expected) => {
    const body = { customer: { email: 'a@b.se' }, orderLines: [{ amount: 1 }, { amount: 2 }] };
    expect(valueAt(body, at)).toBe(expected);
  });
});

const rule = (name: string, when: ActiveRule['when'], once = false): ActiveRule => ({
  name,
  when,
  then: { latencyMs: 0 },
  source: 'test',
  ...(once ? { once } : {}),
});

describe('RuleBook', () => {
  it('should match each matcher kind and return the first match', () => {
    const book = new RuleBook([
      rule('by-pattern', { operationId: 'createCapture', body: { receiptReference: { pattern: '^VIP-' } } }),
      rule('by-range', { operationId: 'createCapture', body: { amount: { gte: 10, lte: 20 } } }),
      rule('by-one-of', { operationId: ['createCapture', 'createReversal'], ownerNo: { oneOf: ['x', 'y'] } }),
      rule('by-order', { operationId: 'createCapture', order: { sellerAuthorizationId: { equals: 'o-1' } } }),
    ]);
    const input = (body: unknown, ownerNo = '1', order: unknown = {}) => ({
      operationId: 'createCapture',
      facets: { ownerNo },
      body,
      resource: order,
    });
    expect(book.match(input({ receiptReference: 'VIP-1', amount: 15 }))?.name).toBe('by-pattern');
    expect(book.match(input({ amount: 15 }))?.name).toBe('by-range');
    expect(book.match(input({ amount: 21 }))).toBeUndefined();
    expect(book.match(input({ amount: '15' }))).toBeUndefined();
    expect(book.match(input({}, 'y'))?.name).toBe('by-one-of');
    expect(book.match(input({}, '1', { sellerAuthorizationId: 'o-1' }))?.name).toBe('by-order');
    expect(book.covers('createReversal')).toBe(true);
    expect(book.covers('redirect')).toBe(false);
    expect(book.needsResource('createCapture')).toBe(true);
    expect(book.needsResource('createReversal')).toBe(false);
    expect(
      book.match({
        operationId: 'getBnplPaymentOrder',
        facets: { ownerNo: 'y' },
        body: undefined,
        resource: undefined,
      }),
    ).toBeUndefined();
  });

  it('should retire a once rule after its first match until restored', () => {
    const book = new RuleBook([rule('only-once', { operationId: 'createCapture' }, true)]);
    const input = { operationId: 'createCapture', facets: { ownerNo: '1' }, body: {}, resource: undefined };
    expect(book.match(input)?.name).toBe('only-once');
    expect(book.match(input)).toBeUndefined();
    expect(book.list()).toEqual([]);
    book.restore();
    expect(book.match(input)?.name).toBe('only-once');
  });
});
