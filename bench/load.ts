// The load generator: autocannon with the same settings for every server. The machine is
// shared and its speed drifts from minute to minute, so a scenario is not measured in one
// block per server: its measured time is cut into slices (rounds), and the bench runs
// the slices of the servers it compares in turn, each after a short discarded warm-up.
// An Accumulator adds a server's slices up. A slice may spread its connections over
// several instances (two mock processes on one database): one autocannon per instance,
// run at once. Latency percentiles come from our own microsecond histogram because
// autocannon's has 1 ms resolution, which cannot tell a 0.3 ms server from a 0.9 ms one.
import { randomUUID } from 'node:crypto';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { watchOthers } from './machine.ts';

export interface Load {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * A header that gets a fresh UUID on every request (an Order Processing POST's
   * `idempotency-key`: the same key twice would be a replay, not a new settle).
   */
  readonly freshUuidHeader?: string;
}

export interface LoadSettings {
  readonly connections: number;
  readonly pipelining: number;
  /** Seconds of load before each slice, discarded: JIT, caches and sockets warm up. */
  readonly warmupSeconds: number;
  /** Seconds measured per server and scenario, over all its slices. */
  readonly durationSeconds: number;
  /** Slices per server and scenario, run in turn with the other servers'. */
  readonly rounds: number;
}

export interface LoadResult {
  /** Responses per second over the measured time (every slice, every instance). */
  readonly requestsPerSecond: number;
  /** The same, slice by slice (round by round). */
  readonly sliceRequestsPerSecond: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Responses received, of any status. */
  readonly responses: number;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** The mean and the highest share of all CPUs that other processes used during the slices (null: unknown). */
  readonly othersCpu: { readonly mean: number; readonly max: number } | null;
}

function run(
  load: Load,
  connections: number,
  pipelining: number,
  seconds: number,
  histogram?: RecordableHistogram,
) {
  const { freshUuidHeader } = load;
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        method: load.method,
        headers: { ...load.headers },
        ...(load.body === undefined ? {} : { body: load.body }),
        // autocannon builds a request once and resends its bytes, unless the request has a
        // setupRequest hook: then it builds every request anew, with a new key here.
        ...(freshUuidHeader === undefined
          ? {}
          : {
              requests: [
                {
                  setupRequest: (request: autocannon.Request) => {
                    (request.headers as Record<string, string>)[freshUuidHeader] = randomUUID();
                    return request;
                  },
                },
              ],
            }),
        connections,
        pipelining,
        duration: seconds,
        // A server that stops answering must fail the run, not hang the bench.
        timeout: 10,
      },
      (error: unknown, result) => (error ? reject(error) : resolve(result)),
    );
    if (histogram) {
      instance.on('response', (_client, _status, _bytes, ms) =>
        histogram.record(Math.max(1, Math.round(ms * 1000))),
      );
    }
  });
}

/** Splits `total` connections over `parts` instances as evenly as they go (32 over 2: 16 and 16). */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** A server's measurement of one scenario, slice by slice. */
export class Accumulator {
  readonly #histogram = createHistogram({ lowest: 1, highest: 60_000_000, figures: 3 });
  readonly #slices: number[] = [];
  readonly #others: number[] = [];
  readonly #statusCodes: Record<string, number> = {};
  #responses = 0;
  #errors = 0;
  #timeouts = 0;
  #non2xx = 0;

  constructor(readonly settings: LoadSettings) {}

  /** Warms up, then measures one slice: the same load against every one of `loads` at once, connections split. */
  async slice(loads: readonly Load[]): Promise<{ readonly rate: number; readonly others: number | null }> {
    const { connections, pipelining, warmupSeconds, durationSeconds, rounds } = this.settings;
    const shares = split(connections, loads.length);
    if (warmupSeconds > 0) {
      await Promise.all(loads.map((load, i) => run(load, shares[i] ?? 1, pipelining, warmupSeconds)));
    }
    const watch = watchOthers();
    const results = await Promise.all(
      loads.map((load, i) =>
        run(load, shares[i] ?? 1, pipelining, durationSeconds / rounds, this.#histogram),
      ),
    );
    const others = watch.stop();
    if (others !== null) this.#others.push(others);
    let rate = 0;
    for (const result of results) {
      let responses = 0;
      for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
        if (!count) continue;
        this.#statusCodes[code] = (this.#statusCodes[code] ?? 0) + count;
        responses += count;
      }
      this.#responses += responses;
      // Instances run at once: their rates add up.
      rate += result.duration > 0 ? responses / result.duration : 0;
      this.#errors += result.errors;
      this.#timeouts += result.timeouts;
      this.#non2xx += result.non2xx;
    }
    this.#slices.push(rate);
    return { rate, others };
  }

  get slices(): number {
    return this.#slices.length;
  }

  result(): LoadResult {
    const responses = this.#responses;
    const histogram = this.#histogram;
    return {
      // The slices are equally long: their mean is the rate over the whole measured time.
      requestsPerSecond:
        this.#slices.length > 0 ? this.#slices.reduce((sum, rate) => sum + rate, 0) / this.#slices.length : 0,
      sliceRequestsPerSecond: [...this.#slices],
      p50Ms: responses > 0 ? histogram.percentile(50) / 1000 : Number.NaN,
      p99Ms: responses > 0 ? histogram.percentile(99) / 1000 : Number.NaN,
      maxMs: responses > 0 ? histogram.max / 1000 : Number.NaN,
      responses,
      errors: this.#errors,
      timeouts: this.#timeouts,
      non2xx: this.#non2xx,
      statusCodes: { ...this.#statusCodes },
      othersCpu:
        this.#others.length === 0
          ? null
          : {
              mean: this.#others.reduce((sum, share) => sum + share, 0) / this.#others.length,
              max: Math.max(...this.#others),
            },
    };
  }
}
