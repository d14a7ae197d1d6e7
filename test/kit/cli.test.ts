// The command line: exit codes (0 pass, 1 MUST failure or, with --strict, a SHOULD
// failure, 2 configuration problem), the revision it certifies, the reports it
// writes, adapter validation, and the summary line it ends with.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type CliIo, type ConformanceFlags, runConformanceCli } from '../../conformance/cli.ts';
import { reportValidator } from '../../conformance/report/json.ts';
import { defaults } from '../../conformance/run.ts';
import { parseJunit } from '../../conformance/testing.ts';
import { startMock } from '../../src/mock/server.ts';
import { camelCaseProblems } from './alternatives/requests.ts';
import { mutants } from './mutants/index.ts';
import { mockTarget } from './support.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kitDir = path.join(root, 'conformance');

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

function flags(target: string, extra: Partial<ConformanceFlags> = {}): ConformanceFlags {
  return {
    target,
    owner: '1',
    token: 't',
    adapter: 'mock',
    runs: 5,
    seed: 11,
    profile: defaults.profileName,
    subProfiles: [...defaults.subProfileNames],
    suites: ['security'],
    maxCommands: 20,
    timeBudget: 20,
    ...extra,
  };
}

describe('runConformanceCli', () => {
  it('should exit 0, write both reports and end with the summary line when every MUST check passes', async () => {
    // Arrange
    const { mock, target } = await mockTarget();
    const dir = await mkdtemp(path.join(tmpdir(), 'bnpl-kit-'));
    const io = captureIo();
    try {
      // Act
      const code = await runConformanceCli(
        'bnpl-payment-order',
        flags(target.baseUrl, {
          suites: ['security', 'negative'],
          junit: path.join(dir, 'reports/junit.xml'),
          json: path.join(dir, 'reports/conformance.json'),
        }),
        io,
      );

      // Assert
      expect(code).toBe(0);
      expect(io.out().trimEnd().split('\n').at(-1)).toMatch(/^conformance: \d+ passed, 0 failed$/);
      expect(io.err()).toContain('security: started');
      const validate = await reportValidator();
      expect(validate(JSON.parse(await readFile(path.join(dir, 'reports/conformance.json'), 'utf8')))).toBe(
        true,
      );
      expect((await parseJunit(await readFile(path.join(dir, 'reports/junit.xml'), 'utf8'))).failures).toBe(
        0,
      );
    } finally {
      await mock.close();
    }
  });

  it('should exit 1 and print the numbered transcript and replay arguments when a MUST check fails', async () => {
    // Arrange
    const mutant = mutants.find((m) => m.name === 'create-answers-200');
    const { mock, target } = await mockTarget({ faults: mutant?.faults ?? {} });
    const io = captureIo();
    try {
      // Act
      const code = await runConformanceCli(
        'bnpl-payment-order',
        flags(target.baseUrl, { suites: ['model'] }),
        io,
      );

      // Assert
      expect(code).toBe(1);
      expect(io.out()).toContain('✗ BPO-CT-001 [MUST]');
      expect(io.out()).toMatch(
        /minimal sequence \(replay: --seed 11 --path '[^']+'\):\n\s+1\. create order 1/,
      );
      expect(io.out()).toContain('#1 POST /ledger/bnpl-payment-order/v1/1/bnpl-payment-orders');
      expect(io.out()).toContain('< 200 application/json');
      expect(io.out().trimEnd().split('\n').at(-1)).toMatch(/^conformance: \d+ passed, [1-9]\d* failed$/);
    } finally {
      await mock.close();
    }
  });

  it('should pass a SHOULD warning with exit 0, and fail it with exit 1 under --strict', async () => {
    // Arrange: problems in camelCase, a reading D-18 warns about.
    const { mock, target } = await mockTarget({ proxy: camelCaseProblems });
    const lenient = captureIo();
    const strict = captureIo();
    try {
      // Act
      const lenientCode = await runConformanceCli('bnpl-payment-order', flags(target.baseUrl), lenient);
      const strictCode = await runConformanceCli(
        'bnpl-payment-order',
        flags(target.baseUrl, { strict: true }),
        strict,
      );

      // Assert
      expect([lenientCode, strictCode]).toEqual([0, 1]);
      expect(lenient.out()).toContain('! BPO-PB-005 [SHOULD]');
      expect(strict.out()).toContain('✗ BPO-PB-005 [SHOULD]');
      expect(strict.out()).toMatch(/; strict;/);
    } finally {
      await mock.close();
    }
  });

  it('should certify against the --revision asked for, and exit 2 for one the contract does not have', async () => {
    const { mock, target } = await mockTarget({ revision: '2024-10-30' });
    const dir = await mkdtemp(path.join(tmpdir(), 'bnpl-kit-'));
    const base = captureIo();
    const unknown = captureIo();
    try {
      const json = path.join(dir, 'conformance.json');
      const baseCode = await runConformanceCli(
        'bnpl-payment-order',
        flags(target.baseUrl, { revision: '2024-10-30', suites: ['negative'], json }),
        base,
      );
      const unknownCode = await runConformanceCli(
        'bnpl-payment-order',
        flags(target.baseUrl, { revision: '2025-01-01' }),
        unknown,
      );

      expect(baseCode).toBe(0);
      expect(JSON.parse(await readFile(json, 'utf8')).revision).toBe('2024-10-30');
      expect(unknownCode).toBe(2);
      expect(unknown.err()).toContain('has no revision 2025-01-01');
    } finally {
      await mock.close();
    }
  });

  it('should exit 2 when the target is unreachable', async () => {
    // Arrange: a port that was just free.
    const mock = await startMock({ port: 0, rules: 'none' });
    const url = mock.url;
    await mock.close();
    const io = captureIo();

    // Act
    const code = await runConformanceCli('bnpl-payment-order', flags(url), io);

    // Assert
    expect(code).toBe(2);
    expect(io.err()).toMatch(/configuration problem: target .* is unreachable/);
  });

  it('should exit 2 when the target refuses the token', async () => {
    const mock = await startMock({ port: 0, rules: 'none', tokens: { good: '1' } });
    const io = captureIo();
    try {
      const code = await runConformanceCli('bnpl-payment-order', flags(mock.url, { token: 'bad' }), io);

      expect(code).toBe(2);
      expect(io.err()).toContain('refused the token');
    } finally {
      await mock.close();
    }
  });

  it('should exit 2 naming what is wrong with an invalid adapter module', async () => {
    const io = captureIo();

    const code = await runConformanceCli(
      'bnpl-payment-order',
      flags('http://127.0.0.1:9', { adapter: path.join(kitDir, 'fixtures/invalid-adapter.mjs') }),
      io,
    );

    expect(code).toBe(2);
    expect(io.err()).toContain('authorize is missing, not a function; reject is string, not a function');
  });

  it('should exit 2 for a missing adapter module and for --path without --seed', async () => {
    const missing = captureIo();
    const pathOnly = captureIo();
    const { seed: _seed, ...withoutSeed } = flags('http://127.0.0.1:9');

    const missingCode = await runConformanceCli(
      'bnpl-payment-order',
      flags('http://127.0.0.1:9', { adapter: 'nowhere.mjs' }),
      missing,
    );
    const pathCode = await runConformanceCli('bnpl-payment-order', { ...withoutSeed, path: '1:2' }, pathOnly);

    expect([missingCode, pathCode]).toEqual([2, 2]);
    expect(missing.err()).toContain('adapter module not found');
    expect(pathOnly.err()).toContain('--path replays a failure only together with');
  });

  it('should accept an adapter module with the documented shape (conformance/adapters/example.mjs)', async () => {
    const { mock, target } = await mockTarget();
    const io = captureIo();
    try {
      const code = await runConformanceCli(
        'bnpl-payment-order',
        flags(target.baseUrl, {
          adapter: path.join(kitDir, 'adapters/example.mjs'),
          suites: ['model'],
          runs: 5,
        }),
        io,
      );

      expect(io.err()).not.toContain('configuration problem');
      expect(code).toBe(0);
    } finally {
      await mock.close();
    }
  });
});

describe('bnpl-kit conformance (process)', () => {
  it('should exit 2 when a required flag is missing', async () => {
    const run = promisify(execFile);

    const result = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'src/cli.ts'),
        'conformance',
        'bnpl-payment-order',
        '--target',
        'http://127.0.0.1:9',
        '--owner',
        '1',
        '--token',
        't',
      ],
      { cwd: root },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--adapter <module|mock>' not specified");
  });
});
