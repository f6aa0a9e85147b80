import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every kiosk page in these tests fails on a CSP violation or an uncaught error: the UI must run
 * under the production CSP (no inline scripts or styles) exactly as shipped.
 */
export const test = base.extend<{ kioskPage: Page }>({
  kioskPage: async ({ page }, use) => {
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

export async function startVisit(page: Page, language: 'zh' | 'en' = 'zh'): Promise<void> {
  await page.goto('/');
  if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: language === 'en' ? 'Tap to start' : '点击开始' }).click();
  await expect(page.getByRole('heading', { name: language === 'en' ? 'Choose a category' : '请选择品类' })).toBeVisible();
}
