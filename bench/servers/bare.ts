// The baseline of the benchmark: a bare node:http server that answers every request
// with one fixed JSON body, so its throughput is the ceiling that Node's HTTP stack
// itself allows on this machine. Run as its own child process by bench/run.ts; prints
// `{"url":"http://127.0.0.1:PORT"}` on stdout once it listens.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const specFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../spec/bnpl-payment-order.yaml',
);

// The body is the spec's own GET 200 example, so the bytes on the wire are about the
// size of what the mocks send; it is serialized once, because the baseline should do
// no per-request work beyond HTTP itself.
const document: unknown = parse(await readFile(specFile, 'utf8'));
const example = pick(
  document,
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
if (example === undefined) throw new Error(`no GET 200 example "authorized" in ${specFile}`);
const body = Buffer.from(JSON.stringify(example));

const server = createServer((request, response) => {
  // The body is drained rather than parsed: reading it is part of any server's work,
  // and an unread body would make keep-alive depend on Node's dump heuristics.
  request.resume();
  request.on('end', () => {
    response.writeHead(request.method === 'POST' ? 201 : 200, {
      'content-type': 'application/json',
      'content-length': body.length,
    });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});

function pick(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
