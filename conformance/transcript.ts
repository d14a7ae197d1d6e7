// What happened on the wire, in order: HTTP exchanges and the customer's steps
// (adapter calls), numbered as they were made. Failures carry the transcript that
// led to them; reports render it. No I/O here.
import type { AdapterStep } from './report/types.ts';

export type { AdapterStep };

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent, relative to the target's base URL. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface RecordedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body parsed as JSON, when it is JSON. */
  readonly json?: unknown;
}

export interface HttpExchange {
  readonly kind: 'http';
  readonly n: number;
  /** The spec operation the request targets (undefined for probes outside the spec). */
  readonly operationId: string | undefined;
  /** Requests sent together in a concurrent burst share a group. */
  readonly parallelGroup?: number;
  readonly request: RecordedRequest;
  readonly response?: RecordedResponse;
  /** Transport failure (no response). */
  readonly error?: string;
  readonly durationMs: number;
}

export interface CustomerStep {
  readonly kind: 'customer';
  readonly n: number;
  readonly step: 'choosePaymentMethod' | 'authorize' | 'reject' | 'fail';
  readonly paymentOrderId: number;
  readonly profileName: string;
  readonly subProfileName?: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly durationMs: number;
}

/** An HTTP exchange, a bnpl-payment-order customer step, or an Order Processing adapter step. */
export type TranscriptEntry = HttpExchange | CustomerStep | AdapterStep;

/**
 * A numbered log of one scenario. A number is reserved when a request is sent, so
 * a burst of parallel requests reads in the order it was sent, not answered.
 */
export class Transcript {
  readonly #entries: TranscriptEntry[] = [];
  #next = 1;

  get entries(): readonly TranscriptEntry[] {
    return this.#entries;
  }

  reserve(): number {
    return this.#next++;
  }

  add<E extends TranscriptEntry>(entry: E): E {
    const at = this.#entries.findIndex((e) => e.n > entry.n);
    if (at === -1) this.#entries.push(entry);
    else this.#entries.splice(at, 0, entry);
    return entry;
  }
}

/** The media type of a Content-Type header, without parameters, lower case. */
export function mediaTypeOf(headers: Readonly<Record<string, string>>): string | undefined {
  const value = headers['content-type'];
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(';')[0]?.trim().toLowerCase();
}

/** A JSON object body, or undefined. */
export function jsonObject(response: RecordedResponse | undefined): Record<string, unknown> | undefined {
  const json = response?.json;
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined;
}
