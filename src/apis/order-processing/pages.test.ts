// The SCA widget pages as HTML: what they show, that every value is escaped, the
// form actions, and the payload JSON posted to redirect_uri.
import { describe, expect, it } from 'vitest';
import { minor } from '../../../lib/money.ts';
import {
  displayAmount,
  identityPage,
  isPostableUrl,
  resultPage,
  testOneTimeCode,
  widgetOutcome,
  widgetPayload,
} from './pages.ts';

const gbp = (pence: number) => ({ minor: minor(pence), currency: 'GBP' as const });
const decodeHtml = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const evil = `"><script>alert('x')</script>&`;

describe('widgetOutcome', () => {
  it.each([
    ['the test code', { given: { action: 'verify', code: testOneTimeCode }, want: 'authenticated' }],
    [
      'the test code with spaces around it',
      { given: { code: ` ${testOneTimeCode} ` }, want: 'authenticated' },
    ],
    ['another code', { given: { action: 'verify', code: '654321' }, want: 'failed' }],
    ['no code', { given: {}, want: 'failed' }],
    [
      "That's not my number, even with the right code",
      { given: { action: 'not-my-number', code: testOneTimeCode }, want: 'notMyNumber' },
    ],
  ])('should decide %s', (_, { given, want }) => {
    expect(widgetOutcome(given)).toBe(want);
  });
});

describe('widgetPayload', () => {
  it('should give the published success payload', () => {
    expect(widgetPayload('tok', 'authenticated')).toEqual({
      scaToken: 'tok',
      success: true,
      status: 'authenticated',
      message: 'User successfully authenticated',
    });
  });

  it.each([
    ['failed', { status: 'failed' }],
    ['notMyNumber', { status: 'notMyNumber' }],
  ] as const)('should give a %s payload with success false', (outcome, want) => {
    expect(widgetPayload('tok', outcome)).toMatchObject({ scaToken: 'tok', success: false, ...want });
    expect(widgetPayload('tok', outcome, 'why').message).toBe('why');
  });
});

describe('displayAmount', () => {
  it('should show pounds with separators', () => {
    expect(displayAmount(gbp(123450))).toBe('£1,234.50');
  });
});

describe('isPostableUrl', () => {
  it.each([
    ['https://shop.example/sca?x=1', true],
    ['http://localhost:3000/cb', true],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['/relative', false],
    [undefined, false],
  ])('should say whether %s may receive the payload', (url, want) => {
    expect(isPostableUrl(url)).toBe(want);
  });
});

describe('identityPage', () => {
  const model = {
    brand: 'newpay',
    scaToken: 'tok-1',
    redirectUri: 'https://shop.example/sca?a=1&b=2',
    token: { amount: gbp(5000), status: 'pending' as const },
  };

  it('should show the brand and amount and post the code to the widget path', () => {
    const html = identityPage(model);
    expect(html).toContain('<p class="brand" id="brand">newpay</p>');
    expect(html).toContain('<p class="amount" id="amount">£50.00</p>');
    expect(html).toContain(
      '<form method="post" action="/_sandbox/pages/order-processing/newpay/identity" id="identity">',
    );
    expect(html).toContain('<input type="hidden" name="scaToken" value="tok-1">');
    expect(html).toContain(
      '<input type="hidden" name="redirect_uri" value="https://shop.example/sca?a=1&amp;b=2">',
    );
    expect(html).toContain('name="code"');
    expect(html).toMatch(
      /<button[^>]*name="action" value="not-my-number"[^>]*formnovalidate>That’s not my number<\/button>/,
    );
  });

  it('should leave out redirect_uri when none was given', () => {
    expect(identityPage({ ...model, redirectUri: undefined })).not.toContain('redirect_uri');
  });

  it('should escape every value it shows', () => {
    const html = identityPage({ ...model, brand: evil, scaToken: evil, redirectUri: evil, error: evil });
    expect(html).not.toContain("<script>alert('x')</script>");
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;');
  });

  it.each([
    [
      'a token no longer pending',
      { token: { amount: gbp(5000), status: 'used' as const } },
      /no longer open \(<span id="status">used<\/span>\)/,
    ],
    ['an unknown token', { token: undefined }, /This authentication link is not valid/],
  ])('should offer no form for %s', (_, over, text) => {
    const html = identityPage({ ...model, ...over });
    expect(html).not.toContain('<form');
    expect(html).toMatch(text);
  });
});

describe('resultPage', () => {
  it('should post the payload JSON to redirect_uri from a form that submits itself', () => {
    // Arrange
    const payload = widgetPayload('tok-1', 'authenticated');
    // Act
    const html = resultPage({ brand: 'newpay', payload, redirectUri: 'https://shop.example/sca?a=1&b=2' });
    // Assert
    expect(html).toContain(
      '<form method="post" action="https://shop.example/sca?a=1&amp;b=2" id="sca-result">',
    );
    const value = /<input type="hidden" name="payload" value="([^"]*)">/.exec(html)?.[1];
    expect(JSON.parse(decodeHtml(value ?? ''))).toEqual(payload);
    expect(html).toContain("<script>document.getElementById('sca-result').submit();</script>");
    expect(html).toMatch(/<button class="primary" type="submit" id="continue">Continue<\/button>/);
  });

  it('should escape the payload and the URL', () => {
    const payload = widgetPayload(evil, 'failed', evil);
    const html = resultPage({ brand: 'newpay', payload, redirectUri: `https://shop.example/?q=${evil}` });
    expect(html.match(/<script>/g)).toHaveLength(1);
    const value = /name="payload" value="([^"]*)"/.exec(html)?.[1];
    expect(JSON.parse(decodeHtml(value ?? ''))).toEqual(payload);
  });

  it.each([
    ['no redirect_uri', undefined],
    ['a javascript: redirect_uri', 'javascript:alert(1)'],
  ])('should show the outcome and the payload, posting nothing, for %s', (_, redirectUri) => {
    const payload = widgetPayload('tok-1', 'notMyNumber');
    const html = resultPage({ brand: 'newpay', payload, redirectUri });
    expect(html).not.toContain('<form');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<h1>Verification failed</h1>');
    expect(html).toContain(`<pre id="payload">${JSON.stringify(payload).replace(/"/g, '&quot;')}</pre>`);
  });
});

describe('every page', () => {
  const payload = widgetPayload('tok-1', 'authenticated');
  it.each([
    [
      'the identity page',
      identityPage({
        brand: 'newpay',
        scaToken: 't',
        redirectUri: undefined,
        token: { amount: gbp(100), status: 'pending' },
      }),
    ],
    [
      'the identity page of an unknown token',
      identityPage({ brand: 'newpay', scaToken: 't', redirectUri: undefined, token: undefined }),
    ],
    ['the result page', resultPage({ brand: 'newpay', payload, redirectUri: 'https://shop.example/sca' })],
    [
      'the result page without redirect_uri',
      resultPage({ brand: 'newpay', payload, redirectUri: undefined }),
    ],
  ])('should give %s a language and link the mock’s favicon, as the other pages do', (_, html) => {
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<link rel="icon" href="/favicon.ico">');
  });
});
