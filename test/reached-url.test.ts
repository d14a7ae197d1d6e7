// Links the mock hands out (the customer's pages, the served contracts' servers, the
// index) name the address the client reached it at, not the address it listens on:
// `--host 0.0.0.0`, `localhost`, a load balancer in front of several instances.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reachedOrigin } from '../src/core/http.ts';
import { MockConfigurationError, type RunningMock, startMock } from '../src/mock/server.ts';
import {
  client,
  createBody,
  orderProcessingClient,
  ownerPath,
  redirectBody,
  sandboxPath,
} from './support/http.ts';

const merchantId = 'bf62723f-f664-4527-b95b-4dfee33e427d';

/** Creates an order and asks for its redirect, through `headers`; answers the redirect. */
async function redirectThrough(mock: RunningMock, headers: Record<string, string>) {
  const call = client(mock.url);
  const created = await call('POST', ownerPath('1'), { json: createBody(), headers });
  expect(created.status, created.text).toBe(201);
  const id = (created.body as { paymentOrderId: number }).paymentOrderId;
  const early = await call('POST', `${ownerPath('1')}/${id}/redirect`, { json: redirectBody, headers });
  const chosen = await call('POST', `${sandboxPath('1', id)}/choose`, {
    json: { profileName: 'BA_Invoice' },
  });
  expect(chosen.status, chosen.text).toBe(200);
  const redirect = await call('POST', `${ownerPath('1')}/${id}/redirect`, { json: redirectBody, headers });
  expect(redirect.status, redirect.text).toBe(200);
  return {
    chooseUrl: (early.body as { ChoosePaymentMethodUrl?: string }).ChoosePaymentMethodUrl,
    redirectUrl: (redirect.body as { redirectUrl: string }).redirectUrl,
  };
}

/** Initiates £600 for the test customer (authentication required), through `headers`; answers the widgetUrl. */
async function widgetUrlThrough(mock: RunningMock, headers: Record<string, string>) {
  const token = await client(mock.url)(
    'POST',
    '/_sandbox/order-processing/customers/123456789/access-token',
    {
      token: null,
    },
  );
  const op = orderProcessingClient(mock.url);
  const initiated = await op('POST', '/merchant/123456789/initiate', {
    merchantId,
    customerAccessToken: (token.body as { customerAccessToken: string }).customerAccessToken,
    json: { amount: { value: 600, currencyCode: 'GBP' } },
    headers,
  });
  expect(initiated.status, initiated.text).toBe(200);
  return (initiated.body as { widgetUrl: string }).widgetUrl;
}

/** Each served contract, with the path its server adds to the base URL (Order Processing's base path, OP-D-01). */
const servedFiles: Record<string, string> = {
  'bnpl-payment-order.yaml': '',
  'bnpl-payment-order.2024-10-30.yaml': '',
  'bnpl-payment-order.2026-02-17.yaml': '',
  'order-processing.yaml': '/cl/merchant-gateway-service',
  'sandbox-control.yaml': '',
};

describe('links name the address the client reached', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, rules: 'none' });
  });
  afterAll(() => mock.close());

  it('should send the customer to the host the shop called, over the scheme a proxy says', async () => {
    const viaProxy = { 'x-forwarded-host': 'checkout-mock.example:8443', 'x-forwarded-proto': 'https' };
    const { chooseUrl, redirectUrl } = await redirectThrough(mock, viaProxy);
    expect(chooseUrl).toMatch(/^https:\/\/checkout-mock\.example:8443\/_sandbox\/pages\//);
    expect(redirectUrl).toMatch(/^https:\/\/checkout-mock\.example:8443\/_sandbox\/pages\/.*\/checkout\?/);

    const viaHost = await redirectThrough(mock, { host: 'mock.internal:4010' });
    expect(viaHost.redirectUrl).toMatch(/^http:\/\/mock\.internal:4010\//);
    expect(await widgetUrlThrough(mock, { host: 'mock.internal:4010' })).toMatch(
      /^http:\/\/mock\.internal:4010\/_sandbox\/pages\/order-processing\//,
    );
  });

  it('should fall back to the listen address when the request names no usable host', async () => {
    const { redirectUrl } = await redirectThrough(mock, { 'x-forwarded-host': 'evil.example/<script>' });
    expect(redirectUrl.startsWith(`${mock.url}/`)).toBe(true);
  });

  it('should serve every contract with the server it is reached at', async () => {
    const call = client(mock.url);
    for (const [file, basePath] of Object.entries(servedFiles)) {
      const plain = await call('GET', `/openapi/${file}`, { token: null });
      expect(plain.status, file).toBe(200);
      expect((parse(plain.text) as { servers: { url: string }[] }).servers[0]?.url, file).toBe(
        `${mock.url}${basePath}`,
      );
      const proxied = await call('GET', `/openapi/${file}`, {
        token: null,
        headers: { 'x-forwarded-host': 'api.example', 'x-forwarded-proto': 'https' },
      });
      expect((parse(proxied.text) as { servers: { url: string }[] }).servers[0]?.url, file).toBe(
        `https://api.example${basePath}`,
      );
    }
    const index = await call('GET', '/', { token: null, headers: { host: 'mock.internal:4010' } });
    expect((index.body as { docs: string }).docs).toBe('http://mock.internal:4010/docs');
  });
});

describe('publicUrl', () => {
  it('should write the configured public URL into every link, whatever the request says', async () => {
    const mock = await startMock({ port: 0, rules: 'none', publicUrl: 'https://sandbox.shop.example/mock/' });
    try {
      const { redirectUrl } = await redirectThrough(mock, { host: 'mock.internal:4010' });
      expect(redirectUrl).toMatch(/^https:\/\/sandbox\.shop\.example\/mock\/_sandbox\/pages\//);
      expect(await widgetUrlThrough(mock, {})).toMatch(/^https:\/\/sandbox\.shop\.example\/mock\/_sandbox\//);
      const contract = await client(mock.url)('GET', '/openapi/order-processing.yaml', { token: null });
      expect((parse(contract.text) as { servers: { url: string }[] }).servers[0]?.url).toBe(
        'https://sandbox.shop.example/mock/cl/merchant-gateway-service',
      );
    } finally {
      await mock.close();
    }
  });

  it('should refuse a public URL that is not an http(s) URL without query, fragment or credentials', async () => {
    for (const publicUrl of [
      'sandbox.example',
      'ftp://sandbox.example',
      'https://a.example/?x=1',
      'https://u:p@a.example',
    ]) {
      await expect(startMock({ port: 0, rules: 'none', publicUrl }), publicUrl).rejects.toThrow(
        MockConfigurationError,
      );
    }
  });
});

describe('reachedOrigin', () => {
  it('should read a proxy’s forwarded host and scheme first, then Host, and nothing that is not a host', () => {
    expect(reachedOrigin({ host: 'a.example:1' })).toBe('http://a.example:1');
    expect(reachedOrigin({ host: '[::1]:4010' })).toBe('http://[::1]:4010');
    expect(reachedOrigin({ host: 'a.example', 'x-forwarded-proto': 'HTTPS' })).toBe('https://a.example');
    expect(reachedOrigin({ host: 'a.example', 'x-forwarded-host': 'lb.example, a.example' })).toBe(
      'http://lb.example',
    );
    expect(reachedOrigin({ host: 'a.example', 'x-forwarded-proto': 'gopher' })).toBe('http://a.example');
    expect(reachedOrigin({})).toBeUndefined();
    expect(reachedOrigin({ host: 'a.example/path' })).toBeUndefined();
    expect(reachedOrigin({ host: 'a b' })).toBeUndefined();
  });
});
