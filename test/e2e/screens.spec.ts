import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const orientations = [
  { name: 'portrait', viewport: { width: 1080, height: 1920 } },
  { name: 'landscape', viewport: { width: 1920, height: 1080 } },
] as const;

/** Every control a finger can reach is at least 48×48 px (DESIGN.md §9). */
async function expectTouchTargets(page: Page) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, a[href], [role="radio"]')]
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 48 || box.height < 48))
      .map(({ el, box }) => `${el.textContent?.trim()} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
}

for (const { name, viewport } of orientations) {
  for (const language of ['zh', 'en'] as const) {
    test(`${name} ${language}: attract, home, list and detail render with touch-sized controls`, async ({ kioskPage: page }) => {
      await page.setViewportSize(viewport);
      const shot = (screen: string) => page.screenshot({ path: `test-results/screens/${name}-${language}-${screen}.png` });
      await page.goto('/');
      if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
      await page.evaluate(() => document.fonts.ready);
      await expectTouchTargets(page);
      await shot('attract');

      await page.getByRole('button', { name: language === 'en' ? 'Tap to start' : '点击开始' }).click();
      await expect(page.getByRole('list').getByRole('button').first()).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await expectTouchTargets(page);
      await shot('home');

      await page.getByRole('button', { name: language === 'en' ? /^Refrigerators/i : /^冰箱/ }).click();
      await expect(page.locator('.product-grid > li').first()).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await expectTouchTargets(page);
      await shot('list');

      await page.locator('.product-grid > li button').first().click();
      await expect(page.getByRole('table')).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await expectTouchTargets(page);
      await shot('detail');
    });
  }
}
