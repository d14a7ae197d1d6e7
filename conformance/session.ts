// One scenario's connection to the target: sends requests through the shared
// client into the scenario's own transcript, runs the API's contract checks on every
// answer, and (bnpl-payment-order) drives the customer's steps through the adapter.
// Suites judge what comes back; the session only records and tallies.
import type { Adapter } from './adapter.ts';
import { judgeContract } from './checks/index.ts';
import type { ContractDialect, ContractSpec } from './checks/types.ts';
import type { HttpClient, OutgoingRequest } from './client.ts';
import type { SetupFailure } from './engine.ts';
import type { Failure, Recorder } from './results.ts';
import type { KitSpec } from './spec.ts';
import type { Target } from './target.ts';
import { type CustomerStep, type HttpExchange, Transcript } from './transcript.ts';

/** What a run shares across suites and scenarios, whatever the API. */
export interface KitCore {
  readonly spec: ContractSpec & { section(operationId: string | undefined): string | undefined };
  /** Where the implementation is and as whom the kit acts. */
  readonly target: { readonly baseUrl: string };
  /** The API's contract checks. */
  readonly dialect: ContractDialect;
  readonly client: HttpClient;
  readonly recorder: Recorder;
  /** Problem instances seen in the whole run (BPO-PB-006, OP-PB-005). */
  readonly instances: Map<string, number>;
  /** Requests sent, for the report; seller ids made, so every one is new in the run (D-07 repeats are deliberate). */
  readonly counters: { requests: number; sellerIds: number };
  /** A token unique to the run, in every id the kit makes, so runs never collide. */
  readonly nonce: string;
  /** SHOULD failures fail the run (--strict); otherwise they are warnings. */
  readonly strict: boolean;
  /** Suites that could not bring the target into the state their checks need. */
  readonly setupFailures: SetupFailure[];
}

/** bnpl-payment-order's run. */
export interface Kit extends KitCore {
  readonly spec: KitSpec;
  readonly target: Target;
  readonly adapter: Adapter;
}

export interface Answer {
  readonly exchange: HttpExchange;
  /** Contract failures on this exchange (already tallied as evaluations when they passed). */
  readonly failures: readonly Failure[];
}

export interface SendOptions {
  /** Undocumented statuses a decision accepts for this request. */
  readonly alsoAccepted?: readonly number[];
  /** The request repeats an earlier one with the same idempotency key (its answer may repeat the first's instance). */
  readonly replay?: boolean;
  /**
   * The request lies outside the contract (a method its path does not take; sent
   * without an operationId). An answer that is an error is judged as a problem of this
   * operation, whatever its status: "All errors from the api are returned in the form
   * of problems". Any other answer is judged only for having come: nothing documents it.
   */
  readonly outsideOf?: string;
}

export class Session<K extends KitCore = Kit> {
  readonly transcript = new Transcript();

  constructor(readonly kit: K) {}

  get spec(): K['spec'] {
    return this.kit.spec;
  }

  get target(): K['target'] {
    return this.kit.target;
  }

  /** A fresh id for seller-side identifiers (sellerAuthorizationId, sellerTransactionId). */
  sellerId(kind: string): string {
    this.kit.counters.sellerIds += 1;
    return `kit-${this.kit.nonce}-${kind}-${this.kit.counters.sellerIds}`;
  }

  /**
   * Sends one request and runs the contract checks on the answer.
   * `options`: undocumented statuses a decision accepts for this request (or, as a
   * list, just those), and whether it replays an earlier request.
   */
  async send(request: OutgoingRequest, options: readonly number[] | SendOptions = {}): Promise<Answer> {
    const exchange = await this.kit.client.send(this.transcript, request);
    this.kit.counters.requests += 1;
    return { exchange, failures: this.#judge(exchange, sendOptions(options)) };
  }

  /** Sends the requests at once over separate connections. */
  async burst(
    requests: readonly OutgoingRequest[],
    options: readonly number[] | SendOptions = {},
  ): Promise<Answer[]> {
    const exchanges = await this.kit.client.burst(this.transcript, requests);
    this.kit.counters.requests += exchanges.length;
    return exchanges.map((exchange) => ({ exchange, failures: this.#judge(exchange, sendOptions(options)) }));
  }

  /** Has the adapter do the customer's step; the entry says whether it succeeded. */
  async customer(
    this: Session<Kit>,
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

  #judge(exchange: HttpExchange, options: SendOptions): readonly Failure[] {
    const status = exchange.response?.status ?? 0;
    const asProblem = options.outsideOf !== undefined && status >= 400;
    const judgement = judgeContract(
      {
        spec: this.kit.spec,
        dialect: this.kit.dialect,
        alsoAccepted: [...(options.alsoAccepted ?? []), ...(asProblem ? [status] : [])],
        instances: this.kit.instances,
        ...(options.replay === undefined ? {} : { replay: options.replay }),
      },
      asProblem ? { ...exchange, operationId: options.outsideOf } : exchange,
    );
    const failed = new Set(judgement.failures.map((f) => f.checkId));
    for (const id of judgement.evaluated) if (!failed.has(id)) this.kit.recorder.evaluated(id);
    return judgement.failures;
  }
}

function sendOptions(options: readonly number[] | SendOptions): SendOptions {
  return Array.isArray(options) ? { alsoAccepted: options } : (options as SendOptions);
}

export function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
