// The adapter's shape: what the kit accepts as a vendor's adapter module, and what
// it says about anything else.
import { describe, expect, it } from 'vitest';
import { adapterShapeProblems } from './adapter.ts';

describe('adapterShapeProblems', () => {
  it('should accept the required and optional functions and refuse other shapes', () => {
    const fn = async () => {};

    expect(adapterShapeProblems({ choosePaymentMethod: fn, authorize: fn })).toEqual([]);
    expect(
      adapterShapeProblems({ choosePaymentMethod: fn, authorize: fn, reject: fn, fail: fn, reset: fn }),
    ).toEqual([]);
    expect(adapterShapeProblems({ choosePaymentMethod: fn, authorize: fn, fail: true, reset: 'x' })).toEqual([
      'fail is boolean, not a function',
      'reset is string, not a function',
    ]);
    expect(adapterShapeProblems(undefined)).toEqual(['it has no default export']);
    expect(adapterShapeProblems(() => {})).toEqual(['its default export is function, not an object']);
  });
});
