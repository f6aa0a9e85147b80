import { test as base, expect, type Page } from '@playwright/test';
import { PASSWORD } from './console-hq.ts';
import { guardPage } from './fixtures.ts';

/** Console pages fail their test on a CSP violation or an uncaught error, as the kiosk's do. */
export const test = base.extend<{ consolePage: Page }>({
  consolePage: async ({ page }, use) => guardPage(page, use),
});
export { expect };

/** Signs in on the sign-in page the console shows when nobody is signed in. */
export async function signIn(page: Page, username: string, language: 'zh' | 'en' = 'zh'): Promise<void> {
  await page.getByLabel(language === 'zh' ? '用户名' : 'Username').fill(username);
  await page.getByLabel(language === 'zh' ? '密码' : 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: language === 'zh' ? '登录' : 'Sign in', exact: true }).click();
}
