// Vitest globalSetup: makes sure Debian's Chromium is at /usr/bin/chromium before the
// browser suite (test/pages.browser.test.ts) runs. A fresh CI machine does not have it
// and Playwright's own browser download cannot work there (closed network, see
// .library notes), so as root we install the Debian package; elsewhere we stop with
// a message that says what to install. When Chromium is already there this is one
// stat call, so every other `vitest run` pays nothing for it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export const chromiumPath = '/usr/bin/chromium';

/** The launch flags known to work on these machines (no sandbox as root, no background network). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error?.message ?? `exit code ${String(result.status ?? result.signal)}`;
    throw new Error(
      `test/setup/chromium.ts: \`${command} ${args.join(' ')}\` failed (${why}); ` +
        `the browser tests need Debian's chromium at ${chromiumPath}.`,
    );
  }
}

export default function setup(): void {
  if (isExecutable(chromiumPath)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `test/setup/chromium.ts: ${chromiumPath} is missing and this process is not root, so it cannot ` +
        'install it. Run `sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium` first.',
    );
  }
  console.log(
    `test/setup/chromium.ts: ${chromiumPath} is missing; installing Debian's chromium with apt-get`,
  );
  const started = performance.now();
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (!isExecutable(chromiumPath)) {
    throw new Error(
      `test/setup/chromium.ts: apt-get installed chromium but ${chromiumPath} is still missing.`,
    );
  }
  console.log(
    `test/setup/chromium.ts: installed chromium in ${Math.round((performance.now() - started) / 1000)} s`,
  );
}
