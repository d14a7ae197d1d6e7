// The baseline of the benchmark: a bare node:http server that answers every request
// with a fixed JSON body, so its throughput is the ceiling that Node's HTTP stack itself
// allows on this machine. Run as its own process by bench/run.ts; prints
// `{"url":"http://127.0.0.1:PORT"}` on stdout once it listens.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { say } from './shared.ts';

/** A response example of a contract, by its path in the document. */
async function example(file: string, ...keys: string[]): Promise<Buffer> {
  const url = new URL(`../../spec/${file}`, import.meta.url);
  let current: unknown = parse(await readFile(url, 'utf8'));
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) break;
    current = (current as Record<string, unknown>)[key];
  }
  if (current === undefined) throw new Error(`no example at ${keys.join(' › ')} in ${url.pathname}`);
  return Buffer.from(JSON.stringify(current));
}

// The contracts' own examples, so the bytes on the wire are about the size of what the
// mocks send; serialized once, because the baseline should do no per-request work
// beyond HTTP itself: "answering the same body" as the issue puts it. GET answers the
// order, a capture its Capture (201), a settle Order Processing's SettleResponse (200).
const order = await example(
  'bnpl-payment-order.yaml',
  'paths',
  '/ledger/bnpl-payment-order/v1/{ownerNo}/bnpl-payment-orders/{paymentOrderId}',
  'get',
  'responses',
  '200',
  'content',
  'application/json',
  'examples',
  'authorized',
  'value',
);
const captured = await example(
  'bnpl-payment-order.yaml',
  'paths',
  '/ledger/bnpl-payment-order/v1/{ownerNo}/bnpl-payment-orders/{paymentOrderId}/captures',
  'post',
  'responses',
  '201',
  'content',
  'application/json',
  'examples',
  'phone',
  'value',
);
const settled = await example(
  'order-processing.yaml',
  'paths',
  '/merchant/{customerRef}/authorisation/{authorisationId}/settle',
  'post',
  'responses',
  '200',
  'content',
  'application/json',
  'examples',
  'publicSample',
  'value',
);

const server = createServer((request, response) => {
  // The body is drained rather than parsed: reading it is part of any server's work,
  // and an unread body would make keep-alive depend on Node's dump heuristics.
  request.resume();
  request.on('end', () => {
    const path = request.url ?? '';
    const [status, body] = path.endsWith('/settle')
      ? [200, settled]
      : path.endsWith('/captures')
        ? [201, captured]
        : [200, order];
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': body.length,
    });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  say({ url: `http://127.0.0.1:${port}` });
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
