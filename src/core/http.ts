// The HTTP edge: a thin node:http adapter around a route table. It owns reading a
// request body (bounded), recognising its media type, routing (find-my-way), and
// writing the response; every decision about what to answer belongs to the
// handlers. A handler's exception becomes `onError`'s answer, never a dropped
// connection or a hang.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

/** A request body, classified once at the edge. */
export type RequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'invalid-json'; readonly message: string }
  | { readonly kind: 'form'; readonly value: URLSearchParams }
  | { readonly kind: 'unsupported'; readonly contentType: string };

export interface MockRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly body: RequestBody;
  /** The size of the raw body in bytes. */
  readonly bodyBytes: number;
  /** performance.now() when the request arrived. */
  readonly receivedAt: number;
}

export interface MockResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON with `contentType` (application/json by default). */
  readonly json?: unknown;
  /** Already-serialised JSON, sent as-is (a cached body). */
  readonly jsonText?: string;
  /** Sent as-is with `contentType` (text/html by default). */
  readonly text?: string | Buffer;
  readonly contentType?: string;
  /** Destroy the connection instead of answering (a simulated network fault). */
  readonly drop?: boolean;
}

export interface Route {
  /** The operationId (or page name) the journal records. */
  readonly name?: string;
  readonly method: HTTPMethod;
  /** find-my-way syntax: `/orders/:id`. */
  readonly path: string;
  handle(request: MockRequest): MockResponse | Promise<MockResponse>;
}

export interface HttpApp {
  readonly routes: readonly Route[];
  notFound(request: MockRequest): MockResponse;
  methodNotAllowed(request: MockRequest, allow: readonly string[]): MockResponse;
  payloadTooLarge(request: MockRequest): MockResponse;
  /** The answer when a handler throws: a bug in the mock, reported as a 500 problem. */
  onError(request: MockRequest, error: unknown): MockResponse;
  /** Called after every answer (for the request journal); `route` is the matched route's name. */
  onResponse?(request: MockRequest, response: MockResponse, route: string | undefined): void;
}

export const maxBodyBytes = 1024 * 1024;

const jsonMediaType = /^(application\/json|text\/json|application\/[^;\s]+\+json)\s*(;|$)/i;
const formMediaType = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const methods: readonly HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

type Handler = (request: MockRequest) => MockResponse | Promise<MockResponse>;

export function createHttpServer(app: HttpApp): http.Server {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });
  for (const route of app.routes) {
    router.on(route.method, route.path, () => undefined, { handle: route.handle, name: route.name });
  }

  const server = http.createServer((req, res) => {
    const receivedAt = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    const found = router.find(method as HTTPMethod, path);
    const base = { method, path, query, headers: req.headers, receivedAt };

    readBody(req).then(
      (body) => {
        const params = found?.params ?? {};
        if (body === 'too-large') {
          // Answer and close: the rest of the body is never read.
          const request: MockRequest = { ...base, params, body: { kind: 'none' }, bodyBytes: 0 };
          return send(res, request, app.payloadTooLarge(request), app, undefined, true);
        }
        const request: MockRequest = { ...base, params, body: body.body, bodyBytes: body.bytes };
        if (found === null) {
          const allow = methods.filter((m) => m !== method && router.find(m, path) !== null);
          const response = allow.length > 0 ? app.methodNotAllowed(request, allow) : app.notFound(request);
          return send(res, request, response, app, undefined);
        }
        const { handle, name } = found.store as { handle: Handler; name: string | undefined };
        let answer: MockResponse | Promise<MockResponse>;
        try {
          answer = handle(request);
        } catch (error) {
          answer = app.onError(request, error);
        }
        if (answer instanceof Promise) {
          answer.then(
            (response) => send(res, request, response, app, name),
            (error: unknown) => send(res, request, app.onError(request, error), app, name),
          );
        } else send(res, request, answer, app, name);
      },
      () => res.destroy(),
    );
  });
  // A client that stalls mid-request is cut off rather than held open forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

function send(
  res: ServerResponse,
  request: MockRequest,
  response: MockResponse,
  app: HttpApp,
  route: string | undefined,
  close = false,
): void {
  app.onResponse?.(request, response, route);
  if (response.drop) {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string | number> = { ...response.headers };
  let payload: string | Buffer | undefined;
  if (response.json !== undefined || response.jsonText !== undefined) {
    payload = response.jsonText ?? JSON.stringify(response.json);
    headers['content-type'] = response.contentType ?? 'application/json; charset=utf-8';
  } else if (response.text !== undefined) {
    payload = response.text;
    headers['content-type'] = response.contentType ?? 'text/html; charset=utf-8';
  }
  if (payload !== undefined) headers['content-length'] = Buffer.byteLength(payload);
  if (close) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(request.method === 'HEAD' ? undefined : payload);
  if (close) res.on('finish', () => res.socket?.destroy());
}

/** Reads and classifies the body; 'too-large' as soon as it passes maxBodyBytes. */
function readBody(req: IncomingMessage): Promise<{ body: RequestBody; bytes: number } | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > maxBodyBytes) return Promise.resolve('too-large');
  const contentType = req.headers['content-type'] ?? '';
  // Fast path: a bodiless GET needs no listeners.
  if (!(declared > 0) && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return Promise.resolve({ body: classify(contentType, Buffer.alloc(0)), bytes: 0 });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        done = true;
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve({ body: classify(contentType, Buffer.concat(chunks)), bytes: size });
      }
    });
    req.on('error', (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
  });
}

function classify(contentType: string, raw: Buffer): RequestBody {
  if (raw.length === 0) return { kind: 'none' };
  if (formMediaType.test(contentType))
    return { kind: 'form', value: new URLSearchParams(raw.toString('utf8')) };
  if (!jsonMediaType.test(contentType)) return { kind: 'unsupported', contentType };
  try {
    return { kind: 'json', value: JSON.parse(raw.toString('utf8')) };
  } catch (error) {
    return { kind: 'invalid-json', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Listens and resolves with the base URL (port 0 picks a free port). */
export function listen(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

/** Closes the server, ending idle keep-alive connections so close() cannot hang. */
export function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}
