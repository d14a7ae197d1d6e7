// Compiles the benchmark's server processes (bench/servers/*.ts) to plain JavaScript in
// bench/.build/ before a run, so that every child runs under plain `node`, without a
// TypeScript loader in its start time or memory, while the sources stay type-checked
// with the rest of the project. esbuild bundles each entry with the helpers it imports
// and leaves every package external; the mock itself is loaded at run time from the
// built dist/index.js, so the bench measures what the package ships.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const buildDir = path.join(benchDir, '.build');

export const serverEntries = ['ours', 'bare', 'filled', 'start-mock'] as const;
export type ServerEntry = (typeof serverEntries)[number];

/** Compiles every entry; resolves to each one's script path. */
export async function buildServers(): Promise<Readonly<Record<ServerEntry, string>>> {
  await rm(buildDir, { recursive: true, force: true });
  await build({
    absWorkingDir: benchDir,
    entryPoints: serverEntries.map((name) => `servers/${name}.ts`),
    outdir: buildDir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: '// Compiled by bench/build.ts from bench/servers/; do not edit.' },
  });
  // esbuild's service process would otherwise idle beside the servers for the whole run.
  await stop();
  return Object.fromEntries(serverEntries.map((name) => [name, path.join(buildDir, `${name}.js`)])) as Record<
    ServerEntry,
    string
  >;
}
