import { expect, startVisit, test } from './fixtures.ts';

test.describe('a shopper browses the store', () => {
  test('in Chinese: attract → category → product → back', async ({ kioskPage: page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: '好家电，就在这里选' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await startVisit(page, 'zh');

    await page.getByRole('button', { name: /^冰箱/ }).click();
    await expect(page.getByRole('heading', { name: '冰箱', level: 1 })).toBeVisible();
    await expect(page.getByText(/共 \d+ 款/)).toBeVisible();

    const first = page.getByRole('list', { name: '商品列表' }).getByRole('article').first();
    const productName = (await first.getAttribute('aria-label')) ?? '';
    expect(productName).toMatch(/冰箱/);
    await first.getByRole('button').first().click();
    await expect(page.getByRole('heading', { name: productName, level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: '规格参数' })).toBeVisible();
    await expect(page.getByRole('rowheader', { name: '商品编码' })).toBeVisible();
    await expect(page.getByText(/¥[\d,]+/).first()).toBeVisible();

    await page.getByRole('button', { name: '返回' }).click();
    await expect(page.getByRole('heading', { name: '冰箱', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: '首页' }).click();
    await expect(page.getByRole('heading', { name: '请选择品类' })).toBeVisible();
  });

  test('in English, switching language on the way, with sorting kept after visiting a product', async ({ kioskPage: page }) => {
    await startVisit(page, 'en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: /^Air conditioners/i }).click();
    await expect(page.getByRole('heading', { name: /Air conditioners/i, level: 1 })).toBeVisible();

    await page.getByRole('radio', { name: 'Price: low to high' }).click();
    await expect(page.getByRole('radio', { name: 'Price: low to high' })).toHaveAttribute('aria-checked', 'true');
    const prices = await page.locator('.product-tile .price__now').allTextContents();
    const values = prices.map((p) => Number(p.replace(/[¥,]/g, '')));
    expect(values.length).toBeGreaterThan(3);
    expect(values).toEqual([...values].sort((a, b) => a - b));

    await page.getByRole('list', { name: 'Products' }).getByRole('article').first().getByRole('button').first().click();
    await expect(page.getByRole('heading', { name: 'Specifications' })).toBeVisible();
    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.getByRole('heading', { name: '规格参数' })).toBeVisible();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByRole('radio', { name: 'Price: low to high' })).toHaveAttribute('aria-checked', 'true');
  });

  test('the whole store scrolls in one virtualised grid, loading further products as it goes', async ({ kioskPage: page }) => {
    await startVisit(page, 'en');
    await page.getByRole('button', { name: /Search brands/ }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    const items = page.getByRole('list', { name: 'Products' }).getByRole('listitem');
    const total = Number(await items.first().getAttribute('aria-setsize'));
    expect(total).toBeGreaterThan(300);
    // Only what is on screen is in the DOM, however long the list.
    expect(await items.count()).toBeLessThan(40);
    await page.locator('.grid-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(items.last()).toHaveAttribute('aria-posinset', String(total));
    await expect(items.last().getByRole('article')).toBeVisible();
  });
});
