// One scenario's connection to the target: sends requests through the shared
// client into the scenario's own transcript, runs the contract checks on every
// answer, and drives the customer's steps through the adapter. Suites judge what
// comes back; the session only records and tallies.
import type { Adapter } from './adapter.ts';
import { judgeContract } from './checks/index.ts';
import type { HttpClient, OutgoingRequest } from './client.ts';
import type { Failure, Recorder } from './results.ts';
import type { KitSpec } from './spec.ts';
import type { Target } from './target.ts';
import { type CustomerStep, type HttpExchange, Transcript } from './transcript.ts';

/** Everything a run shares across suites and scenarios. */
export interface Kit {
  readonly spec: KitSpec;
  readonly client: HttpClient;
  readonly target: Target;
  readonly adapter: Adapter;
  readonly recorder: Recorder;
  /** Problem Instances seen in the whole run (BPO-PB-006). */
  readonly instances: Map<string, number>;
  /** Requests sent, for the report; seller ids made, so every one is new in the run (D-07 repeats are deliberate). */
  readonly counters: { requests: number; sellerIds: number };
  /** A token unique to the run, in every seller id the kit makes, so runs never collide. */
  readonly nonce: string;
  /** SHOULD failures fail the run (--strict); otherwise they are warnings. */
  readonly strict: boolean;
}

export interface Answer {
  readonly exchange: HttpExchange;
  /** Contract failures on this exchange (already tallied as evaluations when they passed). */
  readonly failures: readonly Failure[];
}

export class Session {
  readonly transcript = new Transcript();

  constructor(readonly kit: Kit) {}

  get spec(): KitSpec {
    return this.kit.spec;
  }

  get target(): Target {
    return this.kit.target;
  }

  /** A fresh id for seller-side identifiers (sellerAuthorizationId, sellerTransactionId). */
  sellerId(kind: string): string {
    this.kit.counters.sellerIds += 1;
    return `kit-${this.kit.nonce}-${kind}-${this.kit.counters.sellerIds}`;
  }

  /**
   * Sends one request and runs the contract checks on the answer.
   * `alsoAccepted`: undocumented statuses a decision accepts for this request.
   */
  async send(request: OutgoingRequest, alsoAccepted: readonly number[] = []): Promise<Answer> {
    const exchange = await this.kit.client.send(this.transcript, request);
    this.kit.counters.requests += 1;
    return { exchange, failures: this.#judge(exchange, alsoAccepted) };
  }

  /** Sends the requests at once over separate connections. */
  async burst(requests: readonly OutgoingRequest[], alsoAccepted: readonly number[] = []): Promise<Answer[]> {
    const exchanges = await this.kit.client.burst(this.transcript, requests);
    this.kit.counters.requests += exchanges.length;
    return exchanges.map((exchange) => ({ exchange, failures: this.#judge(exchange, alsoAccepted) }));
  }

  /** Has the adapter do the customer's step; the entry says whether it succeeded. */
  async customer(
    step: CustomerStep['step'],
    paymentOrderId: number,
    choice: { readonly profileName: string; readonly subProfileName?: string | undefined },
  ): Promise<CustomerStep> {
    const n = this.transcript.reserve();
    const started = performance.now();
    const ctx = {
      baseUrl: this.kit.client.baseUrl,
      ownerNo: this.target.ownerNo,
      token: this.target.token,
      paymentOrderId,
      profileName: choice.profileName,
      ...(choice.subProfileName === undefined ? {} : { subProfileName: choice.subProfileName }),
    };
    const base = {
      kind: 'customer' as const,
      n,
      step,
      paymentOrderId,
      profileName: choice.profileName,
      ...(choice.subProfileName === undefined ? {} : { subProfileName: choice.subProfileName }),
    };
    try {
      const action = this.kit.adapter[step];
      if (action === undefined) throw new Error(`the adapter has no ${step}`);
      await action.call(this.kit.adapter, ctx);
      return this.transcript.add({ ...base, ok: true, durationMs: elapsed(started) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return this.transcript.add({ ...base, ok: false, error: message, durationMs: elapsed(started) });
    }
  }

  #judge(exchange: HttpExchange, alsoAccepted: readonly number[]): readonly Failure[] {
    const judgement = judgeContract(
      { spec: this.spec, alsoAccepted, instances: this.kit.instances },
      exchange,
    );
    const failed = new Set(judgement.failures.map((f) => f.checkId));
    for (const id of judgement.evaluated) if (!failed.has(id)) this.kit.recorder.evaluated(id);
    return judgement.failures;
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
