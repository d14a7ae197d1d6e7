// `npm run build`: compiles the TypeScript sources ahead of time into dist/, so that the
// `bnpl-kit` binary and `import { startMock } from 'bnpl-kit'` start without a
// transpiler. esbuild bundles the two entry points (the CLI and the package API) with
// their shared code split into chunks beside them (lib/paths.ts finds the package root
// one folder up), keeping most packages of node_modules external; `--types` also has
// tsc write the package's type declarations. Plain JavaScript, so that bin/bnpl-kit.js
// can check freshness and rebuild without loading a transpiler.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');

/**
 * Packages bundled into dist/: every start loads them, and each is dozens of files,
 * which as one file load in half the time (issue 11). The others stay external: loaded
 * only when used (pg, pino, swagger-parser, openapi-format, ajv's compiler), or shipping
 * files of their own (swagger-ui-dist); the package still lists them all.
 */
const bundledPackages = new Set(['commander', 'find-my-way', 'yaml']);
const dependencies = Object.keys(
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies,
);
const externalPackages = dependencies
  .filter((name) => !bundledPackages.has(name))
  .flatMap((name) => [name, `${name}/*`]);

/** The folders whose files end up in the bundle: a change in any makes dist/ stale. */
const sourceDirs = ['src', 'lib', 'conformance', 'generated'].map((d) => path.join(root, d));

export async function buildBundle() {
  const { build } = await import('esbuild');
  for (const file of await readdir(distDir).catch(() => [])) {
    if (/\.c?js(\.map)?$/.test(file)) await rm(path.join(distDir, file));
  }
  // Both builds: bundled for Node 20, most packages left to node_modules.
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: externalPackages,
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  const header = '// Built by `npm run build` from the TypeScript sources; do not edit.';
  await build({
    ...common,
    entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
    outdir: 'dist',
    chunkNames: '[name]-[hash]',
    splitting: true,
    format: 'esm',
    banner: {
      js: [
        header,
        // The bundled CommonJS packages require Node's modules; an ES module has no `require` of its own.
        "import { createRequire as __bnplKitCreateRequire } from 'node:module';",
        'const require = __bnplKitCreateRequire(import.meta.url);',
      ].join('\n'),
    },
  });
  // The package API once more as CommonJS, for `require('bnpl-kit')` and test runners that
  // load packages that way (jest without its ES-module mode). One file, no chunks; the
  // modules that find the package's files by `import.meta.url` get this file's URL.
  await build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.cjs',
    format: 'cjs',
    define: { 'import.meta.url': '__bnplKitModuleUrl' },
    banner: {
      js: [header, "const __bnplKitModuleUrl = require('node:url').pathToFileURL(__filename).href;"].join(
        '\n',
      ),
    },
  });
}

/**
 * The newest modification time of a file under `dir`, in ms. Synchronous on purpose: a
 * few hundred stats, each awaited, took 15 ms of every start in a checkout (issue 11).
 */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs);
  }
  return latest;
}

/** Whether dist/ is missing or older than a source file (always false without the sources). */
export async function isStale() {
  if (!existsSync(path.join(root, 'src'))) return false;
  const built = existsSync(path.join(distDir, 'cli.js')) ? statSync(path.join(distDir, 'cli.js')) : undefined;
  if (built === undefined) return true;
  return sourceDirs.some((dir) => newest(dir) > built.mtimeMs);
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
