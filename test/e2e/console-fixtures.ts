import { test as base, expect, type Page } from '@playwright/test';
import { PASSWORD } from './console-hq.ts';

/**
 * Console pages fail their test on a CSP violation or an uncaught error: the console must run
 * under HQ's CSP (no inline scripts or styles) exactly as shipped, as the kiosk's pages do.
 */
export const test = base.extend<{ consolePage: Page }>({
  consolePage: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await use(page);
    expect(problems, 'CSP violations or page errors').toEqual([]);
  },
});
export { expect };

/** Signs in on the sign-in page the console shows when nobody is signed in. */
export async function signIn(page: Page, username: string, language: 'zh' | 'en' = 'zh'): Promise<void> {
  await page.getByLabel(language === 'zh' ? '用户名' : 'Username').fill(username);
  await page.getByLabel(language === 'zh' ? '密码' : 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: language === 'zh' ? '登录' : 'Sign in', exact: true }).click();
}
