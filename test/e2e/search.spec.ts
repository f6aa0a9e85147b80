import { expect, grid, startVisit, test, tiles, typeOnKeyboard } from './fixtures.ts';

test.describe('search with the on-screen keyboard', () => {
  test('Chinese characters picked from pinyin candidates find refrigerators', async ({ kioskPage: page }) => {
    await startVisit(page, 'zh');
    await page.getByRole('button', { name: /搜索品牌/ }).click();
    const keyboard = page.getByRole('group', { name: '屏幕键盘' });
    await expect(keyboard).toBeVisible();
    await typeOnKeyboard(page, 'bing');
    await keyboard.getByRole('button', { name: '冰', exact: true }).click();
    await typeOnKeyboard(page, 'xiang');
    await keyboard.getByRole('button', { name: '箱', exact: true }).click();
    await expect(page.getByRole('searchbox', { name: '搜索商品' })).toHaveValue('冰箱');
    await expect(page.getByRole('heading', { name: '“冰箱”的搜索结果' })).toBeVisible();
    await expect(tiles(page).first()).toContainText('冰箱');
    await keyboard.getByRole('button', { name: '完成' }).click();
    await expect(keyboard).toBeHidden();
  });

  test('full pinyin and pinyin initials find the same refrigerators', async ({ kioskPage: page }) => {
    await startVisit(page, 'zh');
    await page.getByRole('button', { name: /搜索品牌/ }).click();
    await page.getByRole('button', { name: '切换到英文字母' }).click();
    await typeOnKeyboard(page, 'bingxiang');
    await expect(page.getByRole('heading', { name: '“bingxiang”的搜索结果' })).toBeVisible();
    const full = Number((await page.getByText(/^共 \d+ 款$/).textContent())?.replace(/\D/g, ''));
    expect(full).toBeGreaterThan(10);
    await expect(tiles(page).first()).toContainText(/冰箱|冷柜/);

    await page.getByRole('button', { name: '清空搜索' }).click();
    await typeOnKeyboard(page, 'bx');
    await expect(page.getByRole('heading', { name: '“bx”的搜索结果' })).toBeVisible();
    await expect(tiles(page).first()).toContainText('冰箱');
  });

  test('in English: a misspelling offers a correction that finds products', async ({ kioskPage: page }) => {
    await startVisit(page, 'en');
    await page.getByRole('button', { name: /Search brands/ }).click();
    await typeOnKeyboard(page, 'hiaer');
    await expect(page.getByText('Nothing found for “hiaer”.')).toBeVisible();
    await page.getByRole('button', { name: 'haier', exact: true }).click();
    await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveValue('haier');
    await expect(grid(page)).toBeVisible();
    await expect(tiles(page).first()).toContainText('Haier');
  });
});
