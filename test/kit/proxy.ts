// A small proxy in front of the mock, for behaviour the mock's `faults` seam cannot
// reach: the mock validates requests (and answers auth, size and media-type problems)
// before its handlers run. Rules may answer a request themselves, rewrite its JSON
// body or its headers before forwarding, or rewrite the mock's answer; a rule may be
// async (and call the mock itself). Test code only.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface Incoming {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** The request's headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly body: unknown;
}

export interface Reply {
  readonly status: number;
  /** Parsed JSON when the answer is JSON, else the raw text. */
  readonly body: unknown;
  readonly contentType?: string;
  /** The mock's headers a rule may read (allow, idempotent-replayed, …). */
  readonly headers?: Readonly<Record<string, string>>;
}

type Maybe<T> = T | undefined | Promise<T | undefined>;

export interface ProxyRules {
  /**
   * Answer instead of the mock, or forward another JSON body and/or other headers
   * (a header set to '' is left out); undefined forwards unchanged.
   */
  request?(
    incoming: Incoming,
  ): Maybe<
    | { readonly answer: Reply }
    | { readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  >;
  /** Rewrite the mock's answer; undefined keeps it. */
  response?(incoming: Incoming, reply: Reply): Maybe<Partial<Reply>>;
}

export interface Proxy {
  readonly url: string;
  close(): Promise<void>;
}

export async function startProxy(upstream: string, rules: ProxyRules): Promise<Proxy> {
  const server = createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      const contentType = req.headers['content-type'];
      const requestHeaders = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([name, value]) =>
            !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name) &&
            value !== undefined,
        ),
      ) as Record<string, string>;
      const incoming: Incoming = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: requestHeaders,
        contentType,
        body: parseJson(raw),
      };
      const decided = await rules.request?.(incoming);
      let reply: Reply & { headers: Record<string, string> };
      if (decided !== undefined && 'answer' in decided) {
        reply = { ...decided.answer, headers: {} };
      } else {
        const body = decided?.body === undefined ? raw : Buffer.from(JSON.stringify(decided.body));
        const headers: Record<string, string> = { ...requestHeaders };
        for (const [name, value] of Object.entries(decided?.headers ?? {})) {
          if (value === '') delete headers[name.toLowerCase()];
          else headers[name.toLowerCase()] = value;
        }
        const forwarded = await request(`${upstream}${incoming.path}`, {
          method: incoming.method as 'GET',
          headers,
          ...(body.length === 0 ? {} : { body }),
        });
        const text = await forwarded.body.text();
        const type = forwarded.headers['content-type'];
        const kept: Record<string, string> = {};
        for (const name of ['allow', 'x-bnpl-kit-rule', 'idempotent-replayed', 'retry-after']) {
          const value = forwarded.headers[name];
          if (typeof value === 'string') kept[name] = value;
        }
        reply = {
          status: forwarded.statusCode,
          body:
            typeof type === 'string' && type.includes('json') ? (parseJson(Buffer.from(text)) ?? text) : text,
          ...(typeof type === 'string' ? { contentType: type } : {}),
          headers: kept,
        };
      }
      const rewritten = await rules.response?.(incoming, reply);
      const final = rewritten === undefined ? reply : { ...reply, ...rewritten };
      const payload =
        final.body === undefined || final.body === ''
          ? ''
          : typeof final.body === 'string'
            ? final.body
            : JSON.stringify(final.body);
      res.writeHead(final.status, {
        ...final.headers,
        ...(payload === '' ? {} : { 'content-type': final.contentType ?? 'application/json' }),
      });
      res.end(payload);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

/** Whether a reply is a problem (an error with a JSON object body). */
export function isProblem(reply: Reply): reply is Reply & { body: Record<string, unknown> } {
  return (
    reply.status >= 400 && typeof reply.body === 'object' && reply.body !== null && !Array.isArray(reply.body)
  );
}

/** The spec operation a request targets, from its path. */
export function operationOf(incoming: Incoming): string | undefined {
  const path = incoming.path.split('?')[0] ?? '';
  if (!path.startsWith('/ledger/bnpl-payment-order/')) return undefined;
  if (incoming.method === 'GET') return 'getBnplPaymentOrder';
  if (path.endsWith('/bnpl-payment-orders')) return 'createBnplPaymentOrder';
  for (const [suffix, operationId] of [
    ['/captures', 'createCapture'],
    ['/reversals', 'createReversal'],
    ['/redirect', 'redirect'],
    ['/cancel-authorize', 'createCancelAuthorize'],
  ] as const) {
    if (path.endsWith(suffix)) return operationId;
  }
  return undefined;
}

/** The Order Processing operation a request targets, from its path. */
export function orderProcessingOperationOf(incoming: Incoming): string | undefined {
  const path = incoming.path.split('?')[0] ?? '';
  const base = '/cl/merchant-gateway-service/merchant/';
  if (!path.startsWith(base)) return undefined;
  const rest = path.slice(base.length).split('/');
  if (incoming.method === 'GET')
    return rest[0] === 'spend-options' ? 'SpendOptionsForProduct' : 'SpendOptionsForCustomerRef';
  const last = rest[rest.length - 1];
  switch (last) {
    case 'initiate':
      return 'Initiate';
    case 'authorisation':
      return 'Authorise';
    case 'upward-adjustment':
      return 'UpwardAdjustment';
    case 'settle':
      return 'Settle';
    case 'reverse':
      return 'Reverse';
    case 'refund':
      return 'Refund';
    default:
      return undefined;
  }
}
