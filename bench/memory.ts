// Memory per record: a fresh mock process per kind of record (bench/servers/filled.ts),
// filled with `count` records through `mock.inject`, its memory read after full garbage
// collections before and after; then GET order on it against GET order on a second,
// empty mock of the same script, their slices in turn (as the load phase does), so that
// the machine's drift does not pass for the cost of a full store. One process per kind,
// so each figure is what a million of that record costs.
import { type Child, memoryOf, startAnnouncing } from './child.ts';
import { Accumulator, type Load, type LoadSettings } from './load.ts';
import type { Fill, FillKind, MemoryUsage } from './report.ts';
import { ledgerHeaders } from './servers/shared.ts';

function usage(value: unknown): MemoryUsage | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const keys = ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'] as const;
  if (!keys.every((key) => typeof v[key] === 'number')) return null;
  return Object.fromEntries(keys.map((key) => [key, v[key]])) as unknown as MemoryUsage;
}

export async function fill(
  kind: FillKind,
  count: number,
  script: string,
  settings: LoadSettings,
  progress: (message: string) => void,
): Promise<Fill> {
  const problems: string[] = [];
  let child: Child | undefined;
  let empty: Child | undefined;
  let result: Omit<Fill, 'peakRssBytes' | 'problems' | 'getEmpty' | 'getFilled'> = {
    kind,
    count,
    completed: false,
    seconds: null,
    before: null,
    after: null,
    rssBytesPerRecord: null,
    heapBytesPerRecord: null,
  };
  let getEmpty: Fill['getEmpty'] = null;
  let getFilled: Fill['getFilled'] = null;
  let peakRssBytes: number | null = null;
  try {
    const start = (name: string) =>
      startAnnouncing(name, script, {
        // Collections on demand, so that RSS is read at rest rather than with the fill's garbage.
        nodeArgs: ['--expose-gc'],
        timeoutMs: 60_000,
        onProgress: (message) =>
          progress(`fill of ${kind}: ${String(message.progress)} of ${String(message.of)}`),
      });
    const getOf = (of: Child): Load => ({
      url: `${of.url}${String(of.announcement.orderPath)}`,
      method: 'GET',
      headers: ledgerHeaders,
    });
    child = await start(`filled-${kind}`);
    if (child.announcement.collectsGarbage !== true)
      problems.push('the process could not collect garbage on demand');
    progress(`fill of ${kind}: ${count} through inject`);
    // Generous: about 100 µs per authorisation here, and a busy machine can triple it.
    const answer = await child.ask({ fill: kind, count }, 600_000 + count);
    const before = usage(answer.before);
    const after = usage(answer.after);
    result = {
      kind,
      count,
      completed: answer.filled === kind && after !== null,
      seconds: typeof answer.seconds === 'number' ? answer.seconds : null,
      before,
      after,
      rssBytesPerRecord: before && after && count > 0 ? (after.rss - before.rss) / count : null,
      heapBytesPerRecord: before && after && count > 0 ? (after.heapUsed - before.heapUsed) / count : null,
    };
    progress(
      `fill of ${kind}: ${count} in ${result.seconds?.toFixed(0)} s, RSS ${((after?.rss ?? 0) / 2 ** 20).toFixed(0)} MiB; ` +
        'GET order on it and on an empty mock, in turn',
    );
    empty = await start(`empty-${kind}`);
    const filled = { load: getOf(child), accumulator: new Accumulator(settings) };
    const bare = { load: getOf(empty), accumulator: new Accumulator(settings) };
    for (let round = 1; round <= settings.rounds; round++) {
      for (const side of round % 2 === 1 ? [filled, bare] : [bare, filled])
        await side.accumulator.slice([side.load]);
    }
    getFilled = filled.accumulator.result();
    getEmpty = bare.accumulator.result();
    peakRssBytes = memoryOf(child.pid)?.peak ?? null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push(message);
    progress(`fill of ${kind}: ${message}`);
  } finally {
    await Promise.all([child, empty].map((c) => c?.stop().catch(() => {})));
  }
  return { ...result, peakRssBytes, getEmpty, getFilled, problems };
}
