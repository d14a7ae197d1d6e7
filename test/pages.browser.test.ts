// The customer's pages of the bnpl-payment-order mock, clicked through in a real
// headless Chromium (Debian's, ensured by test/setup/chromium.ts): choosing a payment
// method after redirect's 409, approving and declining at checkout, the single-profile
// shortcut, a finished order's checkout, HTML escaping of the seller's pointOfSale,
// and a screenshot. Each flow asserts what the person sees and then what the API says
// (GET of the order), because the pages are only right if both agree. A local
// node:http server plays the shop's returnUrl and records who came back.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Dialog, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { components } from '../generated/bnpl-payment-order.ts';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import { chromiumArgs, chromiumPath } from './setup/chromium.ts';

type Order = components['schemas']['BnplPaymentOrder'];
type CreateRequest = components['schemas']['BnplPaymentOrderRequest'];
type Problem = components['schemas']['Problem'] & { ChoosePaymentMethodUrl?: string };

const ownerNo = 'browser-suite';
const ordersPath = `/ledger/bnpl-payment-order/v1/${ownerNo}/bnpl-payment-orders`;
const twoProfiles: NonNullable<CreateRequest['restrictToProfiles']> = [
  {
    profileName: 'BA_PartPayment',
    subProfiles: [{ subProfileName: 'InstallmentAccount_3' }, { subProfileName: 'InstallmentAccount_12' }],
  },
  { profileName: 'BA_Invoice' },
];

let mock: RunningMock | undefined;
let browser: Browser | undefined;
let shop: http.Server | undefined;
let shopUrl = '';
let screenshotDir: string | undefined;
/** Every request the shop received, as full URLs. */
const shopHits: URL[] = [];

beforeAll(async () => {
  mock = await startMock({ port: 0, rules: 'none' });
  shop = http.createServer((request, response) => {
    shopHits.push(new URL(request.url ?? '/', shopUrl));
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Shop</title><h1 id="shop">Back at the shop</h1>');
  });
  await new Promise<void>((resolve) => shop?.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  screenshotDir = await mkdtemp(path.join(os.tmpdir(), 'bnpl-pages-'));
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
    screenshotDir ? rm(screenshotDir, { recursive: true, force: true }) : undefined,
  ]);
});

let context: BrowserContext | undefined;
let page: Page;
/** Dialogs (alert, confirm) the page opened; an escaped page never opens one. */
let dialogs: string[] = [];

beforeEach(async () => {
  if (browser === undefined) throw new Error('Chromium is not running (see beforeAll)');
  context = await browser.newContext({ viewport: { width: 800, height: 700 } });
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

function mockUrl(): string {
  if (mock === undefined) throw new Error('the mock is not running (see beforeAll)');
  return mock.url;
}

async function api(method: 'GET' | 'POST', apiPath: string, body?: unknown) {
  const response = await fetch(`${mockUrl()}${apiPath}`, {
    method,
    headers: {
      authorization: 'Bearer t',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? undefined : JSON.parse(text)) as unknown, text };
}

async function createOrder(overrides: Partial<CreateRequest> = {}): Promise<Order> {
  const request: CreateRequest = {
    authorizationAmount: 1000,
    currency: 'SEK',
    sellerAuthorizationId: 'browser-1',
    customer: {
      nationalConsumerIdentifier: { value: '19800101-1234', countryCode: 'SE' },
      email: 'anna@example.com',
      msisdn: '+46701234567',
    },
    pointOfSale: 'Browser Test Shop',
    mcc: '5732',
    restrictToProfiles: twoProfiles,
    ...overrides,
  };
  const created = await api('POST', ordersPath, request);
  expect(created.status, created.text).toBe(201);
  return created.json as Order;
}

const getOrder = async (order: Order): Promise<Order> => {
  const got = await api('GET', `${ordersPath}/${order.paymentOrderId}`);
  expect(got.status, got.text).toBe(200);
  return got.json as Order;
};

const returnUrlOf = (order: Order) => `${shopUrl}/back?order=${order.paymentOrderId}`;

const redirect = (order: Order) =>
  api('POST', `${ordersPath}/${order.paymentOrderId}/redirect`, {
    returnUrl: returnUrlOf(order),
    redirectOptions: { languageCode: 'SV' },
  });

/** The checkout URL redirect answers, for an order whose payment method is chosen. */
async function checkoutUrl(order: Order): Promise<string> {
  const answer = await redirect(order);
  expect(answer.status, answer.text).toBe(200);
  return (answer.json as { redirectUrl: string }).redirectUrl;
}

/** The customer's choice made through the sandbox control API (not under test here). */
async function chooseBySandbox(order: Order, profileName: string): Promise<void> {
  const chosen = await api(
    'POST',
    `/_sandbox/bnpl-payment-order/${ownerNo}/bnpl-payment-orders/${order.paymentOrderId}/choose`,
    { profileName },
  );
  expect(chosen.status, chosen.text).toBe(200);
}

/** The rendered text a person sees (Playwright's innerText, not the DOM property). */
const text = async (selector: string, on: Page = page) => (await on.locator(selector).innerText()).trim();
const rels = (order: Order) => order.operations.map((o) => o.rel).sort();
const returnedTo = (order: Order) =>
  shopHits.filter(
    (hit) => hit.pathname === '/back' && hit.searchParams.get('order') === String(order.paymentOrderId),
  );
const landedAtShop = (order: Order) => page.waitForURL((url) => url.href === returnUrlOf(order));

describe("the customer's pages in headless Chromium", () => {
  it('should let the customer choose a payment method after redirect answered 409, then allow redirect', async () => {
    // Arrange: two allowed profiles, so nothing is chosen yet.
    const order = await createOrder();
    const refused = await redirect(order);
    expect(refused.status).toBe(409);
    const problem = refused.json as Problem;
    expect(problem.Type).toBe('ledger/bnpl-payment-order/v1/problems/invalid-payment-method');
    // The choice page carries the redirect's returnUrl, so the customer gets back to the shop.
    expect(problem.ChoosePaymentMethodUrl).toBe(
      `${mockUrl()}/_sandbox/pages/bnpl-payment-order/${ownerNo}/${order.paymentOrderId}/choose?${new URLSearchParams({ returnUrl: returnUrlOf(order), languageCode: 'SV' })}`,
    );

    // Act: the customer opens the choice page and picks a sub profile.
    await page.goto(problem.ChoosePaymentMethodUrl ?? '');
    const seen = {
      amount: await text('#amount'),
      status: await text('#status'),
      id: await text('#payment-order-id'),
      chosen: await text('#chosen'),
      body: await text('body'),
      choices: await Promise.all(
        (await page.locator('input[name="choice"]').all()).map((input) => input.getAttribute('value')),
      ),
    };
    await page.check('input[name="choice"][value="BA_PartPayment/InstallmentAccount_12"]');
    await page.click('#choose');
    await landedAtShop(order);

    // Assert: what the customer saw, where they ended, and what the API says now.
    expect(seen).toMatchObject({
      amount: '1000.00 SEK',
      status: 'Created',
      id: String(order.paymentOrderId),
      // The redirect asked for Swedish (SV), so the choice page is in Swedish.
      chosen: 'ingen ännu',
    });
    expect(seen.body).toContain('Browser Test Shop');
    expect(seen.choices).toEqual([
      'BA_PartPayment/InstallmentAccount_3',
      'BA_PartPayment/InstallmentAccount_12',
      'BA_Invoice',
    ]);
    expect(await text('#shop')).toBe('Back at the shop');
    expect(returnedTo(order)).toHaveLength(1);
    expect(rels(await getOrder(order))).toEqual(['cancel-authorize', 'redirect']);
    const allowed = await redirect(order);
    expect(allowed.status, allowed.text).toBe(200);
    expect((allowed.json as { redirectUrl: string }).redirectUrl).toContain('/checkout?');
    await page.goto((allowed.json as { redirectUrl: string }).redirectUrl);
    expect(await text('#chosen')).toBe('Delbetalning · 12 månader');
    expect(await text('#chosen-id')).toBe('BA_PartPayment / InstallmentAccount_12');
  });

  it('should authorize the order when the customer approves at checkout', async () => {
    // Arrange
    const order = await createOrder({ pointOfSale: 'Approving Shop' });
    await chooseBySandbox(order, 'BA_Invoice');
    const url = await checkoutUrl(order);

    // Act
    await page.goto(url);
    const seen = {
      amount: await text('#amount'),
      status: await text('#status'),
      chosen: await text('#chosen'),
      chosenId: await text('#chosen-id'),
      body: await text('body'),
      approve: await page.locator('#approve').isVisible(),
      decline: await page.locator('#decline').isVisible(),
      lang: await page.getAttribute('html', 'lang'),
    };
    await page.click('#approve');
    await landedAtShop(order);

    // Assert
    expect(seen).toMatchObject({
      amount: '1000.00 SEK',
      status: 'Created',
      chosen: 'Faktura',
      chosenId: 'BA_Invoice',
      approve: true,
      decline: true,
      lang: 'sv',
    });
    expect(seen.body).toContain('Approving Shop');
    expect(returnedTo(order)).toHaveLength(1);
    const after = await getOrder(order);
    expect(after.status).toBe('Authorized');
    expect(after.remainingAmount).toBe(after.authorizationAmount);
    expect(rels(after)).toEqual(['add-capture', 'cancel-authorize']);
  });

  it('should reject the order when the customer declines at checkout', async () => {
    // Arrange
    const order = await createOrder();
    await chooseBySandbox(order, 'BA_Invoice');

    // Act
    await page.goto(await checkoutUrl(order));
    await page.click('#decline');
    await landedAtShop(order);

    // Assert
    expect(returnedTo(order)).toHaveLength(1);
    const after = await getOrder(order);
    expect(after.status).toBe('Rejected');
    expect(after.remainingAmount).toBe(0);
    expect(after.operations).toEqual([]);
  });

  it.each([
    {
      name: 'one profile with one sub profile',
      profiles: [
        { profileName: 'BA_PartPayment', subProfiles: [{ subProfileName: 'InstallmentAccount_3' }] },
      ],
      shown: ['Delbetalning · 3 månader', 'BA_PartPayment / InstallmentAccount_3'],
    },
    {
      name: 'one profile without sub profiles',
      profiles: [{ profileName: 'BA_Invoice' }],
      shown: ['Faktura', 'BA_Invoice'],
    },
  ])('should skip the choice when restrictToProfiles leaves $name (D-08)', async ({ profiles, shown }) => {
    // Arrange
    const order = await createOrder({ restrictToProfiles: profiles });

    // Act: redirect works at once.
    const answer = await redirect(order);
    expect(answer.status, answer.text).toBe(200);
    await page.goto((answer.json as { redirectUrl: string }).redirectUrl);

    // Assert
    expect([await text('#chosen'), await text('#chosen-id')]).toEqual(shown);
    expect(await page.locator('#approve').isVisible()).toBe(true);
    expect(await page.locator('#choose-link').count()).toBe(0);
  });

  it('should show a finished order without Approve, and ignore a second approval', async () => {
    // Arrange: approved once through the page; the form's action kept for later.
    const order = await createOrder();
    await chooseBySandbox(order, 'BA_Invoice');
    const url = await checkoutUrl(order);
    await page.goto(url);
    const action = await page.locator('form:has(#approve)').getAttribute('action');
    expect(action).toBeTruthy();
    await page.click('#approve');
    await landedAtShop(order);
    const approved = await getOrder(order);

    // Act: open the checkout again, then post the approve form once more (and a decline).
    await page.goto(url);
    const seen = {
      status: await text('#status'),
      approve: await page.locator('#approve').count(),
      decline: await page.locator('#decline').count(),
      back: await page.locator('#return').getAttribute('href'),
    };
    const again = await Promise.all(
      [action ?? '', (action ?? '').replace(/approve$/, 'decline')].map((formAction) =>
        fetch(new URL(formAction, mockUrl()), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ returnUrl: returnUrlOf(order) }).toString(),
          redirect: 'manual',
        }).then(async (r) => ({ status: r.status, html: await r.text() })),
      ),
    );

    // Assert
    expect(seen).toEqual({ status: 'Authorized', approve: 0, decline: 0, back: returnUrlOf(order) });
    for (const answer of again) {
      expect(answer.status).toBe(409);
      // This post carries no languageCode: the refusal page falls back to English.
      expect(answer.html).toContain('This order no longer awaits you.');
    }
    const after = await getOrder(order);
    expect(after.status).toBe('Authorized');
    expect(after.remainingAmount).toBe(approved.remainingAmount);
    expect(rels(after)).toEqual(rels(approved));
  });

  // A second tab must not strand the customer: the refusal page keeps the way back.
  it('should offer the way back to the shop when a second tab approves an approved order', async () => {
    // Arrange: the same checkout open in two tabs; the first tab approves.
    const order = await createOrder();
    await chooseBySandbox(order, 'BA_Invoice');
    const url = await checkoutUrl(order);
    const second = await page.context().newPage();
    await page.goto(url);
    await second.goto(url);
    await page.click('#approve');
    await landedAtShop(order);

    // Act: the customer clicks Approve in the stale second tab.
    const answer = second.waitForResponse((response) => response.url().endsWith('/checkout/approve'));
    await second.click('#approve');
    const status = (await answer).status();
    await second.waitForLoadState();

    // Assert: refused, order unchanged, and a link back to the shop.
    expect(status).toBe(409);
    expect(await text('#error', second)).toBe('Den här ordern väntar inte längre på dig.');
    expect((await getOrder(order)).status).toBe('Authorized');
    expect(await second.locator('#return').count(), 'a "Back to …" link on the 409 page').toBe(1);
    expect(await second.locator('#return').getAttribute('href')).toBe(returnUrlOf(order));
  });

  it('should render a pointOfSale with markup as text, on the choice and the checkout page', async () => {
    // Arrange
    const pointOfSale = '<script>alert(1)</script>Shop';
    const order = await createOrder({ pointOfSale });
    const choose = ((await redirect(order)).json as Problem).ChoosePaymentMethodUrl ?? '';

    // Act
    await page.goto(choose);
    const onChoice = await text('body');
    await page.check('input[name="choice"][value="BA_Invoice"]');
    await page.click('#choose');
    // The choice page sends the customer back to the shop's returnUrl.
    await landedAtShop(order);
    await page.goto(await checkoutUrl(order));
    const onCheckout = await text('body');

    // Assert: the text is shown literally, no element was injected, no dialog opened.
    expect(onChoice).toContain(pointOfSale);
    expect(onCheckout).toContain(pointOfSale);
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('should look like a checkout page (screenshot)', async () => {
    // Arrange
    const order = await createOrder({ pointOfSale: 'Screenshot Shop' });
    await chooseBySandbox(order, 'BA_Invoice');
    await page.goto(await checkoutUrl(order));
    const file = path.join(screenshotDir ?? os.tmpdir(), `checkout-${order.paymentOrderId}.png`);

    // Act
    await page.screenshot({ path: file, fullPage: true });
    const png = await readFile(file);

    // Assert: a PNG, and big enough to hold more than a blank page.
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5 * 1024);
    // The temp dir goes in afterAll; BNPL_KEEP_SCREENSHOT=<file> keeps a copy for a person to look at.
    if (process.env.BNPL_KEEP_SCREENSHOT) await page.screenshot({ path: process.env.BNPL_KEEP_SCREENSHOT });
  });
});
