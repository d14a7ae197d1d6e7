// A fault in front of the mock, for bugs `faults.respond` cannot reach: the mock
// validates requests before its handlers (and before `respond`), so an
// implementation that accepts an invalid request is simulated by a small proxy
// that answers such requests itself and forwards everything else unchanged.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

/** Answers a request instead of the mock, or returns undefined to forward it. */
export type RequestFault = (incoming: {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}) => { readonly status: number; readonly body: unknown } | undefined;

export interface FaultyProxy {
  readonly url: string;
  close(): Promise<void>;
}

export async function startFaultyProxy(upstream: string, fault: RequestFault): Promise<FaultyProxy> {
  const server = createServer(async (incoming, outgoing) => {
    try {
      const text = await readBody(incoming);
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      const method = incoming.method ?? 'GET';
      const path = incoming.url ?? '/';
      const answer = fault({ method, path, body });
      if (answer !== undefined) {
        outgoing
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.body));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(incoming.headers).filter(
          ([name, value]) => name !== 'host' && name !== 'connection' && value !== undefined,
        ),
      ) as Record<string, string>;
      const forwarded = await request(`${upstream}${path}`, {
        method: method as 'GET',
        headers,
        ...(text === '' ? {} : { body: text }),
      });
      const reply = await forwarded.body.text();
      const contentType = forwarded.headers['content-type'];
      outgoing
        .writeHead(
          forwarded.statusCode,
          typeof contentType === 'string' ? { 'content-type': contentType } : {},
        )
        .end(reply);
    } catch (error) {
      outgoing.writeHead(502).end(String(error));
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

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

/** An amount of 0 accepted: a capture of 0 answers 201 as if it had been captured. */
export const zeroAmountAccepted: RequestFault = ({ method, path, body }) => {
  const capture = body as { amount?: unknown; currency?: unknown } | undefined;
  if (method !== 'POST' || !path.endsWith('/captures') || capture?.amount !== 0) return undefined;
  return { status: 201, body: { ...capture, captureId: 1 } };
};
