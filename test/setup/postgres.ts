// Vitest globalSetup: one real, throwaway PostgreSQL server for the whole run (the
// PostgreSQL store's tests need one; an in-process imitation would prove nothing about
// locks, transactions or a lost connection). Its superuser URL reaches the tests as
// `inject('postgresUrl')`; each test file creates its own database on it
// (`createDatabase` in test/support/postgres-server.ts). Teardown stops the server and
// removes its directory whether the tests passed or not.
import type { TestProject } from 'vitest/node';
import { type RunningPostgres, startPostgres } from '../support/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's superuser URL (database `postgres`). */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server: RunningPostgres = await startPostgres({ label: 'test/setup/postgres.ts' });
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
