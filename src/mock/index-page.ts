// The mock's front door: `GET /` names each API served (its revision, where it is
// reached, its contract), the reference page and the sandbox, as HTML for a browser
// and JSON for anything else; and `/favicon.ico`, so a browser's first request is
// not a 404. Both are built once from what the modules say about themselves.
import type { MountedApi } from '../core/api-module.ts';
import { escapeHtml } from '../core/html.ts';
import type { MockRequest, MockResponse, Route } from '../core/http.ts';

export function indexRoutes(
  mounted: readonly MountedApi[],
  baseUrlOf: (request: MockRequest) => string,
): Route[] {
  const entries = mounted.map((m) => m.about);
  const json = (base: string) => ({
    name: 'bnpl-kit mock',
    apis: entries.map((e) => ({
      ...e,
      base: `${base}${e.base}`,
      contract: `${base}${e.contract}`,
    })),
    docs: `${base}/docs`,
    sandbox: {
      contract: `${base}/openapi/sandbox-control.yaml`,
      reset: `${base}/_sandbox/reset`,
      requests: `${base}/_sandbox/requests`,
      triggers: `${base}/_sandbox/triggers`,
    },
  });
  const html = (base: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bnpl-kit mock</title>
<link rel="icon" href="/favicon.ico">
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
code{background:#f1f1f4;padding:.1rem .3rem;border-radius:4px}li{margin:.4rem 0}</style></head>
<body><h1>bnpl-kit mock</h1>
<p>A stateful mock of these APIs, with the customer simulated. Nothing here moves real money.</p>
<h2>APIs</h2><ul>
${entries
  .map(
    (e) =>
      `<li><strong>${escapeHtml(e.title)}</strong> (revision ${escapeHtml(e.revision)}) at <code>${escapeHtml(base + e.base)}</code> · <a href="${escapeHtml(e.contract)}">contract</a></li>`,
  )
  .join('\n')}
</ul>
<h2>More</h2><ul>
<li><a href="/docs">API reference</a> (try requests against this mock)</li>
<li><a href="/openapi/sandbox-control.yaml">Sandbox control contract</a>: reset state, the customer's steps, the request journal</li>
<li><a href="/_sandbox/requests">Request journal</a> · <a href="/_sandbox/triggers">Scenario triggers</a></li>
</ul></body></html>`;
  const wantsHtml = (request: MockRequest) => /\btext\/html\b/.test(String(request.headers.accept ?? ''));
  return [
    {
      name: 'index',
      method: 'GET',
      path: '/',
      handle: (request): MockResponse => {
        const base = baseUrlOf(request);
        return wantsHtml(request) ? { status: 200, text: html(base) } : { status: 200, json: json(base) };
      },
    },
    {
      name: 'favicon',
      method: 'GET',
      path: '/favicon.ico',
      handle: () => ({
        status: 200,
        text: favicon,
        contentType: 'image/x-icon',
        headers: { 'cache-control': 'public, max-age=86400' },
      }),
    },
  ];
}

/**
 * A 16×16 icon in the ICO format (one 32-bit BMP image): a dark rounded tile with a
 * light bar, drawn here rather than shipped as a binary file.
 */
export const favicon: Buffer = (() => {
  const size = 16;
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const corner = (x === 0 || x === size - 1) && (y === 0 || y === size - 1);
      const bar = y >= 6 && y <= 9 && x >= 3 && x <= 12;
      // BMP rows go bottom-up, pixels are BGRA.
      const at = ((size - 1 - y) * size + x) * 4;
      const [b, g, r, a] = corner ? [0, 0, 0, 0] : bar ? [206, 244, 255, 255] : [31, 27, 27, 255];
      pixels.writeUInt8(b, at);
      pixels.writeUInt8(g, at + 1);
      pixels.writeUInt8(r, at + 2);
      pixels.writeUInt8(a, at + 3);
    }
  }
  const mask = Buffer.alloc(size * 4); // all opaque; alpha does the rest
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(size, 4);
  info.writeInt32LE(size * 2, 8); // XOR image and AND mask
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  info.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([info, pixels, mask]);
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, image]);
})();
