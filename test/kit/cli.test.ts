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
import { SetupError, setupHint } from '../../conformance/engine.ts';
import { reportValidator } from '../../conformance/report/json.ts';
import { defaults, runConformance } from '../../conformance/run.ts';
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

/** Runs the package's `bnpl-kit` (the ahead-of-time build) and collects what it printed. */
async function bnplKit(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = promisify(execFile);
  return run(process.execPath, [path.join(root, 'bin/bnpl-kit.js'), ...args], { cwd: root }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('bnpl-kit: the command line a newcomer meets', () => {
  it('should print its version with --version', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };

    const result = await bnplKit(['--version']);

    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it.each([
    [
      'bnpl-payment-order',
      ['--target <baseUrl>', '--owner <ownerNo>', '--token <token>', '--adapter <module|mock>'],
    ],
    [
      'order-processing',
      [
        '--target <baseUrl>',
        '--merchant <merchantId>',
        '--tenant <tenantId>',
        '--key <key>',
        '--customer <customerRef>',
      ],
    ],
  ])('should mark the required options in the help of conformance %s', async (api, required) => {
    const result = await bnplKit(['conformance', api, '--help']);

    expect(result.code).toBe(0);
    const group = result.stdout.slice(
      result.stdout.indexOf('Required options:'),
      result.stdout.indexOf('\nOptions:'),
    );
    for (const flags of required) expect(group).toContain(flags);
    expect(group.match(/\(required\)/g)).toHaveLength(required.length + (api === 'order-processing' ? 1 : 0));
  });

  it('should report a misspelt option as unknown, with a suggestion, before any missing required option', async () => {
    const result = await bnplKit(['conformance', 'order-processing', '--adaptor', 'mock']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--adaptor'");
    expect(result.stderr).toContain('(Did you mean --adapter?)');
    expect(result.stderr).not.toContain('required option');
  });

  it('should report every missing required option at once', async () => {
    const result = await bnplKit(['conformance', 'order-processing', '--target', 'http://127.0.0.1:9/x']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "required options '--merchant <merchantId>', '--tenant <tenantId>', '--key <key>', '--customer <customerRef>', '--adapter <module|mock>' not specified",
    );
  });

  it('should refuse a --target without its scheme as a configuration problem, saying what a target looks like', async () => {
    const result = await bnplKit([
      'conformance',
      'bnpl-payment-order',
      ...['--target', '127.0.0.1:4710', '--owner', '1', '--token', 't', '--adapter', 'mock'],
    ]);
    const io = captureIo();
    const code = await runConformanceCli('bnpl-payment-order', flags('127.0.0.1:4710'), io);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument '127.0.0.1:4710' is invalid");
    expect(result.stderr).toContain('such as http://127.0.0.1:4010');
    expect(code).toBe(2);
    expect(io.err()).toContain('configuration problem: --target "127.0.0.1:4710" is not a base URL');
    for (const text of [result.stderr, io.err()]) {
      expect(text).not.toContain('internal error');
      expect(text).not.toMatch(/\n\s+at /);
    }
  });

  it('should report a misspelt option of the mock as unknown, with a suggestion', async () => {
    const result = await bnplKit(['mock', '--prot', '0']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--prot'");
    expect(result.stderr).toContain('(Did you mean --port?)');
  });
});

describe('a wrong base URL, a failed setup', () => {
  it.each([
    ['bnpl-payment-order', '/ledger'],
    ['order-processing', ''],
  ])(
    'should say in its first lines that the %s base URL looks wrong, and exit 2 before any transcript',
    async (api, suffix) => {
      const mock = await startMock({ port: 0, rules: 'none' });
      const io = captureIo();
      try {
        const given =
          api === 'bnpl-payment-order'
            ? flags(`${mock.url}${suffix}`)
            : {
                ...flags(mock.url),
                merchant: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
                tenant: 't',
                key: 'k',
                customer: '123456789',
                budget: 100_000,
              };

        const code = await runConformanceCli(api, given, io);

        expect(code).toBe(2);
        expect(io.err().split('\n').slice(0, 2).join('\n')).toMatch(
          /configuration problem: .* is the base URL right\?/,
        );
        expect(io.out()).toBe('');
      } finally {
        await mock.close();
      }
    },
  );

  it('should end a run whose suite setup failed with exit 2 and a hint, never green', async () => {
    const { mock, target } = await mockTarget();
    const io = captureIo();
    try {
      const code = await runConformanceCli(
        'bnpl-payment-order',
        flags(target.baseUrl, { adapter: path.join(root, 'test/kit/fixtures/authorize-fails.mjs') }),
        io,
      );
      const direct = runConformance({
        api: 'bnpl-payment-order',
        target,
        adapter: path.join(root, 'test/kit/fixtures/authorize-fails.mjs'),
        runs: 1,
        seed: 1,
        suites: ['security'],
      });

      expect(code).toBe(2);
      expect(io.err()).toContain('configuration problem: setup failed (security: an authorized order)');
      await expect(direct).rejects.toThrow(SetupError);
      await expect(direct).rejects.toThrow(/setup failed/);
    } finally {
      await mock.close();
    }
  });

  it('should hint at the base URL when every request of a failed setup was a 404', () => {
    expect(setupHint([{ suite: 'security', what: 'an order', statuses: [404, 404] }], 'e.g. X')).toBe(
      'every request was a 404: is the base URL right? e.g. X',
    );
    expect(
      setupHint([{ suite: 'security', what: 'an order', statuses: [201, 409] }], 'e.g. X'),
    ).not.toContain('base URL');
  });
});

describe('what a run prints', () => {
  it('should list what a passing run checked, one line per check grouped by suite', async () => {
    const { mock, target } = await mockTarget();
    const io = captureIo();
    try {
      const code = await runConformanceCli('bnpl-payment-order', flags(target.baseUrl), io);

      expect(code).toBe(0);
      const out = io.out().split('\n');
      const checked = out.slice(out.indexOf('checked:'));
      expect(checked).toContain('  security');
      expect(checked.some((l) => /^ {4}✓ BPO-SEC-001 +MUST +\d+ evaluations?$/.test(l))).toBe(true);
      expect(checked.some((l) => /^ {4}- BPO-MDL-001 +MUST +not evaluated$/.test(l))).toBe(true);
    } finally {
      await mock.close();
    }
  });

  it('should print only the summary line with --quiet', async () => {
    const { mock, target } = await mockTarget();
    const io = captureIo();
    try {
      const code = await runConformanceCli(
        'bnpl-payment-order',
        { ...flags(target.baseUrl), quiet: true },
        io,
      );

      expect(code).toBe(0);
      expect(io.out()).toMatch(/^conformance: \d+ passed, 0 failed\n$/);
      expect(io.err()).toBe('');
    } finally {
      await mock.close();
    }
  });
});
