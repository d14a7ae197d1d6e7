// The Order Processing model without a server: what each step may answer, how the
// model follows the answer, and how the answers are judged (MUST by the class of the
// status, SHOULD by our decisions).
import { describe, expect, it } from 'vitest';
import { exchange } from '../testing.ts';
import {
  adjustExpectation,
  adjusted,
  authoriseExpectation,
  type Expectation,
  exposure,
  judgeAnswer,
  judgeRemainingFloat,
  type ModelAuthorisation,
  moved,
  moveExpectation,
  refundExpectation,
  replayedAdjustment,
  unauthenticatedExpectation,
  unissuedLike,
} from './oracle.ts';
import { interestMinor, judgeSpendOptions } from './spend-options.ts';

const authorisation = (float: number, authorised = float): ModelAuthorisation => ({
  authorisationId: 'a',
  number: 1,
  result: 'Authorised',
  candidates: [{ authorised, float, reading: 'increase' }],
  settled: 0,
  reversed: 0,
});

const problem = (status: number, name: string) => ({
  type: `https://bnpl-kit.dev/problems/order-processing/${name}`,
  title: name,
  status,
  detail: name,
  instance: 'urn:uuid:00000000-0000-4000-8000-000000000000',
});

const ids = (judged: ReturnType<typeof judgeAnswer>) => judged.failures.map((f) => f.checkId);

describe('judgeAnswer', () => {
  const cases: [string, { expectation: Expectation; status: number; body?: unknown; want: string[] }][] = [
    [
      'a settle beyond the float that succeeded fails OP-FLT-002',
      {
        expectation: moveExpectation('settle', authorisation(1000), 1001),
        status: 200,
        body: { transactionId: 'x' },
        want: ['OP-FLT-002'],
      },
    ],
    [
      'a settle beyond the float refused with 409 insufficient-float passes',
      {
        expectation: moveExpectation('settle', authorisation(1000), 1001),
        status: 409,
        body: problem(409, 'insufficient-float'),
        want: [],
      },
    ],
    [
      'a settle beyond the float refused with 400 passes (OP-D-24 accepts it)',
      {
        expectation: moveExpectation('settle', authorisation(1000), 1001),
        status: 400,
        body: problem(400, 'validation'),
        want: [],
      },
    ],
    [
      'a settle beyond the float refused with 409 of another name warns OP-MDL-002',
      {
        expectation: moveExpectation('settle', authorisation(1000), 1001),
        status: 409,
        body: problem(409, 'conflict'),
        want: ['OP-MDL-002'],
      },
    ],
    [
      'a whole settle refused fails OP-MDL-001',
      {
        expectation: moveExpectation('settle', authorisation(1000), 1000),
        status: 409,
        body: problem(409, 'partial-not-allowed'),
        want: ['OP-MDL-001'],
      },
    ],
    [
      'a partial settle refused only warns OP-MDL-003 (the merchant should allow partials)',
      {
        expectation: moveExpectation('settle', authorisation(1000), 400),
        status: 409,
        body: problem(409, 'partial-not-allowed'),
        want: ['OP-MDL-003'],
      },
    ],
    [
      'a settle on a declined authorisation that succeeded fails OP-FLT-004',
      {
        expectation: moveExpectation('settle', { ...authorisation(0), result: 'Declined' }, 100),
        status: 200,
        body: { transactionId: 'x' },
        want: ['OP-FLT-004'],
      },
    ],
    [
      'a refund beyond what is left that succeeded fails OP-FLT-003',
      {
        expectation: refundExpectation(
          { transactionId: 't', authorisation: 0, settled: 500, refunded: 200 },
          301,
        ),
        status: 200,
        body: { refundTransactionId: 'r' },
        want: ['OP-FLT-003'],
      },
    ],
    [
      'any step answered 500 fails OP-MDL-001',
      {
        expectation: moveExpectation('reverse', authorisation(1000), 10),
        status: 500,
        body: problem(500, 'fatal'),
        want: ['OP-MDL-001'],
      },
    ],
    [
      'Authorise with a used sca-token that succeeded fails OP-SCA-004',
      {
        expectation: authoriseExpectation(
          { scaToken: 's', status: 'used', amountMinor: 100 },
          100,
          0,
          100_000,
        ),
        status: 200,
        body: { authorisationId: 'a', result: 'Authorised' },
        want: ['OP-SCA-004'],
      },
    ],
    [
      'Authorise with a token awaiting the customer that succeeded fails OP-SCA-003',
      {
        expectation: authoriseExpectation(
          { scaToken: 's', status: 'pending', amountMinor: 100 },
          100,
          0,
          100_000,
        ),
        status: 200,
        body: { authorisationId: 'a', result: 'Authorised' },
        want: ['OP-SCA-003'],
      },
    ],
    [
      'Authorise without an sca-token, authentication required, that succeeded fails OP-SCA-007',
      {
        expectation: unauthenticatedExpectation('missing'),
        status: 200,
        body: { authorisationId: 'a', result: 'Authorised' },
        want: ['OP-SCA-007'],
      },
    ],
    [
      'Authorise without an sca-token declined with 200 still fails OP-SCA-007 (a refusal is a 4xx)',
      {
        expectation: unauthenticatedExpectation('missing'),
        status: 200,
        body: { authorisationId: 'a', result: 'Declined', declineReason: 'no SCA' },
        want: ['OP-SCA-007'],
      },
    ],
    [
      'Authorise without an sca-token refused with 400 validation passes (OP-D-03)',
      {
        expectation: unauthenticatedExpectation('missing'),
        status: 400,
        body: problem(400, 'validation'),
        want: [],
      },
    ],
    [
      'Authorise without an sca-token refused with 403 only warns OP-MDL-002 (OP-D-03 gives 400)',
      {
        expectation: unauthenticatedExpectation('missing'),
        status: 403,
        body: problem(403, 'sca-required'),
        want: ['OP-MDL-002'],
      },
    ],
    [
      'Authorise with an sca-token never issued that succeeded fails OP-SCA-007',
      {
        expectation: unauthenticatedExpectation('unissued'),
        status: 200,
        body: { authorisationId: 'a', result: 'Authorised' },
        want: ['OP-SCA-007'],
      },
    ],
    [
      'Authorise with an sca-token never issued refused with 403 sca-required or 401 passes (OP-D-22)',
      {
        expectation: unauthenticatedExpectation('unissued'),
        status: 401,
        body: problem(401, 'unauthorized'),
        want: [],
      },
    ],
    [
      'Authorise within the budget refused fails OP-CRD-001',
      {
        expectation: authoriseExpectation(
          { scaToken: 's', status: 'completed', amountMinor: 100 },
          100,
          0,
          100_000,
        ),
        status: 403,
        body: problem(403, 'sca-required'),
        want: ['OP-CRD-001'],
      },
    ],
    [
      'Authorise beyond the budget may be refused',
      {
        expectation: authoriseExpectation(
          { scaToken: 's', status: 'completed', amountMinor: 100 },
          100,
          99_950,
          100_000,
        ),
        status: 409,
        body: problem(409, 'authorisation-declined'),
        want: [],
      },
    ],
  ];
  for (const [name, { expectation, status, body, want }] of cases) {
    it(`should report that ${name}`, () => {
      // Act
      const judged = judgeAnswer(expectation, exchange('Settle', status, body));

      // Assert
      expect(ids(judged)).toEqual(want);
    });
  }
});

describe('unissuedLike', () => {
  const cases: [string, string][] = [
    ['an sca_ token of hex', 'sca_32de714462414dd98b3a02eaa0bd4f78'],
    ['a UUID', 'EE735673-05F2-4C56-8A68-60170BDA4524'],
    [
      'a JWT',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkiLCJhbXQiOjYwMH0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    ],
    ['a token ending in z', 'zzzz'],
    ['a token ending in 9', '9999'],
  ];
  for (const [what, token] of cases) {
    it(`should change ${what} in one letter or digit, not only in case, keeping its shape`, () => {
      const changed = unissuedLike(token);

      expect(changed).toHaveLength(token.length);
      expect(changed.toLowerCase()).not.toBe(token.toLowerCase());
      expect([...changed].filter((c, i) => c !== token[i])).toHaveLength(1);
      expect(changed.replace(/[0-9A-Za-z]/g, 'x')).toBe(token.replace(/[0-9A-Za-z]/g, 'x'));
    });
  }

  it('should change the character nearest the middle, not the last (a base64url tail may decode alike)', () => {
    expect(unissuedLike('abcdefg')).toBe('abceefg');
    expect(unissuedLike('sca_0000')).toBe('sca_1000');
  });

  it('should still give another token when there is no letter or digit to change', () => {
    expect(unissuedLike('--')).not.toBe('--');
  });
});

describe('judgeRemainingFloat', () => {
  it('should hold remainingFloat to authorised − settled − reversed, in pence exactly', () => {
    const kept = authorisation(3313);
    moved(kept, 'settle', 1104);
    const floaty = authorisation(3313);
    moved(floaty, 'settle', 1104);

    expect(judgeRemainingFloat(kept, { value: 22.09, currencyCode: 'GBP' }).message).toBeUndefined();
    expect(judgeRemainingFloat(floaty, { value: 22.090000000000003, currencyCode: 'GBP' }).message).toMatch(
      /expected £22\.09 \(authorised £33\.13 − settled £11\.04 − reversed £0\.00\)/,
    );
  });

  it('should keep both readings of an adjustment until a remainingFloat tells them apart', () => {
    const a = authorisation(1000);
    a.candidates = adjusted(a.candidates, 1500);

    expect(a.candidates.map((c) => [c.reading, c.float])).toEqual([
      ['increase', 2500],
      ['new total', 1500],
    ]);
    moved(a, 'reverse', 500);
    expect(judgeRemainingFloat(a, { value: 10, currencyCode: 'GBP' }).reading?.reading).toBe('new total');
    expect(a.candidates).toHaveLength(1);
  });

  it('should show a replayed adjustment that acted again', () => {
    const a = authorisation(1000);
    a.candidates = replayedAdjustment(adjusted(a.candidates, 200).slice(0, 1), 200);

    expect(judgeRemainingFloat(a, { value: 14, currencyCode: 'GBP' }).reading?.reading).toBe('acted twice');
  });
});

describe('exposure and adjustments', () => {
  it('should count the largest reading of every float and every settlement not refunded', () => {
    const a = authorisation(1000);
    a.candidates = adjusted(a.candidates, 1500);

    const total = exposure({
      tokens: [],
      authorisations: [a, { ...authorisation(0), result: 'Declined' }],
      transactions: [{ transactionId: 't', authorisation: 0, settled: 300, refunded: 100 }],
      posts: [],
    });

    expect(total).toBe(2500 + 200);
  });

  it('should let an adjustment not above the authorised amount be refused, as a new total, with a warning', () => {
    const expectation = adjustExpectation(authorisation(1000), 500, 0, 100_000);

    expect(
      ids(judgeAnswer(expectation, exchange('UpwardAdjustment', 400, problem(400, 'validation')))),
    ).toEqual(['OP-ADJ-001']);
    expect(
      ids(
        judgeAnswer(
          adjustExpectation(authorisation(1000), 1500, 0, 100_000),
          exchange('UpwardAdjustment', 400, problem(400, 'validation')),
        ),
      ),
    ).toEqual(['OP-CRD-001']);
  });
});

describe('spend options', () => {
  it('should compute interest in pence exactly, rounding half up', () => {
    expect(interestMinor(10_000, 0.199, 12)).toBe(1990);
    expect(interestMinor(333, 0.199, 12)).toBe(66);
    expect(interestMinor(10_000, 0, 24)).toBe(0);
  });

  it('should fail an illustration that does not add up (MUST) apart from one that rounds otherwise (SHOULD)', () => {
    const option = (illustration: [number, number, number], rate = 0.199) => ({
      name: 'x',
      spendType: 'Instalment',
      interestRate: rate,
      duration: 12,
      spendOptionId: '00000000-0000-4000-8000-000000000000',
      illustration: {
        monthlyPayment: { value: illustration[0], currencyCode: 'GBP' },
        interestToPay: { value: illustration[1], currencyCode: 'GBP' },
        totalRepayable: { value: illustration[2], currencyCode: 'GBP' },
      },
    });
    const judge = (o: object) =>
      judgeSpendOptions(
        { options: [o] },
        { basketMinor: 10_000 },
        'customer',
        'SpendOptionsForCustomerRef',
        1,
      ).failures.map((f) => f.checkId);

    expect(judge(option([10, 19.9, 119.9]))).toEqual([]);
    expect(judge(option([9.99, 19.9, 119.9]))).toEqual(['OP-SPO-003']);
    expect(judge(option([10, 19.9, 100]))).toEqual(['OP-SPO-001']);
    expect(judge(option([8.34, 0.5, 100.5], 0))).toEqual(['OP-SPO-001', 'OP-SPO-003']);
  });
});
