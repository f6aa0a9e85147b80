import { defineConfig } from 'vitest/config';

// Playwright specs (test/e2e, test/electron) run under Playwright, not Vitest. The HQ suite runs
// twice, on embedded PGlite and on the PostgreSQL server (DATABASE_URL, default the local `test`
// database); the PostgreSQL run fails, never skips, when the server is not there. A file's hooks
// may start PGlite, which takes 2 s on an idle machine and over 10 s on a busy 2-core one.
const hq = (name: string, database: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: { name, include: ['test/hq/**/*.test.ts'], env: { HQ_TEST_DATABASE: database }, hookTimeout: 60_000 },
});

export default defineConfig({
  test: {
    exclude: ['test/e2e/**', 'test/electron/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'kiosk', include: ['test/unit/**/*.test.ts'] } },
      hq('hq-pglite', 'pglite'),
      hq('hq-postgres', 'postgres'),
    ],
  },
});
