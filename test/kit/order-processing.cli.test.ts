// `bnpl-kit conformance order-processing`: the same exit codes as the first API's
// (0 pass, 1 a MUST failure, 2 a configuration problem), both reports, the example
// adapter module, the transcript and replay arguments of a failure, the checks that
// need a second customer, and README's command run as written against the mock.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type CliIo, type OrderProcessingFlags, runConformanceCli } from '../../conformance/cli.ts';
import { reportValidator } from '../../conformance/report/json.ts';
import type { KitReport } from '../../conformance/report/types.ts';
import { parseJunit } from '../../conformance/testing.ts';
import { startMock } from '../../src/mock/server.ts';
import { startMockProcess } from '../support/mock-process.ts';
import { opMutants } from './order-processing/mutants.ts';
import { merchantId, opMockTarget } from './order-processing/support.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { isTTY: false, write: (text: string) => (out += text) },
    stderr: { isTTY: false, write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}

function flags(target: string, extra: Partial<OrderProcessingFlags> = {}): OrderProcessingFlags {
  return {
    target,
    merchant: merchantId,
    tenant: 't',
    key: 'k',
    customer: '123456789',
    budget: 100_000,
    adapter: 'mock',
    runs: 10,
    seed: 11,
    suites: ['model', 'security'],
    maxCommands: 20,
    timeBudget: 20,
    ...extra,
  };
}

describe('runConformanceCli order-processing', () => {
  it('should exit 0 with the example adapter module, writing both reports', async () => {
    // Arrange
    const { mock, target } = await opMockTarget();
    const dir = await mkdtemp(path.join(tmpdir(), 'bnpl-kit-'));
    const io = captureIo();
    try {
      // Act
      const code = await runConformanceCli(
        'order-processing',
        flags(target.baseUrl, {
          adapter: path.join(root, 'conformance/adapters/order-processing.example.mjs'),
          junit: path.join(dir, 'junit.xml'),
          json: path.join(dir, 'conformance.json'),
        }),
        io,
      );

      // Assert
      expect(io.err()).not.toContain('configuration problem');
      expect(code).toBe(0);
      expect(io.out().trimEnd().split('\n').at(-1)).toMatch(/^conformance: \d+ passed, 0 failed$/);
      const json = JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8'));
      const validate = await reportValidator();
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(json.target.adapter).toMatch(/order-processing\.example\.mjs$/);
      expect((await parseJunit(await readFile(path.join(dir, 'junit.xml'), 'utf8'))).failures).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('should exit 1 and print the transcript and replay arguments when a MUST check fails', async () => {
    const mutant = opMutants.find((m) => m.name === 'sca-token-works-twice');
    const { mock, target } = await opMockTarget({ faults: mutant?.faults });
    const io = captureIo();
    try {
      const code = await runConformanceCli(
        'order-processing',
        flags(target.baseUrl, { runs: 30, suites: ['model'] }),
        io,
      );

      expect(code).toBe(1);
      expect(io.out()).toContain('✗ OP-SCA-004 [MUST]');
      expect(io.out()).toContain('document 2: “Initiate the transaction:');
      expect(io.out()).toMatch(/minimal sequence \(replay: --seed 11 --path '[^']+'\):\n\s+1\. authorise 1/);
      expect(io.out()).toContain('POST /merchant/123456789/authorisation');
      expect(io.out()).toContain('customer-access-token: <customer-access-token of 123456789>');
      expect(io.out().trimEnd().split('\n').at(-1)).toMatch(/^conformance: \d+ passed, [1-9]\d* failed$/);
    } finally {
      await mock.close();
    }
  });

  it('should exit 2 naming what an adapter module lacks', async () => {
    const io = captureIo();

    const code = await runConformanceCli(
      'order-processing',
      flags('http://127.0.0.1:9/cl/merchant-gateway-service', {
        adapter: path.join(root, 'conformance/fixtures/invalid-adapter.mjs'),
      }),
      io,
    );

    expect(code).toBe(2);
    expect(io.err()).toContain(
      'customerAccessToken is missing, not a function; completeSca is missing, not a function',
    );
  });

  it('should exit 2 when the target refuses the subscription key', async () => {
    const mock = await startMock({ port: 0, rules: 'none', keys: { good: merchantId } });
    const io = captureIo();
    try {
      const code = await runConformanceCli(
        'order-processing',
        flags(`${mock.url}/cl/merchant-gateway-service`, { key: 'bad' }),
        io,
      );

      expect(code).toBe(2);
      expect(io.err()).toContain('refused the subscription key');
      expect(io.err()).not.toContain('bad');
    } finally {
      await mock.close();
    }
  });
});

describe('runConformanceCli order-processing: the checks that need a second customer', () => {
  // The security suite's scenarios that need --other-customer: another customer's
  // authorisations and transactions, and their sca-token (README: The Order Processing kit).
  const needsOther = ['OP-SCA-005', 'OP-SEC-003'];

  async function runSecurity(otherCustomer?: string) {
    const { mock, target } = await opMockTarget();
    const dir = await mkdtemp(path.join(tmpdir(), 'bnpl-kit-'));
    const io = captureIo();
    try {
      const code = await runConformanceCli(
        'order-processing',
        flags(target.baseUrl, {
          suites: ['security'],
          json: path.join(dir, 'conformance.json'),
          ...(otherCustomer === undefined ? {} : { otherCustomer }),
        }),
        io,
      );
      const report = JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8')) as KitReport;
      return { code, report, out: io.out(), err: io.err() };
    } finally {
      await mock.close();
    }
  }

  it('should report them as not evaluated without --other-customer, saying why, and still pass', async () => {
    // Act
    const { code, report, out, err } = await runSecurity();

    // Assert: in the JSON report, skipped and never evaluated; every other security check evaluated.
    expect(code).toBe(0);
    const security = report.checks.filter((c) => c.suite === 'security');
    expect(security.filter((c) => c.outcome === 'skipped').map((c) => c.id)).toEqual(needsOther);
    for (const id of needsOther) {
      expect(report.checks.find((c) => c.id === id)).toMatchObject({
        outcome: 'skipped',
        evaluations: 0,
        failureCount: 0,
      });
    }
    expect(security.filter((c) => !needsOther.includes(c.id)).every((c) => c.outcome === 'passed')).toBe(
      true,
    );
    expect(report.suites.find((s) => s.name === 'security')?.note).toBe(
      'OP-SEC-003: not evaluated without --other-customer; OP-SCA-005: not evaluated without --other-customer',
    );
    // On the console: marked not evaluated in the listing and the line after it, the reason in the progress.
    const lines = out.split('\n');
    for (const id of needsOther) {
      expect(lines.some((l) => new RegExp(`^ {4}- ${id} +MUST +not evaluated$`).test(l))).toBe(true);
    }
    expect(lines.find((l) => l.startsWith('not evaluated: '))?.split(/, |: /)).toEqual(
      expect.arrayContaining(needsOther),
    );
    expect(err).toMatch(
      /^security: \d+ requests in [\d.]+ s \(OP-SEC-003: not evaluated without --other-customer; OP-SCA-005: not evaluated without --other-customer\)$/m,
    );
  });

  it('should evaluate them, and pass, with --other-customer', async () => {
    // Act
    const { code, report, out, err } = await runSecurity('4vMgYYLnQJ');

    // Assert
    expect(code).toBe(0);
    expect(report.target).toMatchObject({ otherCustomerRef: '4vMgYYLnQJ' });
    expect(report.checks.filter((c) => c.suite === 'security' && c.outcome !== 'passed')).toEqual([]);
    for (const id of needsOther) {
      expect(report.checks.find((c) => c.id === id)?.evaluations).toBeGreaterThan(0);
      expect(out).toMatch(new RegExp(`^ {4}✓ ${id} +MUST +\\d+ evaluations?$`, 'm'));
    }
    expect(report.suites.find((s) => s.name === 'security')?.note).toBeUndefined();
    expect(out.split('\n').find((l) => l.startsWith('not evaluated: '))).not.toMatch(/OP-SEC-003|OP-SCA-005/);
    expect(err).not.toContain('--other-customer');
  });
});

describe('bnpl-kit conformance order-processing (process), as README.md writes it', () => {
  const npmStartUrl = 'http://127.0.0.1:4010';

  /** The arguments after `npm run kit --` in the first sh block under "### Order Processing". */
  async function readmeArguments(): Promise<string[]> {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Order Processing'));
    const block = /```sh\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
    const command = block.replace(/\\\n\s*/g, ' ').trim();
    expect(command).toMatch(/^npm run kit -- conformance order-processing --target /);
    return command.slice('npm run kit -- '.length).split(/\s+/);
  }

  it('should pass against the mock started as npm start starts it, writing the reports it names', async () => {
    // Arrange: `npm run kit --` is `node bin/bnpl-kit.js`; the mock is `bnpl-kit mock` (npm start) on a free port.
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.kit).toBe('node bin/bnpl-kit.js');
    const args = await readmeArguments();
    expect(args.filter((a) => a.startsWith(npmStartUrl))).toHaveLength(1);
    const dir = await mkdtemp(path.join(tmpdir(), 'bnpl-kit-'));
    const mock = await startMockProcess([]);
    try {
      // Act: README's command as written (its reports relative to the working directory), with a
      // smaller --runs and a fixed --seed, both documented, to keep the test short and repeatable.
      const run = promisify(execFile);
      const result = await run(
        process.execPath,
        [
          path.join(root, 'bin/bnpl-kit.js'),
          ...args.map((a) => a.replace(npmStartUrl, mock.url)),
          '--runs',
          '30',
          '--seed',
          '20260101',
        ],
        { cwd: dir, timeout: 60_000 },
      ).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          stdout: error.stdout,
          stderr: error.stderr,
        }),
      );

      // Assert
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const report = JSON.parse(
        await readFile(path.join(dir, 'reports/conformance.json'), 'utf8'),
      ) as KitReport;
      expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
        `conformance: ${report.summary.passed} passed, 0 failed`,
      );
      expect(report.summary.passed).toBeGreaterThan(0);
      expect(report).toMatchObject({
        api: 'order-processing',
        outcome: 'passed',
        target: {
          merchantId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
          customerRef: '123456789',
          adapter: 'mock',
        },
        cleanup: { before: 'done', after: 'done' },
      });
      const validate = await reportValidator();
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      const junit = await parseJunit(await readFile(path.join(dir, 'reports/junit.xml'), 'utf8'));
      expect(junit.failures).toBe(0);
    } finally {
      await mock.stop();
    }
  }, 60_000);
});
