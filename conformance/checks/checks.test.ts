// The contract checks on recorded exchanges: each claim passes on the document's
// own shapes and fails on the fault it names.
import { beforeAll, describe, expect, it } from 'vitest';
import { type KitSpec, loadSpec } from '../spec.ts';
import { exchange, orderBody, validationProblem } from '../testing.ts';
import type { HttpExchange } from '../transcript.ts';
import { type ContractContext, judgeContract } from './index.ts';

let spec: KitSpec;
beforeAll(async () => {
  spec = await loadSpec();
});

const context = (alsoAccepted: number[] = []): ContractContext => ({
  spec,
  alsoAccepted,
  instances: new Map(),
});
const failedIds = (given: HttpExchange, alsoAccepted: number[] = []) =>
  judgeContract(context(alsoAccepted), given).failures.map((f) => f.checkId);

describe('judgeContract', () => {
  const cases: [string, { given: () => HttpExchange; alsoAccepted?: number[]; want: string[] }][] = [
    ['a documented order passes', { given: () => exchange('getBnplPaymentOrder', 200, orderBody), want: [] }],
    [
      'the document validation problem passes',
      { given: () => exchange('createCapture', 400, validationProblem), want: [] },
    ],
    ['204 without a body passes', { given: () => exchange('createCancelAuthorize', 204), want: [] }],
    [
      'an undocumented status fails BPO-CT-001',
      { given: () => exchange('getBnplPaymentOrder', 201, orderBody), want: ['BPO-CT-001'] },
    ],
    [
      '409 on a capture passes when a decision accepts it (D-01)',
      {
        given: () =>
          exchange('createCapture', 409, {
            ...validationProblem,
            Type: 'ledger/bnpl-payment-order/v1/problems/conflict',
            Status: 409,
            Problems: undefined,
          }),
        alsoAccepted: [409],
        want: [],
      },
    ],
    [
      'a float remainingAmount fails BPO-AMT-003 and the schema',
      {
        given: () => exchange('getBnplPaymentOrder', 200, { ...orderBody, remainingAmount: 1000 - 333.33 }),
        want: ['BPO-AMT-003', 'BPO-CT-003'],
      },
    ],
    [
      'a problem served as application/json fails BPO-CT-002',
      {
        given: () => exchange('createCapture', 400, validationProblem, { contentType: 'application/json' }),
        want: ['BPO-CT-002'],
      },
    ],
    [
      'a 204 with a body fails BPO-CT-004',
      { given: () => exchange('createCancelAuthorize', 204, undefined, { raw: '{}' }), want: ['BPO-CT-004'] },
    ],
    [
      'camelCase problem members pass BPO-PB-001 and only warn BPO-PB-005 (D-18)',
      {
        given: () =>
          exchange('createCapture', 400, {
            type: validationProblem.Type,
            title: 'x',
            status: 400,
            detail: 'x',
            instance: 'x',
            problems: validationProblem.Problems,
          }),
        want: ['BPO-PB-005'],
      },
    ],
    [
      'a problem without its members fails BPO-PB-001',
      {
        given: () => exchange('getBnplPaymentOrder', 404, { error: 'not found' }),
        want: ['BPO-PB-001', 'BPO-PB-003'],
      },
    ],
    [
      'a Type of ours the implementation words differently only warns BPO-PB-007 (401)',
      {
        given: () =>
          exchange('getBnplPaymentOrder', 401, {
            ...validationProblem,
            Type: 'ledger/bnpl-payment-order/v1/problems/unauthenticated',
            Status: 401,
            Problems: undefined,
          }),
        want: ['BPO-PB-007'],
      },
    ],
    [
      'an order with members and rels the document does not list passes',
      {
        given: () =>
          exchange('getBnplPaymentOrder', 200, {
            ...orderBody,
            createdAt: '2026-01-01',
            customer: { ...orderBody.customer, nationalConsumerIdentifier: { value: null } },
            operations: [...orderBody.operations, { rel: 'self', method: 'GET', href: '/x' }],
          }),
        want: [],
      },
    ],
    [
      'an order member of the wrong type fails BPO-CT-003',
      {
        given: () => exchange('getBnplPaymentOrder', 200, { ...orderBody, status: 'Pending' }),
        want: ['BPO-CT-003'],
      },
    ],
    [
      'a Status member that is not the HTTP status fails BPO-PB-002',
      {
        given: () =>
          exchange('getBnplPaymentOrder', 404, {
            ...validationProblem,
            Type: 'ledger/bnpl-payment-order/v1/problems/not-found',
            Problems: undefined,
            Status: 400,
          }),
        want: ['BPO-PB-002'],
      },
    ],
    [
      'an absolute Type fails BPO-PB-003',
      {
        given: () =>
          exchange('createCapture', 400, {
            ...validationProblem,
            Type: `https://x/${validationProblem.Type}`,
          }),
        want: ['BPO-PB-003'],
      },
    ],
    [
      'a 400 without Problems fails BPO-PB-004',
      {
        given: () => exchange('createCapture', 400, { ...validationProblem, Problems: undefined }),
        want: ['BPO-PB-004'],
      },
    ],
    [
      'a body that is not JSON fails the schema check',
      {
        given: () =>
          exchange('getBnplPaymentOrder', 200, undefined, { raw: 'OK', contentType: 'application/json' }),
        want: ['BPO-CT-003'],
      },
    ],
  ];

  for (const [name, { given, alsoAccepted, want }] of cases) {
    it(`should report that ${name}`, () => {
      // Act
      const failures = failedIds(given(), alsoAccepted);

      // Assert
      expect(failures).toEqual(want);
    });
  }

  it('should report a transport failure as BPO-HTTP-001', () => {
    const { response: _none, ...noResponse } = exchange('getBnplPaymentOrder', 200, orderBody);

    const judgement = judgeContract(context(), { ...noResponse, error: 'ECONNREFUSED' });

    expect(judgement.failures.map((f) => f.checkId)).toEqual(['BPO-HTTP-001']);
    expect(judgement.failures[0]?.message).toContain('ECONNREFUSED');
  });

  it('should warn (BPO-PB-006) when two problems share an Instance', () => {
    const ctx = context();

    const first = judgeContract(ctx, exchange('createCapture', 400, validationProblem, { n: 1 }));
    const second = judgeContract(ctx, exchange('createCapture', 400, validationProblem, { n: 2 }));

    expect(first.failures).toEqual([]);
    expect(second.failures.map((f) => f.checkId)).toEqual(['BPO-PB-006']);
  });

  it('should say which members a problem lacks', () => {
    const given = exchange('createCapture', 400, { type: 'x', title: 'x', status: 400 });

    const message = judgeContract(context(), given).failures.find((f) => f.checkId === 'BPO-PB-001')?.message;

    expect(message).toMatch(/lacks Instance, Detail \(in PascalCase or camelCase\)/);
  });
});
