// `npm run build`: compiles the TypeScript sources ahead of time into dist/, so that the
// `bnpl-kit` binary and `import { startMock } from 'bnpl-kit'` start without a
// transpiler. esbuild bundles the two entry points (the CLI and the package API) with
// their shared code split into chunks beside them (lib/paths.ts finds the package root
// one folder up), keeping every package of node_modules external; `--types` also has
// tsc write the package's type declarations. Plain JavaScript, so that bin/bnpl-kit.js
// can check freshness and rebuild without loading a transpiler.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = path.join(root, 'dist');

/** The folders whose files end up in the bundle: a change in any makes dist/ stale. */
const sourceDirs = ['src', 'lib', 'conformance', 'generated'].map((d) => path.join(root, d));

export async function buildBundle() {
  const { build } = await import('esbuild');
  for (const file of await readdir(distDir).catch(() => [])) {
    if (/\.js(\.map)?$/.test(file)) await rm(path.join(distDir, file));
  }
  await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
    outdir: 'dist',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    banner: { js: '// Built by `npm run build` from the TypeScript sources; do not edit.' },
  });
}

/** The newest modification time of a file under `dir`, in ms. */
async function newest(dir) {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? await newest(file) : (await stat(file)).mtimeMs);
  }
  return latest;
}

/** Whether dist/ is missing or older than a source file (always false without the sources). */
export async function isStale() {
  const sources = await stat(path.join(root, 'src')).catch(() => undefined);
  if (sources === undefined) return false;
  const built = await stat(path.join(distDir, 'cli.js')).catch(() => undefined);
  if (built === undefined) return true;
  for (const dir of sourceDirs) if ((await newest(dir)) > built.mtimeMs) return true;
  return false;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildBundle();
  if (process.argv.includes('--types')) {
    const { spawnSync } = await import('node:child_process');
    const tsc = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'inherit' },
    );
    if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  }
  console.log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
}
