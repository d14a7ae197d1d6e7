// Order Processing's contract checks on recorded exchanges: the checks the first API
// runs, in this API's dialect (RFC 9457 problems, errors lists, Amount objects), pass
// on the contract's own shapes and fail on the fault each names, at the level its
// catalogue gives it.
import { beforeAll, describe, expect, it } from 'vitest';
import { type CheckId, levelOf } from '../catalogue.ts';
import { judgeContract } from '../checks/index.ts';
import { exchange } from '../testing.ts';
import type { HttpExchange } from '../transcript.ts';
import { orderProcessingDialect } from './dialect.ts';
import { loadOrderProcessingSpec, type OpSpec } from './spec.ts';

let spec: OpSpec;
beforeAll(async () => {
  spec = await loadOrderProcessingSpec();
});

const problem = (status: number, name: string, extra: object = {}) => ({
  type: `https://bnpl-kit.dev/problems/order-processing/${name}`,
  title: name,
  status,
  detail: name,
  instance: `urn:uuid:0000000${status}-0000-4000-8000-000000000000`.slice(0, 45),
  ...extra,
});

const reversal = {
  authorisationReversalId: '6fe486cf-3193-40ef-a850-f7659e717c6e',
  remainingFloat: { value: 22.09, currencyCode: 'GBP' },
};

const failed = (given: HttpExchange, replay = false) =>
  judgeContract(
    { spec, dialect: orderProcessingDialect, alsoAccepted: [], instances: new Map(), replay },
    given,
  ).failures.map((f) => f.checkId);

describe('judgeContract (Order Processing)', () => {
  const cases: [string, { given: () => HttpExchange; want: string[] }][] = [
    ['a documented reversal passes', { given: () => exchange('Reverse', 200, reversal), want: [] }],
    [
      'a reversal with a float in floats fails OP-AMT-001 and the schemas',
      {
        given: () =>
          exchange('Reverse', 200, {
            ...reversal,
            remainingFloat: { value: 22.090000000000003, currencyCode: 'GBP' },
          }),
        want: ['OP-AMT-001', 'OP-CT-005', 'OP-CT-006'],
      },
    ],
    [
      'a reversal without its remainingFloat fails OP-CT-005 (the document names it)',
      {
        given: () => exchange('Reverse', 200, { authorisationReversalId: reversal.authorisationReversalId }),
        want: ['OP-CT-005', 'OP-CT-006'],
      },
    ],
    [
      'an Initiate answer named otherwise only warns OP-CT-006 (its names are ours, OP-D-19)',
      { given: () => exchange('Initiate', 200, { status: 'Exempt', token: 'x' }), want: ['OP-CT-006'] },
    ],
    [
      'a documented insufficient-float problem passes',
      { given: () => exchange('Settle', 409, problem(409, 'insufficient-float')), want: [] },
    ],
    [
      'a problem of another name warns OP-PB-003',
      { given: () => exchange('Settle', 409, problem(409, 'conflict')), want: ['OP-PB-003'] },
    ],
    [
      'a problem type of its own URI whose last segment names the problem passes',
      {
        given: () =>
          exchange('Settle', 409, {
            ...problem(409, 'x'),
            type: 'https://api.example/errors/insufficient-float',
          }),
        want: [],
      },
    ],
    [
      'a 400 without errors warns OP-PB-004',
      { given: () => exchange('Settle', 400, problem(400, 'validation')), want: ['OP-PB-004'] },
    ],
    [
      'a problem in PascalCase warns OP-PB-001 (and OP-CT-006 is not about problems)',
      {
        given: () =>
          exchange('Settle', 404, {
            Type: 'x/not-found',
            Title: 'x',
            Status: 404,
            Detail: 'x',
            Instance: 'x',
          }),
        want: ['OP-PB-001', 'OP-PB-003'],
      },
    ],
    [
      'a 422 fails OP-CT-001, and warns OP-CT-002 and OP-PB-003 (no problem of the contract is a 422)',
      {
        given: () => exchange('Settle', 422, problem(422, 'validation')),
        want: ['OP-CT-001', 'OP-CT-002', 'OP-PB-003'],
      },
    ],
    [
      'a success as text/plain fails OP-CT-003',
      { given: () => exchange('Reverse', 200, reversal, { contentType: 'text/plain' }), want: ['OP-CT-003'] },
    ],
    [
      'a problem as application/json warns OP-CT-004',
      {
        given: () => exchange('Settle', 404, problem(404, 'not-found'), { contentType: 'application/json' }),
        want: ['OP-CT-004'],
      },
    ],
  ];
  for (const [name, { given, want }] of cases) {
    it(`should report that ${name}`, () => {
      expect(failed(given())).toEqual(want);
    });
  }

  it('should give the problem format SHOULD level and the amounts MUST', () => {
    const should: CheckId[] = ['OP-PB-001', 'OP-PB-003', 'OP-PB-004', 'OP-CT-004', 'OP-CT-006'];
    const must: CheckId[] = ['OP-AMT-001', 'OP-CT-001', 'OP-CT-003', 'OP-CT-005'];

    expect(should.map(levelOf)).toEqual(Array(should.length).fill('SHOULD'));
    expect(must.map(levelOf)).toEqual(Array(must.length).fill('MUST'));
  });

  it('should let a replay repeat its first instance, and warn OP-PB-005 when another problem does', () => {
    const instances = new Map<string, number>();
    const context = (replay: boolean) => ({
      spec,
      dialect: orderProcessingDialect,
      alsoAccepted: [],
      instances,
      replay,
    });
    const first = exchange('Settle', 409, problem(409, 'insufficient-float'), { n: 1 });
    const replayed = exchange('Settle', 409, problem(409, 'insufficient-float'), { n: 2 });
    const another = exchange('Settle', 409, problem(409, 'insufficient-float'), { n: 3 });

    expect(judgeContract(context(false), first).failures).toEqual([]);
    expect(judgeContract(context(true), replayed).failures).toEqual([]);
    expect(judgeContract(context(false), another).failures.map((f) => f.checkId)).toEqual(['OP-PB-005']);
  });
});
