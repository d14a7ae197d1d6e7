// Starts and stops Stoplight Prism (`prism proxy`) as a child process for
// test/prism-proxy.test.ts and test/order-processing.prism-proxy.test.ts. Prism is the
// independent judge of the mock: it validates every proxied response against a
// contract (spec/bnpl-payment-order.yaml's latest revision unless told). Its output is kept so a
// failing assertion can show what Prism said, and stop() always ends the process (it
// escalates to SIGKILL) so a failed run leaves nothing listening.

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/core/http.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const prismBin = path.join(root, 'node_modules/.bin/prism');
// The revision the mock serves by default (the latest), resolved from its overlay by npm run generate.
export const contractPath = path.join(root, 'generated/bnpl-payment-order.2026-02-17.yaml');

export interface PrismOptions {
  readonly upstream: string;
  /** The contract to judge by (default: contractPath). */
  readonly contract?: string;
  /** false passes `--validate-request false`: the upstream, not Prism, answers invalid requests. */
  readonly validateRequest: boolean;
  /** How long to wait for "Prism is listening". */
  readonly startTimeoutMs?: number;
}

export interface RunningPrism {
  readonly url: string;
  /** stdout and stderr so far, in arrival order. */
  output(): string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startPrism(options: PrismOptions): Promise<RunningPrism> {
  const port = await freePort();
  const args = [
    'proxy',
    options.contract ?? contractPath,
    options.upstream,
    '--errors',
    '--validate-request',
    String(options.validateRequest),
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
  ];
  const child = spawn(prismBin, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const running: RunningPrism = {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => stopChild(child),
  };

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Prism did not listen within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        if (/Prism is listening on/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Prism exited before listening (${String(code ?? signal)})`));
      });
    });
  } catch (error) {
    await stopChild(child);
    throw new Error(
      `${(error as Error).message}\n$ prism ${args.join(' ')}\n--- Prism output ---\n${output}`,
    );
  }
  return running;
}
