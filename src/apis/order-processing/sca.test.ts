// Initiate, the customer access token and the SCA steps (complete, fail): every
// answer and every refusal.
import { describe, expect, it } from 'vitest';
import { minor } from '../../../lib/money.ts';
import type { ScaStatus } from './records.ts';
import { customerFor, merchantFor } from './sandbox-data.ts';
import { completeSca, failSca, initiate, issueAccessToken, widgetUrl } from './sca.ts';
import { accessFor, data, gbp, merchantId, scaTokenFor } from './test-fixtures.ts';

const sixMonths = 'a117d788-5411-49c8-bebc-0fb678098aca';

function initiateFor(
  customerRef: string,
  amount: number,
  over: {
    exemptionOverride?: boolean;
    spendOptionId?: string;
    currency?: 'EUR';
    tokenOf?: string | null;
  } = {},
) {
  return initiate({
    merchantId,
    customerRef,
    accessToken: over.tokenOf === null ? undefined : accessFor(over.tokenOf ?? customerRef),
    customer: customerFor(data, customerRef),
    merchant: merchantFor(data, merchantId),
    request: {
      amount: over.currency ? { minor: minor(amount), currency: over.currency } : gbp(amount),
      spendOptionId: over.spendOptionId,
      exemptionOverride: over.exemptionOverride,
    },
    scaToken: 'tok-1',
    mockBase: 'http://127.0.0.1:4010/',
  });
}

describe('issueAccessToken', () => {
  it('should bind the token to the customerRef and answer it', () => {
    expect(issueAccessToken('limit-100', 'cat-1')).toEqual({
      token: { customerAccessToken: 'cat-1', customerRef: 'limit-100' },
      answer: { customerAccessToken: 'cat-1' },
    });
  });
});

describe('widgetUrl', () => {
  it('should shape the URL like the real widget and encode the token', () => {
    expect(widgetUrl('http://127.0.0.1:4010/', 'newpay', 'a/b+c')).toBe(
      'http://127.0.0.1:4010/_sandbox/pages/order-processing/newpay/identity?scaToken=a%2Fb%2Bc',
    );
  });
});

describe('initiate', () => {
  const widget = 'http://127.0.0.1:4010/_sandbox/pages/order-processing/newpay/identity?scaToken=tok-1';
  it.each<[string, { given: [string, number, { exemptionOverride?: boolean }?]; want: object }]>([
    [
      'below the exemption (29.99)',
      { given: ['123456789', 2999], want: { scaStatus: 'Exempt', scaToken: 'tok-1' } },
    ],
    [
      'at the exemption (30.00)',
      {
        given: ['123456789', 3000],
        want: { scaStatus: 'AuthenticationRequired', scaToken: 'tok-1', widgetUrl: widget },
      },
    ],
    [
      'an exempt amount with exemptionOverride',
      {
        given: ['123456789', 100, { exemptionOverride: true }],
        want: { scaStatus: 'AuthenticationRequired', scaToken: 'tok-1', widgetUrl: widget },
      },
    ],
    [
      'exemptionOverride false',
      {
        given: ['123456789', 100, { exemptionOverride: false }],
        want: { scaStatus: 'Exempt', scaToken: 'tok-1' },
      },
    ],
    [
      'a customer never exempt',
      {
        given: ['always-sca', 1],
        want: { scaStatus: 'AuthenticationRequired', scaToken: 'tok-1', widgetUrl: widget },
      },
    ],
    [
      'an unknown customerRef, like 123456789',
      { given: ['my-own-ref', 2999], want: { scaStatus: 'Exempt', scaToken: 'tok-1' } },
    ],
  ])('should answer %s', (_, { given: [customerRef, amount, over], want }) => {
    // Act
    const result = initiateFor(customerRef, amount, over);
    // Assert
    expect(result.ok && result.value.answer).toEqual(want);
  });

  it('should record the token for this merchant, customer and amount, exempt or pending', () => {
    const exempt = initiateFor('123456789', 2999);
    const pending = initiateFor('always-sca', 6000, { spendOptionId: sixMonths });
    expect(exempt.ok && exempt.value.scaToken).toEqual({
      scaToken: 'tok-1',
      merchantId,
      customerRef: '123456789',
      amount: 2999,
      status: 'exempt',
    });
    expect(pending.ok && pending.value.scaToken).toMatchObject({
      status: 'pending',
      spendOptionId: sixMonths,
    });
  });

  it.each<[string, { given: Parameters<typeof initiateFor>; want: object }]>([
    [
      'no access token',
      { given: ['123456789', 100, { tokenOf: null }], want: { problem: 'customer-token-invalid' } },
    ],
    [
      "another customer's access token",
      { given: ['123456789', 100, { tokenOf: 'limit-100' }], want: { problem: 'customer-token-invalid' } },
    ],
    [
      'another currency',
      {
        given: ['123456789', 100, { currency: 'EUR' }],
        want: { problem: 'validation', pointer: '#/amount/currencyCode' },
      },
    ],
  ])('should refuse %s', (_, { given, want }) => {
    const result = initiateFor(...given);
    expect(result.ok ? undefined : result.refusal).toMatchObject(want);
  });
});

describe('completeSca and failSca', () => {
  it.each<[ScaStatus, { complete: string; fail: string }]>([
    ['pending', { complete: 'authenticated', fail: 'failed' }],
    ['completed', { complete: 'authenticated', fail: 'sca-token-finished' }],
    ['exempt', { complete: 'authenticated', fail: 'sca-token-finished' }],
    ['used', { complete: 'sca-token-finished', fail: 'sca-token-finished' }],
    ['failed', { complete: 'sca-token-finished', fail: 'sca-token-finished' }],
  ])('should move a %s token as the table says', (status, want) => {
    const token = scaTokenFor('always-sca', 100, { status });
    const outcome = (r: ReturnType<typeof completeSca>) => (r.ok ? r.value.answer.status : r.refusal.problem);
    expect({
      complete: outcome(completeSca(token, token.scaToken)),
      fail: outcome(failSca(token, token.scaToken)),
    }).toEqual(want);
  });

  it.each([
    ['complete', { given: completeSca, want: ['completed', 'authenticated'] }],
    ['fail', { given: failSca, want: ['failed', 'failed'] }],
  ])('should %s a pending token, keeping the rest of the record', (_, { given, want }) => {
    const token = scaTokenFor('always-sca', 100, { status: 'pending' });
    const [status, answered] = want;
    expect(given(token, token.scaToken)).toEqual({
      ok: true,
      value: { scaToken: { ...token, status }, answer: { scaToken: token.scaToken, status: answered } },
    });
  });

  it('should leave an exempt token exempt when completed', () => {
    const token = scaTokenFor('123456789', 100, { status: 'exempt' });
    const result = completeSca(token, token.scaToken);
    expect(result.ok && result.value.scaToken).toBe(token);
  });

  it('should refuse an unknown token as not-found, and explain a finished one', () => {
    expect(completeSca(undefined, 'nope')).toEqual({
      ok: false,
      refusal: { problem: 'not-found', detail: 'no sca-token nope was issued by Initiate' },
    });
    const used = scaTokenFor('always-sca', 100, { status: 'used' });
    const result = failSca(used, used.scaToken);
    expect(result.ok ? '' : result.refusal.detail).toMatch(
      /it was already used by an authorisation; call Initiate again$/,
    );
  });
});
