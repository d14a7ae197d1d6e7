// Vitest globalSetup: brings dist/ up to date once before any test spawns the
// `bnpl-kit` binary, so that parallel test files never rebuild it at the same time.
// After `npm ci` (whose `prepare` builds) this is a freshness check of a few ms.
import { buildBundle, isStale } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  if (await isStale()) await buildBundle();
}
