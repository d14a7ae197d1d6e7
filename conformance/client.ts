// The kit's HTTP client (undici): sends one request to the target and records the
// exchange in a transcript, whatever happens. HTTP errors are data here; only a
// transport failure leaves an exchange without a response. Bursts use one
// connection per request, so the target really sees them concurrently.
import { Client, type Dispatcher, Pool } from 'undici';
import type { HttpExchange, RecordedRequest, RecordedResponse, Transcript } from './transcript.ts';

export interface OutgoingRequest {
  readonly operationId: string | undefined;
  readonly method: string;
  /** Path and query relative to the base URL, starting with '/'. */
  readonly path: string;
  /**
   * 'token' (the default) sends `Bearer <token>` when the client has a token; 'none'
   * sends no Authorization; `raw` is sent as is.
   */
  readonly authorization?: 'token' | 'none' | { readonly raw: string };
  /** Further headers, by name (Order Processing's context and token headers). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: { readonly json: unknown } | { readonly raw: string; readonly contentType?: string };
}

export interface ClientOptions {
  readonly baseUrl: string;
  /** bnpl-payment-order's bearer token; Order Processing sends none. */
  readonly token?: string;
  /** Per request: time to the response headers and between body chunks. */
  readonly timeoutMs?: number;
}

export class HttpClient {
  readonly #origin: string;
  readonly #prefix: string;
  readonly #token: string;
  readonly #timeoutMs: number;
  /** Header values kept out of transcripts and reports, with what shows instead. */
  readonly #secrets = new Map<string, string>();
  readonly #pool: Pool;
  #group = 0;

  constructor(options: ClientOptions) {
    const url = new URL(options.baseUrl);
    this.#origin = url.origin;
    // A base URL may carry a path prefix (https://vendor.example/api); keep it without the trailing slash.
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#token = options.token ?? '';
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#pool = new Pool(this.#origin, {
      connections: 4,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
  }

  get baseUrl(): string {
    return this.#origin + this.#prefix;
  }

  /** Keeps a credential (a subscription key, a customer's access token) out of every transcript. */
  redact(value: string, shown: string): void {
    if (value !== '') this.#secrets.set(value, shown);
  }

  /** Sends one request over the shared keep-alive pool. */
  send(transcript: Transcript, request: OutgoingRequest): Promise<HttpExchange> {
    return this.#send(transcript, transcript.reserve(), request, this.#pool, undefined);
  }

  /**
   * Sends the requests at once, each on its own new connection, and waits for all.
   * The transcript numbers them in the order given.
   */
  async burst(transcript: Transcript, requests: readonly OutgoingRequest[]): Promise<HttpExchange[]> {
    const group = ++this.#group;
    const clients = requests.map(
      () =>
        new Client(this.#origin, {
          headersTimeout: this.#timeoutMs,
          bodyTimeout: this.#timeoutMs,
          pipelining: 0,
        }),
    );
    // Every request is issued in the same tick on its own connection, so none waits for another.
    const numbers = requests.map(() => transcript.reserve());
    try {
      return await Promise.all(
        requests.map((request, i) =>
          this.#send(transcript, numbers[i] as number, request, clients[i] as Client, group),
        ),
      );
    } finally {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #send(
    transcript: Transcript,
    n: number,
    outgoing: OutgoingRequest,
    dispatcher: Dispatcher,
    parallelGroup: number | undefined,
  ): Promise<HttpExchange> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    const authorization = outgoing.authorization ?? 'token';
    if (authorization === 'token') {
      if (this.#token !== '') headers.authorization = `Bearer ${this.#token}`;
    } else if (authorization !== 'none') headers.authorization = authorization.raw;
    for (const [name, value] of Object.entries(outgoing.headers ?? {})) headers[name.toLowerCase()] = value;
    let body: string | undefined;
    if (outgoing.body !== undefined) {
      if ('json' in outgoing.body) {
        body = JSON.stringify(outgoing.body.json);
        headers['content-type'] = 'application/json';
      } else {
        body = outgoing.body.raw;
        if (outgoing.body.contentType !== undefined) headers['content-type'] = outgoing.body.contentType;
      }
    }
    const recorded: RecordedRequest = {
      method: outgoing.method,
      path: outgoing.path,
      headers: this.#redact(headers),
      ...(body === undefined ? {} : { body }),
    };
    const started = performance.now();
    const base = {
      kind: 'http' as const,
      n,
      operationId: outgoing.operationId,
      ...(parallelGroup === undefined ? {} : { parallelGroup }),
      request: recorded,
    };
    try {
      const response = await dispatcher.request({
        origin: this.#origin,
        path: this.#prefix + outgoing.path,
        method: outgoing.method as Dispatcher.HttpMethod,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.body.text();
      const exchange: HttpExchange = {
        ...base,
        response: recordResponse(response.statusCode, response.headers, text),
        durationMs: elapsed(started),
      };
      return transcript.add(exchange);
    } catch (error) {
      return transcript.add({ ...base, error: describeError(error), durationMs: elapsed(started) });
    }
  }

  /**
   * The configured token stays out of transcripts and reports wherever it appears in
   * Authorization, and so does any header whose whole value is a redacted credential.
   */
  #redact(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] =
        name === 'authorization' && this.#token !== ''
          ? value.replaceAll(this.#token, '<token>')
          : (this.#secrets.get(value) ?? value);
    }
    return out;
  }
}

function recordResponse(
  status: number,
  raw: Record<string, string | string[] | undefined>,
  body: string,
): RecordedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  let json: unknown;
  let parsed = false;
  if (body.trim() !== '') {
    try {
      json = JSON.parse(body);
      parsed = true;
    } catch {
      // Not JSON: the content checks say so.
    }
  }
  return { status, headers, body, ...(parsed ? { json } : {}) };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
