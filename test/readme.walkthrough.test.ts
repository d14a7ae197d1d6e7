// Keeps README.md's bnpl-payment-order walk through working as written: the test takes
// its shell block, points it at a freshly started mock (the only change: the address of
// `npm start` becomes the test mock's), runs it with bash twice, and checks every
// request's status in the mock's journal and that each answer printed its own line.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import { client } from './support/http.ts';

const run = promisify(execFile);
const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const heading = '### A walk through, with curl';

function walkthrough(): string {
  const section = readme.slice(readme.indexOf(heading));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (readme.indexOf(heading) === -1 || block === undefined)
    throw new Error(`README.md has no sh block under "${heading}"`);
  return block;
}

/** Every request the block makes, oldest first: [operationId, status]. */
const expected: [string, number][] = [
  ['reset', 200],
  ['createBnplPaymentOrder', 201],
  ['redirect', 409],
  ['choosePaymentMethod', 200],
  ['redirect', 200],
  ['approve', 200],
  ['createCapture', 201],
  ['createReversal', 201],
  ['createCancelAuthorize', 204],
  ['getBnplPaymentOrder', 200],
  ['createCapture', 400],
];

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 }); // as npm start: default rules, both APIs
});
afterAll(async () => {
  await mock.close();
});

describe("README's bnpl-payment-order walk through", () => {
  it('should answer every request as the comments say, one answer per line, run after run', async () => {
    const block = walkthrough().replace('http://127.0.0.1:4010', mock.url);
    for (const round of [1, 2]) {
      // Act
      const before = (
        (await client(mock.url)('GET', '/_sandbox/requests?limit=1000', { token: null })).body as {
          entries: unknown[];
        }
      ).entries.length;
      const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', block]);
      const journal = (
        await client(mock.url)('GET', '/_sandbox/requests?limit=1000&ownerNo=1', { token: null })
      ).body as { entries: { operationId?: string; status: number }[] };

      // Assert: the reset clears owner 1's journal, so exactly this run's requests remain.
      const seen = journal.entries.reverse().map((e) => [e.operationId, e.status]);
      expect(seen, `round ${round} (journal had ${before} entries before)`).toEqual(
        expected.filter(([operationId]) => operationId !== 'reset'),
      );
      const lines = stdout.trim().split('\n');
      expect(lines, stdout).toHaveLength(expected.length);
      expect(lines.at(-1)).toMatch(/"Problems":\{.*"amount"/);
      expect(lines).toContain('204');
    }
  }, 60_000);
});
