import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'lib/**/*.test.ts', 'conformance/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts', 'test/setup/chromium.ts', 'test/setup/postgres.ts'],
    reporters: ['default', './test/setup/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
