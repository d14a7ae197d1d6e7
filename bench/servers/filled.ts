// The memory subject: the mock (dist/index.js, in-memory store) in a process of its own,
// filled with records through `mock.inject`, the server's own code path without a socket
// (routing, validation, rules, store, journal), never by writing the store directly.
// It creates and approves one order first, announces `{"url", "orderPath"}` for the GET
// load, then answers questions on stdin, one JSON line each:
//   {"fill": "orders" | "authorisations", "count": N}
// fills, collects garbage (node runs with --expose-gc) and answers its memory before and
// after. Progress goes out as `{"progress": n}` lines.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import {
  closeOnSigterm,
  createOrderBody,
  gbp,
  ledgerHeaders,
  loadMock,
  orderProcessingBase,
  orderProcessingHeaders,
  ordersPath,
  ownerNo,
  type RunningMock,
  say,
} from './shared.ts';

const { startMock } = await loadMock();
const mock = await startMock({ port: 0, rules: 'none', log: false });
closeOnSigterm(mock);

/** A request through the server's code path; the answer's JSON when the status is the one expected. */
async function expectInject(
  status: number,
  request: Parameters<RunningMock['inject']>[0],
): Promise<Record<string, unknown>> {
  const answer = await mock.inject(request);
  if (answer.status !== status) {
    throw new Error(
      `${request.method} ${request.path} answered ${answer.status}: ${answer.body.slice(0, 300)}`,
    );
  }
  return (answer.json ?? {}) as Record<string, unknown>;
}

// The order GET reads, before and after the fill.
const created = await expectInject(201, {
  method: 'POST',
  path: ordersPath,
  headers: ledgerHeaders,
  body: createOrderBody(100000000, 'bench'),
});
const orderId = String(created.paymentOrderId);
await expectInject(200, {
  method: 'POST',
  path: `/_sandbox/bnpl-payment-order/${ownerNo}/bnpl-payment-orders/${orderId}/approve`,
});

/** Requests in flight at once: enough to overlap the store's work, few enough to keep garbage small. */
const batch = 100;
const progressEvery = 100_000;

async function fillOrders(count: number): Promise<void> {
  for (let done = 0; done < count; ) {
    const n = Math.min(batch, count - done);
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        expectInject(201, {
          method: 'POST',
          path: ordersPath,
          headers: ledgerHeaders,
          body: createOrderBody(1000, `fill-${done + i}`),
        }),
      ),
    );
    done += n;
    if (done % progressEvery < n) say({ progress: done, of: count });
  }
}

/**
 * Authorisations of £10 each: below the test customer's SCA exemption (£30), so Initiate
 * answers Exempt and its token is valid at once, as for a real small basket. 400 per
 * customer (£4,000 of the £5,000 limit each, OP-D-24's "any other customerRef behaves like
 * 123456789 with its own credit"), each customer with its own access token.
 */
async function fillAuthorisations(count: number): Promise<void> {
  const perCustomer = 400;
  const op = orderProcessingBase;
  for (let done = 0, customer = 0; done < count; customer++) {
    const customerRef = `fill-${customer}`;
    const token = await expectInject(200, {
      method: 'POST',
      path: `/_sandbox/order-processing/customers/${customerRef}/access-token`,
    });
    const access = String(token.customerAccessToken);
    const forCustomer = Math.min(perCustomer, count - done);
    for (let made = 0; made < forCustomer; ) {
      const n = Math.min(batch, forCustomer - made);
      await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const initiated = await expectInject(200, {
            method: 'POST',
            path: `${op}/merchant/${customerRef}/initiate`,
            headers: {
              ...orderProcessingHeaders,
              'idempotency-key': randomUUID(),
              'customer-access-token': access,
            },
            body: { amount: gbp(10) },
          });
          const authorised = await expectInject(200, {
            method: 'POST',
            path: `${op}/merchant/${customerRef}/authorisation`,
            headers: {
              ...orderProcessingHeaders,
              'idempotency-key': randomUUID(),
              'customer-access-token': access,
              'sca-token': String(initiated.scaToken),
            },
            body: { amount: gbp(10), orderReference: `fill-${done + made + i}` },
          });
          if (authorised.result !== 'Authorised') {
            throw new Error(`authorisation ${done + made + i} was ${String(authorised.result)}`);
          }
        }),
      );
      made += n;
      if ((done + made) % progressEvery < n) say({ progress: done + made, of: count });
    }
    done += forCustomer;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Memory at rest: after full collections, so garbage left by the fill does not count. */
function settled() {
  gc?.();
  gc?.();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

say({ url: mock.url, orderPath: `${ordersPath}/${orderId}`, collectsGarbage: gc !== undefined });

const questions = createInterface({ input: process.stdin });
questions.on('line', (line) => {
  void (async () => {
    const question = JSON.parse(line) as { fill?: string; count?: number };
    const count = question.count ?? 0;
    const before = settled();
    const started = performance.now();
    if (question.fill === 'orders') await fillOrders(count);
    else if (question.fill === 'authorisations') await fillAuthorisations(count);
    else throw new Error(`unknown question ${line}`);
    const seconds = (performance.now() - started) / 1000;
    say({ filled: question.fill, count, seconds, before, after: settled() });
  })().catch((error: unknown) => {
    process.stderr.write(
      `filled: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
});
