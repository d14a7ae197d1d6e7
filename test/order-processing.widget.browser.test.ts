// The Order Processing SCA widget page in a real headless Chromium (Debian's, ensured
// by test/setup/chromium.ts), driven as a customer would: the merchant initiates with
// authentication required and opens widgetUrl with its own `&redirect_uri=`, the
// customer enters the one-time code (or says the number is not theirs), and the page
// POSTs the form field `payload` to redirect_uri. A local node:http server plays the
// shop at redirect_uri and records every payload it receives; each flow then asks the
// API whether Authorise takes the sca-token, because the page is only right if both
// agree.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Dialog, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileSpec } from '../lib/openapi.ts';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import { chromiumArgs, chromiumPath } from './setup/chromium.ts';
import type { OrderProcessingProblem } from './support/http.ts';
import { type InitiateResponse, type Journey, orderProcessingJourney } from './support/order-processing.ts';

/** The widget's test one-time code (OP-D-35). */
const testCode = '123456';

interface Received {
  readonly url: URL;
  readonly method: string;
  readonly payload: unknown;
}

let mock: RunningMock | undefined;
let browser: Browser | undefined;
let shop: http.Server | undefined;
let shopUrl = '';
let j: Journey;
/** Every request the shop received at its redirect_uri, with the parsed `payload` field. */
const received: Received[] = [];

beforeAll(async () => {
  mock = await startMock({ port: 0, rules: 'none' });
  j = orderProcessingJourney({
    api: mock.url,
    sandbox: mock.url,
    specs: { api: await compileSpec('order-processing'), sandbox: await compileSpec('sandbox-control') },
  });
  shop = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const payload = form.get('payload');
      received.push({
        url: new URL(request.url ?? '/', shopUrl),
        method: request.method ?? '',
        payload: payload === null ? undefined : JSON.parse(payload),
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Shop</title><h1 id="shop">Back at the shop</h1>');
    });
  });
  await new Promise<void>((resolve) => shop?.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}, 60_000);

afterAll(async () => {
  // Every resource is released even when another one fails to close.
  await Promise.allSettled([
    browser?.close(),
    mock?.close(),
    new Promise<void>((resolve) => {
      if (shop === undefined) return resolve();
      shop.close(() => resolve());
      shop.closeAllConnections(); // keep-alive sockets would hold close() open
    }),
  ]);
});

let context: BrowserContext | undefined;
let page: Page;
/** Dialogs (alert, confirm) the page opened; an escaped page never opens one. */
let dialogs: string[] = [];

beforeEach(async () => {
  if (browser === undefined) throw new Error('Chromium is not running (see beforeAll)');
  context = await browser.newContext({ viewport: { width: 600, height: 800 } });
  page = await context.newPage();
  dialogs = [];
  page.on('dialog', (dialog: Dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A purchase whose Initiate requires authentication, and where the shop wants the customer back. */
async function purchase(value = 600) {
  const merchantId = randomUUID();
  const order = randomUUID();
  const answer = await j.initiate(merchantId, 'always-sca', value);
  expect(answer.status, answer.text).toBe(200);
  const initiated = answer.body as InitiateResponse;
  expect(initiated.scaStatus).toBe('AuthenticationRequired');
  const returnUrl = `${shopUrl}/sca-return?order=${order}`;
  return {
    merchantId,
    value,
    scaToken: initiated.scaToken,
    returnUrl,
    // As the merchant builds the real widget's iframe URL (OP-D-20).
    widget: `${initiated.widgetUrl}&redirect_uri=${encodeURIComponent(returnUrl)}`,
    receivedByShop: () => received.filter((r) => r.url.searchParams.get('order') === order),
  };
}

const text = async (selector: string) => (await page.locator(selector).innerText()).trim();
/** The text as written in the page (the brand is shown upper-case by CSS). */
const written = async (selector: string) => (await page.locator(selector).textContent())?.trim();

/** Authorise with the purchase's sca-token, as the merchant does once the shop has the payload. */
const authoriseWith = (p: Awaited<ReturnType<typeof purchase>>) =>
  j.authorise(p.merchantId, 'always-sca', p.value, {}, { scaToken: p.scaToken });

describe('the SCA widget page in headless Chromium', () => {
  it('should post the published success payload to redirect_uri for the test code, after which Authorise succeeds', async () => {
    // Arrange
    const p = await purchase(600);

    // Act: the customer sees the purchase, enters the code and verifies.
    await page.goto(p.widget);
    const seen = {
      amount: await text('#amount'),
      brand: await written('#brand'),
      lang: await page.getAttribute('html', 'lang'),
      icon: await page.locator('link[rel="icon"]').getAttribute('href'),
    };
    await page.fill('#code', testCode);
    await page.click('#verify');
    await page.waitForURL((url) => url.href === p.returnUrl);
    const icon = await page.request.get(new URL(seen.icon ?? '', mock?.url).href);
    const authorised = await authoriseWith(p);

    // Assert
    expect(seen).toEqual({ amount: '£600.00', brand: 'newpay', lang: 'en', icon: '/favicon.ico' });
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/x-icon');
    expect(await text('#shop')).toBe('Back at the shop');
    expect(p.receivedByShop()).toEqual([
      {
        url: new URL(p.returnUrl),
        method: 'POST',
        payload: {
          scaToken: p.scaToken,
          success: true,
          status: 'authenticated',
          message: 'User successfully authenticated',
        },
      },
    ]);
    expect(authorised.status, authorised.text).toBe(200);
    expect(authorised.body).toMatchObject({ result: 'Authorised' });
    expect(dialogs).toEqual([]);
  });

  it.each([
    {
      name: 'a wrong code',
      act: async () => {
        await page.fill('#code', '654321');
        await page.click('#verify');
      },
      payload: {
        success: false,
        status: 'failed',
        message: 'User failed authentication: the one-time code was not correct',
      },
    },
    {
      name: '“That’s not my number”',
      act: () => page.click('#not-my-number'),
      payload: { success: false, status: 'notMyNumber', message: 'User did not recognise the mobile number' },
    },
  ])(
    'should post the failure payload for $name, after which Authorise answers 403 sca-required',
    async ({ act, payload }) => {
      // Arrange
      const p = await purchase(250);
      await page.goto(p.widget);

      // Act
      await act();
      await page.waitForURL((url) => url.href === p.returnUrl);
      const refused = await authoriseWith(p);

      // Assert
      expect(p.receivedByShop().map((r) => r.payload)).toEqual([{ scaToken: p.scaToken, ...payload }]);
      expect(refused.status, refused.text).toBe(403);
      expect((refused.body as OrderProcessingProblem).type).toBe(
        'https://bnpl-kit.dev/problems/order-processing/sca-required',
      );
      // The link no longer offers the form: the customer cannot try again on a failed token.
      await page.goto(p.widget);
      expect(await page.locator('form').count()).toBe(0);
      expect(await text('#status')).toBe('failed');
    },
  );

  it('should show a used token as no longer open, with no form', async () => {
    // Arrange: authenticated headless, then used by an authorisation.
    const p = await purchase(100);
    await j.completeSca(p.scaToken);
    expect((await authoriseWith(p)).status).toBe(200);

    // Act
    await page.goto(p.widget);

    // Assert
    expect(await page.locator('form').count()).toBe(0);
    expect(await text('#status')).toBe('used');
    expect(p.receivedByShop()).toEqual([]);
  });

  it('should answer an unknown scaToken with 404 and a page that says the link is not valid', async () => {
    const response = await page.goto(
      `${mock?.url}/_sandbox/pages/order-processing/newpay/identity?scaToken=sca_nope`,
    );
    expect(response?.status()).toBe(404);
    expect(await text('#outcome')).toContain('This authentication link is not valid');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('should render markup in the brand and redirect_uri as text, and still post to the exact redirect_uri', async () => {
    // Arrange: a brand and a redirect_uri a hostile link could carry.
    const p = await purchase(75);
    const brand = '"><img src=x onerror=alert(1)>';
    const note = `"><script>alert(2)</script>'`;
    const returnUrl = `${p.returnUrl}&note=${note}`;
    const widget = new URL(p.widget);
    widget.pathname = `/_sandbox/pages/order-processing/${encodeURIComponent(brand)}/identity`;
    widget.searchParams.set('redirect_uri', returnUrl);

    // Act
    await page.goto(widget.href);
    const seen = {
      brand: await written('#brand'),
      scripts: await page.locator('script').count(),
      images: await page.locator('img').count(),
    };
    await page.fill('#code', testCode);
    await page.click('#verify');
    await page.waitForURL((url) => url.pathname === '/sca-return');

    // Assert: shown literally, nothing injected, nothing run; the shop got the payload where it asked.
    expect(seen).toEqual({ brand, scripts: 0, images: 0 });
    expect(dialogs).toEqual([]);
    const [got] = p.receivedByShop();
    expect(got?.url.searchParams.get('note')).toBe(note);
    expect(got?.payload).toEqual({
      scaToken: p.scaToken,
      success: true,
      status: 'authenticated',
      message: 'User successfully authenticated',
    });
    expect((await authoriseWith(p)).status).toBe(200);
  });
});
