import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // Playwright specs (test/e2e, test/electron) run under Playwright, not Vitest.
    exclude: ['test/e2e/**', 'test/electron/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
