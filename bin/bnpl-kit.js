#!/usr/bin/env node
// The `bnpl-kit` command (package bin). It runs the ahead-of-time build in dist/ (see
// scripts/build.mjs): no transpiler at start. In a checkout whose sources are newer
// than dist/, it rebuilds first (about a second), so edits are never run stale.
import { existsSync } from 'node:fs';

const builder = new URL('../scripts/build.mjs', import.meta.url);
if (existsSync(builder)) {
  const { buildBundle, isStale } = await import(builder.href);
  if (await isStale()) await buildBundle();
}
await import('../dist/cli.js');
