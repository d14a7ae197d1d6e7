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
  | {
      readonly kind: 'json';
      readonly value: unknown /** The body as received (for the journal). */;
      readonly text: string;
    }
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
  readonly jsonText?: string | Buffer;
  /** Sent as-is with `contentType` (text/html by default). */
  readonly text?: string | Buffer;
  readonly contentType?: string;
  /** Destroy the connection instead of answering (a simulated network fault). */
  readonly drop?: boolean;
}

export interface Route {
  /** The operationId (or page name) the journal records. */
  readonly name?: string;
  /** The API the route belongs to, for the journal. */
  readonly api?: string;
  /** Who the request acts for, read from the raw request, for the journal. */
  tenant?(request: MockRequest): { readonly name: string; readonly value: string } | undefined;
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
  /** Called after every answer (for the request journal), with the matched route. */
  onResponse?(request: MockRequest, response: MockResponse, route: Route | undefined): void;
}

export const maxBodyBytes = 1024 * 1024;

const noBody = { body: { kind: 'none' }, bytes: 0 } as const;

const jsonMediaType = /^(application\/json|text\/json|application\/[^;\s]+\+json)\s*(;|$)/i;
const formMediaType = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const methods: readonly HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

type Found = ReturnType<ReturnType<typeof FindMyWay>['find']>;

/** A request on its way through: the parsed line, then the body, then the answer. */
class PendingRequest {
  readonly receivedAt = performance.now();

  constructor(
    readonly app: HttpApp,
    readonly router: ReturnType<typeof FindMyWay>,
    readonly res: ServerResponse,
    readonly found: Found,
    readonly method: string,
    readonly path: string,
    readonly headers: IncomingHttpHeaders,
    readonly search: string,
  ) {}

  dispatch(read: BodyRead): void {
    const { app, res, found, method, path } = this;
    if (read === 'too-large') {
      // Answer and close: the rest of the body is never read.
      const tooLarge = new IncomingRequest(this, { kind: 'none' }, 0);
      send(res, tooLarge, app.payloadTooLarge(tooLarge), app, undefined, true);
      return;
    }
    const incoming = new IncomingRequest(this, read.body, read.bytes);
    if (found === null) {
      const allow = methods.filter((m) => m !== method && this.router.find(m, path) !== null);
      const response = allow.length > 0 ? app.methodNotAllowed(incoming, allow) : app.notFound(incoming);
      send(res, incoming, response, app, undefined);
      return;
    }
    const route = found.store as Route;
    let answer: MockResponse | Promise<MockResponse>;
    try {
      answer = route.handle(incoming);
    } catch (error) {
      answer = app.onError(incoming, error);
    }
    if (answer instanceof Promise) {
      answer.then(
        (response) => send(res, incoming, response, app, route),
        (error: unknown) => send(res, incoming, app.onError(incoming, error), app, route),
      );
    } else send(res, incoming, answer, app, route);
  }
}

class IncomingRequest implements MockRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly receivedAt: number;
  #search: string;
  #query: URLSearchParams | undefined;

  constructor(
    pending: PendingRequest,
    readonly body: RequestBody,
    readonly bodyBytes: number,
  ) {
    this.method = pending.method;
    this.path = pending.path;
    this.headers = pending.headers;
    this.params = pending.found?.params ?? {};
    this.receivedAt = pending.receivedAt;
    this.#search = pending.search;
  }

  /** Parsed only by the few routes that read it. */
  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.#search);
    return this.#query;
  }
}

function buildRouter(app: HttpApp): ReturnType<typeof FindMyWay> {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });
  for (const route of app.routes) {
    // HEAD is GET without the body (send() leaves it out), as HTTP defines it.
    const verbs: HTTPMethod[] = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
    router.on(verbs, route.path, () => undefined, route);
  }
  return router;
}

export function createHttpServer(app: HttpApp): http.Server {
  const router = buildRouter(app);

  // No closures are made per request: tsx/esbuild wrap every function creation in a
  // naming helper, which showed up as several percent of the GET path.
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const method = (req.method ?? 'GET').toUpperCase();
    const found = router.find(method as HTTPMethod, path);
    const pending = new PendingRequest(
      app,
      router,
      res,
      found,
      method,
      path,
      req.headers,
      q === -1 ? '' : url.slice(q + 1),
    );
    readBody(req, pending);
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
  route: Route | undefined,
  close = false,
): void {
  app.onResponse?.(request, response, route);
  if (response.drop) {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string | number> =
    response.headers === undefined ? {} : { ...response.headers };
  let payload: string | Buffer | undefined;
  if (response.json !== undefined || response.jsonText !== undefined) {
    payload = response.jsonText ?? JSON.stringify(response.json);
    headers['content-type'] = response.contentType ?? 'application/json; charset=utf-8';
  } else if (response.text !== undefined) {
    payload = response.text;
    headers['content-type'] = response.contentType ?? 'text/html; charset=utf-8';
  }
  // A string goes to the socket as it is: node writes the head and a string body in one
  // piece, and no Buffer is made for it (issue 11); bytes (a cached body) as they are.
  if (payload !== undefined)
    headers['content-length'] = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (close) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(request.method === 'HEAD' ? undefined : payload);
  if (close) res.on('finish', () => res.socket?.destroy());
}

/** Reads and classifies the body; 'too-large' as soon as it passes maxBodyBytes. */
type BodyRead = { body: RequestBody; bytes: number } | 'too-large';

/** What `readBody` keeps on a request while its body arrives. */
interface BodyInProgress {
  readonly pending: PendingRequest;
  readonly contentType: string;
  chunks: Buffer[];
  size: number;
  done: boolean;
}

const inProgress = Symbol('bnpl-kit body');
type ReadingRequest = IncomingMessage & { [inProgress]?: BodyInProgress };

/**
 * Reads and classifies the body, then dispatches the request: at once when there is no
 * body to wait for (most GETs), otherwise from the request's events. The listeners are
 * shared functions reading their state from the request, not closures made per request,
 * and no promise stands between the last chunk and the handler (issue 11).
 */
function readBody(req: IncomingMessage, pending: PendingRequest): void {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > maxBodyBytes) {
    pending.dispatch('too-large');
    return;
  }
  // Fast path: a bodiless GET needs no listeners.
  if (!(declared > 0) && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    pending.dispatch(noBody);
    return;
  }
  (req as ReadingRequest)[inProgress] = {
    pending,
    contentType: req.headers['content-type'] ?? '',
    chunks: [],
    size: 0,
    done: false,
  };
  req.on('data', onBodyData);
  req.on('end', onBodyEnd);
  req.on('error', onBodyError);
}

function onBodyData(this: ReadingRequest, chunk: Buffer): void {
  const state = this[inProgress];
  if (state === undefined || state.done) return;
  state.size += chunk.length;
  if (state.size > maxBodyBytes) {
    state.done = true;
    state.chunks = [];
    state.pending.dispatch('too-large');
    return;
  }
  state.chunks.push(chunk);
}

function onBodyEnd(this: ReadingRequest): void {
  const state = this[inProgress];
  if (state === undefined || state.done) return;
  state.done = true;
  const raw = state.chunks.length === 1 ? (state.chunks[0] as Buffer) : Buffer.concat(state.chunks);
  state.pending.dispatch({ body: classify(state.contentType, raw), bytes: state.size });
}

function onBodyError(this: ReadingRequest): void {
  const state = this[inProgress];
  if (state === undefined || state.done) return;
  state.done = true;
  state.pending.res.destroy();
}

/** The Content-Type last found to be JSON: clients send the same one on every request. */
let lastJsonType = 'application/json';

function classify(contentType: string, raw: Buffer): RequestBody {
  if (raw.length === 0) return { kind: 'none' };
  if (contentType !== lastJsonType) {
    if (formMediaType.test(contentType))
      return { kind: 'form', value: new URLSearchParams(raw.toString('utf8')) };
    if (!jsonMediaType.test(contentType)) return { kind: 'unsupported', contentType };
    lastJsonType = contentType;
  }
  const text = raw.toString('utf8');
  try {
    return { kind: 'json', value: JSON.parse(text), text };
  } catch (error) {
    return { kind: 'invalid-json', message: error instanceof Error ? error.message : String(error) };
  }
}

/** A request answered in-process by `inject`, as it would arrive over HTTP. */
export interface InjectRequest {
  readonly method: string;
  /** Path and query: `/cl/merchant-gateway-service/merchant/spend-options?basketAmount=120`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A value sent as JSON (with Content-Type application/json unless given), or a raw string. */
  readonly body?: unknown;
}

export interface InjectResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body parsed, when it is JSON. */
  readonly json?: unknown;
}

/**
 * Answers requests without a socket, through the same routing, body handling,
 * handlers and journal as the server (fastify's `inject`, hono's `app.request`): for
 * tests that need no network, and for filling a store quickly.
 */
export function createInjector(app: HttpApp): (request: InjectRequest) => Promise<InjectResponse> {
  const router = buildRouter(app);
  return (request) =>
    new Promise((resolve) => {
      const q = request.path.indexOf('?');
      const path = q === -1 ? request.path : request.path.slice(0, q);
      const method = request.method.toUpperCase();
      const headers: IncomingHttpHeaders = {};
      for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
      let raw: Buffer | undefined;
      if (request.body !== undefined) {
        raw = Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
        if (typeof request.body !== 'string') headers['content-type'] ??= 'application/json';
      }
      let status = 0;
      let written: Record<string, string | number> = {};
      const res = {
        writeHead(code: number, sent: Record<string, string | number>) {
          status = code;
          written = sent;
          return res;
        },
        end(payload?: string | Buffer) {
          const body = payload === undefined ? '' : payload.toString();
          const outHeaders = Object.fromEntries(Object.entries(written).map(([k, v]) => [k, String(v)]));
          let json: unknown;
          try {
            json =
              /json/.test(outHeaders['content-type'] ?? '') && body !== '' ? JSON.parse(body) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status, headers: outHeaders, body, ...(json === undefined ? {} : { json }) });
        },
        on() {
          return res;
        },
        socket: {
          // A dropped connection (a scenario rule's `drop`) answers status 0.
          destroy() {
            resolve({ status: 0, headers: {}, body: '' });
          },
        },
      };
      const pending = new PendingRequest(
        app,
        router,
        res as unknown as ServerResponse,
        router.find(method as HTTPMethod, path),
        method,
        path,
        headers,
        q === -1 ? '' : request.path.slice(q + 1),
      );
      const bytes = raw?.length ?? 0;
      pending.dispatch(
        bytes > maxBodyBytes
          ? 'too-large'
          : {
              body:
                raw === undefined ? { kind: 'none' } : classify(String(headers['content-type'] ?? ''), raw),
              bytes,
            },
      );
    });
}

const hostPattern = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
const firstValue = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();

/**
 * The origin the client reached the mock at: a proxy's `X-Forwarded-Proto` and
 * `X-Forwarded-Host` when it sets them, else `Host`. Undefined when there is no usable
 * host (an HTTP/1.0 client, `inject` without one, a value that is not a host), so the
 * caller falls back to the listen address. Links for the customer (widgetUrl,
 * redirectUrl) and the served contracts' servers then work through a load balancer,
 * from another machine, or under `localhost`, where the listen address (`0.0.0.0`,
 * `127.0.0.1`) would not.
 */
export function reachedOrigin(headers: IncomingHttpHeaders): string | undefined {
  const host = firstValue(headers['x-forwarded-host']) ?? firstValue(headers.host);
  if (host === undefined || !hostPattern.test(host)) return undefined;
  const proto = firstValue(headers['x-forwarded-proto'])?.toLowerCase();
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
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

/** A port that was free a moment ago, for servers that cannot listen on port 0 and report it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
