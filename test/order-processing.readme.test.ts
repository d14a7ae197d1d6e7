// Keeps README.md's "The Order Processing journey with curl" working as written: the
// test takes its shell block, points it at a freshly started mock (the only change:
// the address of `npm start` becomes the test mock's), runs it with bash, and checks
// every request's status in the mock's journal, what the answers printed, and that a
// second run answers the same. So the README cannot drift from the mock.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/mock/server.ts';
import { client } from './support/http.ts';

const run = promisify(execFile);
const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const heading = '### The Order Processing journey with curl';
const npmStartUrl = 'http://127.0.0.1:4010';

/** The first ```sh block after the heading. */
function journeyBlock(): string {
  const section = readme.slice(readme.indexOf(heading));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (readme.indexOf(heading) === -1 || block === undefined) {
    throw new Error(`README.md has no sh block under "${heading}"`);
  }
  return block;
}

/** Every request the block makes, oldest first, as the journal names it: [operationId, status]. */
const expected: [string, number][] = [
  ['reset', 200],
  ['SpendOptionsForProduct', 200],
  ['SpendOptionsForCustomerRef', 200],
  ['issueCustomerAccessToken', 200],
  ['Initiate', 200],
  ['completeSca', 200],
  ['Authorise', 200],
  ['Settle', 200],
  ['Settle', 200], // the retry, replayed
  ['Reverse', 200],
  ['Refund', 200],
  ['getOrderProcessingAuthorisation', 200],
  ['getOrderProcessingCustomer', 200],
  ['Settle', 409], // insufficient-float
  ['Settle', 409], // idempotency-key-reused
  ['Reverse', 400],
  ['SpendOptionsForProduct', 401],
  ['issueCustomerAccessToken', 200],
  ['Initiate', 200],
  ['Authorise', 200], // Declined
  ['Initiate', 200],
  ['Authorise', 200],
  ['Settle', 409], // partial-not-allowed
];

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 }); // as npm start: default rules, both APIs
});
afterAll(async () => {
  await mock.close();
});

/** Runs the block against the test mock; its stdout, one answer (or header) per line. */
async function runJourney(): Promise<string[]> {
  const script = journeyBlock();
  expect(script.split(npmStartUrl)).toHaveLength(2); // the address is set once, in B=
  const { stdout } = await run('bash', ['-c', `set -eo pipefail\n${script.replace(npmStartUrl, mock.url)}`], {
    timeout: 60_000,
  });
  return stdout.split(/\r?\n/);
}

type Entry = { operationId?: string; status: number };
const journal = async (): Promise<Entry[]> =>
  (
    (await client(mock.url)('GET', '/_sandbox/requests?limit=1000', { token: null })).body as {
      entries: Entry[];
    }
  ).entries;

/** The JSON answers the block printed, in order. */
const answersIn = (lines: readonly string[]) =>
  lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('README.md: The Order Processing journey with curl', () => {
  it('should run as written, every request answered with the status the walkthrough says', async () => {
    // Act
    const lines = await runJourney();
    const entries = (await journal()).reverse();

    // Assert: each request, in order.
    expect(entries.map((e) => [e.operationId, e.status])).toEqual(expected);

    // What the newcomer sees: every answer on a line of its own (so each parses), the
    // replay marked, money moved once, the credit, and the documented problems.
    const answers = answersIn(lines);
    expect(lines).toContain('idempotent-replayed: true');
    const settled = answers.filter((a) => 'transactionId' in a);
    expect(settled).toHaveLength(2);
    expect(settled[1]).toEqual(settled[0]);
    expect(answers).toContainEqual(
      expect.objectContaining({
        result: 'Authorised',
        authorised: { value: 600, currencyCode: 'GBP' },
        settled: { value: 250, currencyCode: 'GBP' },
        reversed: { value: 100, currencyCode: 'GBP' },
        remainingFloat: { value: 250, currencyCode: 'GBP' },
        transactions: [expect.objectContaining({ refunded: { value: 50, currencyCode: 'GBP' } })],
      }),
    );
    expect(answers).toContainEqual(
      expect.objectContaining({ availableCredit: { value: 4550, currencyCode: 'GBP' } }),
    );
    expect(answers).toContainEqual(
      expect.objectContaining({
        scaStatus: 'AuthenticationRequired',
        widgetUrl: expect.stringContaining(
          `${mock.url}/_sandbox/pages/order-processing/newpay/identity?scaToken=`,
        ),
      }),
    );
    expect(answers).toContainEqual(
      expect.objectContaining({ result: 'Declined', declineReason: 'Declined (Account closed)' }),
    );
    const problems = answers
      .filter((a) => typeof a.type === 'string')
      .map((a) => String(a.type).split('/').pop());
    expect(problems).toEqual([
      'insufficient-float',
      'idempotency-key-reused',
      'validation',
      'unauthorized',
      'partial-not-allowed',
    ]);
    const validation = answers.find((a) => a.status === 400) as
      | { errors: Record<string, string>[] }
      | undefined;
    expect(validation?.errors.map(({ detail: _d, ...where }) => where)).toEqual([
      { header: 'idempotency-key' },
      { pointer: '#/amount/value' },
    ]);
  });

  it('should answer the same when run again on the same mock', async () => {
    // Arrange: one run before (the test above, or this one's own when run alone).
    if ((await journal()).length === 0) await runJourney();

    // Act
    await runJourney();

    // Assert: the newest entries are the second run's.
    const entries = (await journal()).slice(0, expected.length).reverse();
    expect(entries.map((e) => [e.operationId, e.status])).toEqual(expected);
  });
});
