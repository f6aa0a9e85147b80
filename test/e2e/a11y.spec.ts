import { expectAccessible } from './axe.ts';
import { expect, startVisit, test, tiles } from './fixtures.ts';

for (const language of ['zh', 'en'] as const) {
  test(`${language}: attract, list, detail, compare and cart pass axe-core`, async ({ kioskPage: page }) => {
    await page.goto('/');
    if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('button', { name: language === 'en' ? 'Tap to start' : '点击开始' })).toBeVisible();
    await expectAccessible(page, 'attract');

    await startVisit(page, language);
    await page.getByRole('button', { name: language === 'en' ? /^Refrigerators/ : /^冰箱/ }).click();
    await expect(tiles(page).first()).toBeVisible();
    await expectAccessible(page, 'list');

    const compare = language === 'en' ? 'Compare' : '对比';
    await tiles(page).nth(0).getByRole('button', { name: compare }).click();
    await tiles(page).nth(1).getByRole('button', { name: compare }).click();
    await tiles(page).nth(0).getByRole('button').first().click();
    await expect(page.getByRole('table')).toBeVisible();
    await expectAccessible(page, 'detail');

    await page.getByRole('button', { name: language === 'en' ? 'Add to cart' : '加入购物车' }).click();
    await page.getByRole('button', { name: language === 'en' ? 'Compare (2)' : '开始对比（2）' }).click();
    await expect(page.getByRole('table')).toBeVisible();
    await expectAccessible(page, 'compare');

    await page.getByRole('button', { name: language === 'en' ? 'Cart 1' : '购物车 1' }).click();
    await expect(page.locator('.cart__total')).toBeVisible();
    await expectAccessible(page, 'cart');
  });
}
