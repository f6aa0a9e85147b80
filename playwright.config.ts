import { defineConfig, devices } from '@playwright/test';
import { DEMO_IDENTITY_KEY, E2E_DATA_DIR, E2E_OFFLINE_DATA_DIR, E2E_OFFLINE_PORT, E2E_PORT, UNREACHABLE_HQ } from './test/e2e/env.ts';

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
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: 'retain-on-failure',
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
  webServer: [
    {
      command: 'node test/e2e/serve.mjs',
      url: `http://127.0.0.1:${E2E_PORT}/api`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { KIOSK_DATA_DIR: E2E_DATA_DIR, KIOSK_PORT: String(E2E_PORT), KIOSK_LOG_LEVEL: 'warn' },
    },
    {
      command: 'node test/e2e/serve.mjs',
      url: `http://127.0.0.1:${E2E_OFFLINE_PORT}/api`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { KIOSK_DATA_DIR: E2E_OFFLINE_DATA_DIR, KIOSK_PORT: String(E2E_OFFLINE_PORT), KIOSK_LOG_LEVEL: 'warn', KIOSK_HQ_URL: UNREACHABLE_HQ, KIOSK_IDENTITY_KEY_FILE: DEMO_IDENTITY_KEY },
    },
  ],
});
