import { expect, startVisit, test, tiles } from './fixtures.ts';

const priceOf = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

for (const language of ['zh', 'en'] as const) {
  const L =
    language === 'zh'
      ? { fridges: /^冰箱/, filters: /^筛选/, brand: /^海尔/, priceAsc: '价格从低到高', back: '返回', specs: '规格参数' }
      : { fridges: /^Refrigerators/, filters: /^Filters/, brand: /^Haier/, priceAsc: 'Price: low to high', back: 'Back', specs: 'Specifications' };

  test(`${language}: a filter plus sort, then a product and back with both kept`, async ({ kioskPage: page }) => {
    await startVisit(page, language);
    await page.getByRole('button', { name: L.fridges }).click();
    const before = Number((await page.locator('.list-head__count').textContent())?.replace(/\D/g, ''));

    await page.getByRole('button', { name: L.filters }).click();
    const brand = page.getByRole('checkbox', { name: L.brand });
    const expected = Number((await brand.locator('.facet__count').textContent()) ?? '0');
    await brand.click();
    await expect(brand).toHaveAttribute('aria-checked', 'true');
    await expect(page.locator('.list-head__count')).toHaveText(new RegExp(`${expected}`));
    expect(expected).toBeLessThan(before);
    await page.getByRole('button', { name: L.filters }).click();

    await page.getByRole('radio', { name: L.priceAsc }).click();
    await expect(page.getByRole('radio', { name: L.priceAsc })).toHaveAttribute('aria-checked', 'true');
    await expect(tiles(page).first()).toContainText(language === 'zh' ? '海尔' : 'Haier');
    const prices = (await page.locator('.product-tile .price__now').allTextContents()).map(priceOf);
    expect(prices.length).toBeGreaterThan(2);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));

    await tiles(page).first().getByRole('button').first().click();
    await expect(page.getByRole('heading', { name: L.specs })).toBeVisible();
    await page.getByRole('button', { name: L.back }).click();

    await expect(page.getByRole('radio', { name: L.priceAsc })).toHaveAttribute('aria-checked', 'true');
    await expect(page.locator('.list-head__count')).toHaveText(new RegExp(`${expected}`));
    await page.getByRole('button', { name: L.filters }).click();
    await expect(page.getByRole('checkbox', { name: L.brand })).toHaveAttribute('aria-checked', 'true');
  });

  test(`${language}: compare three products with their differences highlighted`, async ({ kioskPage: page }) => {
    await startVisit(page, language);
    await page.getByRole('button', { name: L.fridges }).click();
    const compare = language === 'zh' ? '对比' : 'Compare';
    for (let i = 0; i < 3; i++) await tiles(page).nth(i).getByRole('button', { name: compare }).click();
    await expect(tiles(page).first().getByRole('button', { name: compare })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: language === 'zh' ? '开始对比（3）' : 'Compare (3)' }).click();

    const table = page.getByRole('table');
    await expect(table.getByRole('columnheader')).toHaveCount(3);
    const differing = table.locator('tr.differs');
    expect(await differing.count()).toBeGreaterThan(0);
    await expect(differing.first().getByText(language === 'zh' ? '不同' : 'Differs')).toBeVisible();
    const priceRow = table.getByRole('row', { name: new RegExp(language === 'zh' ? '到手价' : 'Price') });
    await expect(priceRow).toHaveClass(/differs/);

    await page.getByRole('switch', { name: language === 'zh' ? '只看不同项' : 'Only differences' }).click();
    expect(await table.locator('tbody tr:not(.differs)').count()).toBe(0);
  });

  test(`${language}: add to cart, change quantity, totals follow`, async ({ kioskPage: page }) => {
    await startVisit(page, language);
    await page.getByRole('button', { name: L.fridges }).click();
    await tiles(page).first().getByRole('button').first().click();
    const price = priceOf(await page.locator('.detail__price-box .price__now').textContent());
    await page.getByRole('button', { name: language === 'zh' ? '加入购物车' : 'Add to cart' }).click();
    await expect(page.getByRole('button', { name: language === 'zh' ? '购物车 1' : 'Cart 1' })).toBeVisible();
    await page.getByRole('button', { name: language === 'zh' ? '去购物车' : 'View cart' }).click();

    // One unit costs what the page said (its deal price); the cart shows how: shelf price less promotions.
    const total = page.locator('.cart__total dd');
    await expect.poll(async () => priceOf(await total.textContent())).toBe(price);
    const unit = priceOf(await page.locator('.cart-line__unit').textContent());
    const subtotal = page.locator('.cart__totals div').first().locator('dd');
    await expect(subtotal).toHaveText(new RegExp(`¥${unit.toLocaleString('en-US')}`));
    await page.getByRole('button', { name: language === 'zh' ? '增加数量' : 'Increase quantity' }).click();
    await expect(page.locator('.stepper__value')).toHaveText('2');
    await expect(subtotal).toHaveText(new RegExp(`¥${(unit * 2).toLocaleString('en-US')}`));
    await expect(page.getByRole('button', { name: language === 'zh' ? '购物车 2' : 'Cart 2' })).toBeVisible();
    const discounts = (await page.locator('.cart__discount dd').allTextContents()).map(priceOf);
    expect(priceOf(await total.textContent())).toBeCloseTo(unit * 2 - discounts.reduce((a, b) => a + b, 0), 2);

    await page.getByRole('button', { name: language === 'zh' ? '删除' : 'Remove' }).click();
    await expect(page.getByText(language === 'zh' ? '购物车是空的。' : 'Your cart is empty.')).toBeVisible();
  });
}
