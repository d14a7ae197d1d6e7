// bnpl-kit used as a package from a shop's own project (issue 12): packed as npm would
// publish it, installed into a scratch project, and the README's embedding examples run
// there as written, under vitest and under plain node, with the type declarations
// checked by tsc. Nothing here imports the sources: only what the tarball holds counts.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../lib/paths.ts';

let scratch: string;
let consumer: string;

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** The README's blocks marked `<!-- package-example: <file> -->`, by file name. */
async function readmeExamples(): Promise<Map<string, string>> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const examples = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- package-example: (\S+) -->\s*```js\n([\s\S]*?)```/g)) {
    examples.set(match[1] as string, match[2] as string);
  }
  return examples;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'bnpl-kit-package-'));
  consumer = path.join(scratch, 'shop');
  await mkdir(consumer);
  // dist/ is fresh (the build globalSetup); the declarations are written here, and the
  // pack skips `prepare` so that no other test sees dist/ rebuilt under it.
  const types = run(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    root,
  );
  expect(types.status, types.out).toBe(0);
  const packed = run('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch, '--silent'], root);
  expect(packed.status, packed.out).toBe(0);
  const tarball = path.join(scratch, packed.out.trim().split('\n').pop() ?? '');
  await writeFile(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'shop', private: true, type: 'module' }),
  );
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], consumer);
  expect(installed.status, installed.out).toBe(0);
  // The shop's own dev tools: vitest and Node's types, as any shop project has them.
  for (const tool of ['vitest', '@types/node']) {
    await mkdir(path.dirname(path.join(consumer, 'node_modules', tool)), { recursive: true });
    await symlink(path.join(root, 'node_modules', tool), path.join(consumer, 'node_modules', tool), 'dir');
  }
  for (const [file, code] of await readmeExamples()) await writeFile(path.join(consumer, file), code);
}, 240_000);

afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe('bnpl-kit installed into a shop project', () => {
  it('should ship only what runs: the build, the contracts, the generated validators and the rules', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(consumer, 'node_modules/bnpl-kit/package.json'), 'utf8'),
    ) as { exports: Record<string, unknown> };
    expect(manifest.exports['.']).toMatchObject({ import: './dist/index.js' });
    const listing = run('ls', ['node_modules/bnpl-kit'], consumer).out.split('\n');
    expect(listing).toEqual(expect.arrayContaining(['dist', 'spec', 'generated', 'mock-rules', 'bin']));
    expect(listing).not.toContain('src');
  });

  it("should run the README's vitest example as written", async () => {
    const examples = await readmeExamples();
    expect([...examples.keys()]).toEqual(['checkout.test.mjs', 'smoke.mjs']);
    const vitest = run(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--root', consumer],
      consumer,
    );
    expect(vitest.status, vitest.out).toBe(0);
    expect(vitest.out).toMatch(/1 passed/);
  }, 120_000);

  it("should run the README's plain node example as written", () => {
    const node = run(process.execPath, ['smoke.mjs'], consumer);
    expect(node.status, node.out).toBe(0);
    expect(node.out).toMatch(/^200 \d+ spend options$/m);
  });

  it('should load under require() too, as jest loads packages without its ES-module mode', async () => {
    await writeFile(
      path.join(consumer, 'smoke.cjs'),
      [
        "const { startMock } = require('bnpl-kit');",
        "startMock({ port: 0, apis: ['order-processing'] }).then(async (mock) => {",
        "  const contract = await fetch(mock.url + '/openapi/order-processing.yaml');",
        "  console.log(contract.status, (await contract.text()).startsWith('openapi: 3.1'));",
        '  await mock.close();',
        '});',
      ].join('\n'),
    );
    const node = run(process.execPath, ['smoke.cjs'], consumer);
    expect(node.status, node.out).toBe(0);
    expect(node.out).toMatch(/^200 true$/m);
  });

  it('should run the bnpl-kit binary from the installed package', () => {
    const version = run(
      path.join(consumer, 'node_modules/.bin/bnpl-kit'),
      ['summary', 'order-processing'],
      consumer,
    );
    expect(version.status, version.out).toBe(0);
    expect(version.out).toContain('Settle');
  });

  it('should type-check a use of startMock against the shipped declarations', async () => {
    await writeFile(
      path.join(consumer, 'check.ts'),
      [
        "import { type RunningMock, startMock } from 'bnpl-kit';",
        "const mock: RunningMock = await startMock({ port: 0, apis: ['order-processing'] });",
        'const removed: number = await mock.reset({ merchantId: "m" });',
        '// @ts-expect-error: an unknown option is a type error',
        'await startMock({ prot: 1 });',
        'console.log(mock.url, removed);',
      ].join('\n'),
    );
    await writeFile(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          types: ['node'],
          skipLibCheck: true,
        },
        files: ['check.ts'],
      }),
    );
    const tsc = run(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      consumer,
    );
    expect(tsc.status, tsc.out).toBe(0);
  });
});
