// The load generator: one autocannon run per server and scenario, with the same
// settings for every server, preceded by a discarded warm-up. Latency percentiles are
// taken from our own microsecond histogram because autocannon's histogram has 1 ms
// resolution, which cannot tell a 0.3 ms server from a 0.9 ms one.
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface Load {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface LoadSettings {
  readonly connections: number;
  readonly pipelining: number;
  /** Seconds of load before the measurement, discarded: JIT, caches and sockets warm up. */
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

export interface LoadResult {
  /** Mean of autocannon's per-second request counts. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses received, of any status. */
  readonly responses: number;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

function run(load: Load, settings: LoadSettings, seconds: number, onLatencyMs?: (ms: number) => void) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        method: load.method,
        headers: { ...load.headers },
        ...(load.body === undefined ? {} : { body: load.body }),
        connections: settings.connections,
        pipelining: settings.pipelining,
        duration: seconds,
        // A server that stops answering must fail the run, not hang the bench.
        timeout: 10,
      },
      (error: unknown, result) => (error ? reject(error) : resolve(result)),
    );
    if (onLatencyMs) instance.on('response', (_client, _status, _bytes, ms) => onLatencyMs(ms));
  });
}

export async function measure(load: Load, settings: LoadSettings): Promise<LoadResult> {
  if (settings.warmupSeconds > 0) await run(load, settings, settings.warmupSeconds);
  const histogram = createHistogram({ lowest: 1, highest: 60_000_000, figures: 3 });
  const result = await run(load, settings, settings.durationSeconds, (ms) =>
    histogram.record(Math.max(1, Math.round(ms * 1000))),
  );
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (count) statusCodes[code] = count;
  }
  const responses = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: responses > 0 ? histogram.percentile(50) / 1000 : Number.NaN,
    p99Ms: responses > 0 ? histogram.percentile(99) / 1000 : Number.NaN,
    responses,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  };
}
