import { test as base, expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { E2E_DATA_ROOT } from './env.ts';
import { startKioskHost, type KioskHost } from './kiosk-host.ts';

/**
 * Every test gets a kiosk of its own (`kiosk`: a web host on its own port with a fresh data
 * folder), so no test sees another's applications, quotas or velocity counts, and `baseURL`
 * points at it. `hostEnv` sets the host's environment for a file or describe block
 * (`test.use({ hostEnv: OFFLINE_HOST_ENV })`).
 *
 * Every kiosk page in these tests fails on a CSP violation or an uncaught error: the UI must run
 * under the production CSP (no inline scripts or styles) exactly as shipped.
 */
export const test = base.extend<{ kioskPage: Page; kiosk: KioskHost; hostEnv: Record<string, string> }>({
  hostEnv: [{}, { option: true }],
  kiosk: async ({ hostEnv }, use, testInfo) => {
    // Readable, and unique: the test's id tells apart titles whose readable tail is the same.
    const folder = `${testInfo.titlePath.join('-').replace(/[^\w-]+/g, '_').slice(-60)}-${testInfo.testId}-${testInfo.project.name}-r${testInfo.retry}`;
    const host = await startKioskHost(join(E2E_DATA_ROOT, folder), hostEnv);
    await use(host);
    await host.stop();
  },
  baseURL: async ({ kiosk }, use) => use(kiosk.url),
  kioskPage: async ({ page }, use) => guardPage(page, use),
});

/** Runs a test on `page` and fails it on a CSP violation or an uncaught error: pages must run under their CSP exactly as shipped. */
export async function guardPage(page: Page, use: (page: Page) => Promise<void>): Promise<void> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await use(page);
  expect(problems, 'CSP violations or page errors').toEqual([]);
}

export { expect };

export async function startVisit(page: Page, language: 'zh' | 'en' = 'zh'): Promise<void> {
  await page.goto('/');
  if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: language === 'en' ? 'Tap to start' : '点击开始' }).click();
  await expect(page.getByRole('heading', { name: language === 'en' ? 'Choose a category' : '请选择品类' })).toBeVisible();
}

/** Types with the on-screen keyboard, key by key, as a shopper would. */
export async function typeOnKeyboard(page: Page, text: string, keyboardName: string | RegExp = /屏幕键盘|On-screen keyboard/): Promise<void> {
  const keyboard = page.getByRole('group', { name: keyboardName });
  for (const key of text) {
    await keyboard.getByRole('button', { name: key === ' ' ? /空格|Space/ : key, exact: true }).click();
  }
}

/** Types with the on-screen keyboard by touch, key by key, as a shopper's finger does. */
export async function tapOnKeyboard(page: Page, text: string, keyboardName: string | RegExp = /屏幕键盘|On-screen keyboard/): Promise<void> {
  const keyboard = page.getByRole('group', { name: keyboardName });
  for (const key of text) {
    await keyboard.getByRole('button', { name: key === ' ' ? /空格|Space/ : key, exact: true }).tap();
  }
}

export const grid = (page: Page) => page.getByRole('list', { name: /商品列表|Products/ });
export const tiles = (page: Page) => grid(page).getByRole('listitem');
