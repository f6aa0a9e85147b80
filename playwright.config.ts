import { defineConfig, devices } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  // Each test starts its own web host (test/e2e/fixtures.ts), which also sets baseURL.
  use: {
    // A failed test's trace keeps its actions, DOM snapshots, console and network, without the
    // screencast that every test records for it (JPEG frames of a 1080×1920 page: browse.spec took
    // 32–40 CPU-s with it, 31.6 without); `screenshot` below is the picture of the failure.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromium, args: chromiumArgs },
  },
  projects: [
    {
      name: 'kiosk-portrait',
      testDir: 'test/e2e',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1080, height: 1920 }, hasTouch: true },
    },
    { name: 'electron', testDir: 'test/electron' },
  ],
});
