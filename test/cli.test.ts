// The `bnpl-kit mock` command as a process: it prints its URL, serves, and exits 0
// on SIGTERM and SIGINT; configuration mistakes exit 2 with a message.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${out}`)));
  });
}

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('bnpl-kit mock', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'should serve on the printed URL and exit 0 on %s',
    async (signal) => {
      const child = run(['mock', '--port', '0', '--quiet']);
      try {
        const line = await firstLine(child);
        const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
        expect(url).toBeDefined();
        const answer = await fetch(`${url}/ledger/bnpl-payment-order/v1/1/bnpl-payment-orders/1`, {
          headers: { authorization: 'Bearer t' },
        });
        expect(answer.status).toBe(404);
        expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
        const exited = exitCode(child);
        child.kill(signal);
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it.each([
    ['a tokens file that is not an object', ['--tokens'], '[1, 2]', /expected an object/],
    ['a rules folder that does not exist', ['--rules', '/nonexistent'], undefined, /does not exist/],
    ['a port that is not a number', ['--port', 'abc'], undefined, /port/],
    ['an API it does not serve', ['--api', 'order-processing,nope'], undefined, /expected some of/],
    ['a public URL that is not http(s)', ['--public-url', 'ftp://mock.example'], undefined, /public URL/],
  ])('should exit 2 on %s', async (_, args, tokens, message) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bnpl-kit-'));
    const file = path.join(dir, 'tokens.json');
    if (tokens !== undefined) await writeFile(file, tokens);
    const child = run(['mock', '--port', '0', ...args, ...(tokens === undefined ? [] : [file])]);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await exitCode(child);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('bnpl-kit mock --api --public-url', () => {
  it('should serve only the APIs named, with links at the public URL', async () => {
    const child = run([
      'mock',
      '--port',
      '0',
      '--quiet',
      '--api',
      'order-processing',
      '--public-url',
      'https://mock.example/',
    ]);
    try {
      const url = /listening on (http:\/\/\S+)/.exec(await firstLine(child))?.[1];
      const index = (await (await fetch(`${url}/`)).json()) as { apis: { base: string }[] };
      expect(index.apis.map((a) => a.base)).toEqual(['https://mock.example/cl/merchant-gateway-service']);
      // bnpl-payment-order is not served: its paths are unknown, in the served API's problem format.
      const ledger = await fetch(`${url}/ledger/bnpl-payment-order/v1/1/bnpl-payment-orders/1`, {
        headers: { authorization: 'Bearer t' },
      });
      expect(ledger.status).toBe(404);
      expect(((await ledger.json()) as { type: string }).type).toMatch(/order-processing\/not-found$/);
      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('bin/bnpl-kit.js (the package bin)', () => {
  it('should run the ahead-of-time build in dist/', async () => {
    const child = spawn(process.execPath, ['bin/bnpl-kit.js', 'summary'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    expect(await exitCode(child)).toBe(0);
    expect(out).toContain('createBnplPaymentOrder');
    expect(out.split('\n').filter((line) => /^ {2}(GET|POST)/.test(line))).toHaveLength(6);
  });
});
