import type { Locator, Page } from '@playwright/test';
import { expect, startVisit, test, tiles } from './fixtures.ts';

/**
 * A tap is not a mouse click (DESIGN.md §10): whatever closes on finger-down must not let the
 * rest of that touch (its finger-up and the click the browser makes of it) land on what was
 * underneath. These tests tap with touch events (hasTouch), never the mouse.
 */
const cases = [
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 }, language: 'zh' },
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 }, language: 'en' },
] as const;

const T = {
  zh: {
    search: /搜索品牌/,
    keyboard: '屏幕键盘',
    done: '完成',
    results: '“bing”的搜索结果',
    specs: '规格参数',
    favourites: '收藏 0',
    tray: '对比栏',
    fridges: /^冰箱/,
    list: '冰箱',
    stillThere: '还在吗？',
  },
  en: {
    search: /Search brands/,
    keyboard: 'On-screen keyboard',
    done: 'Done',
    results: 'Results for “bing”',
    specs: 'Specifications',
    favourites: 'Favourites 0',
    tray: 'Compare tray',
    fridges: /^Refrigerators/,
    list: 'Refrigerators',
    stillThere: 'Still there?',
  },
} as const;

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** What a finger at this point would hit now (a selector it lies in, or null). */
function hitAt(page: Page, point: { x: number; y: number }, selector: string): Promise<boolean> {
  return page.evaluate(({ x, y, selector }) => document.elementFromPoint(x, y)?.closest(selector) != null, { ...point, selector });
}

/** Lets any click the browser makes of a finished tap arrive before the test looks. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 250)));
}

async function tapKeys(keyboard: Locator, text: string): Promise<void> {
  for (const key of text) await keyboard.getByRole('button', { name: key, exact: true }).tap();
}

for (const { orientation, viewport, language } of cases) {
  const t = T[language];

  test(`${orientation} ${language}: Done on the search keyboard closes it and opens nothing underneath`, async ({ kioskPage: page }) => {
    await page.setViewportSize(viewport);
    await startVisit(page, language);
    await page.getByRole('button', { name: t.search }).tap();
    const keyboard = page.getByRole('group', { name: t.keyboard });
    await expect(keyboard).toBeVisible();
    if (language === 'zh') await keyboard.getByRole('button', { name: '切换到英文字母' }).tap();
    await tapKeys(keyboard, 'bing');
    await expect(page.getByRole('heading', { name: t.results })).toBeVisible();
    await expect(tiles(page).first()).toBeVisible();

    const done = keyboard.getByRole('button', { name: t.done });
    const point = await centre(done);
    await done.tap();
    await expect(keyboard).toBeHidden();
    await settle(page);

    await expect(page.getByRole('heading', { name: t.results })).toBeVisible();
    await expect(page.getByRole('heading', { name: t.specs })).toHaveCount(0);
    await expect(page.getByRole('button', { name: t.favourites })).toBeVisible();
    await expect(page.getByRole('complementary', { name: t.tray })).toHaveCount(0);
    // The finger was over a product card: had the tap gone through, it would have opened it.
    expect(await hitAt(page, point, '.product-tile')).toBe(true);
    // Only that touch was swallowed: the next one opens the card.
    await tiles(page).first().getByRole('button').first().tap();
    await expect(page.getByRole('heading', { name: t.specs })).toBeVisible();
  });

  test(`${orientation} ${language}: the touch that answers the idle prompt does not reach the product under it`, async ({ kioskPage: page }) => {
    await page.clock.install();
    await page.setViewportSize(viewport);
    await startVisit(page, language);
    await page.getByRole('button', { name: t.fridges }).tap();
    const card = tiles(page).first().getByRole('button').first();
    await expect(card).toBeVisible();

    await page.clock.fastForward('01:21');
    const warning = page.getByRole('alertdialog', { name: t.stillThere });
    await expect(warning).toBeVisible();
    // Beside the dialog, on the dimmed product card: any touch answers "still here".
    const box = await card.boundingBox();
    if (!box) throw new Error('no card');
    const point = { x: box.x + box.width / 2, y: box.y + 40 };
    await page.touchscreen.tap(point.x, point.y);
    await expect(warning).toBeHidden();
    await settle(page);

    await expect(page.getByRole('heading', { name: t.list, exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: t.specs })).toHaveCount(0);
    expect(await hitAt(page, point, '.product-tile__open')).toBe(true);
    await page.touchscreen.tap(point.x, point.y);
    await expect(page.getByRole('heading', { name: t.specs })).toBeVisible();
  });
}
