import { expect, startVisit, test, tiles } from './fixtures.ts';

/**
 * One price everywhere (到手价): a television under today's 5 % promotion costs the same on its
 * card, on its page and in the cart, which is also what an installment plan finances.
 */
test('the price on the card and the page is what the cart charges', async ({ kioskPage: page }) => {
  await startVisit(page, 'zh');
  await page.getByRole('button', { name: /^电视/ }).tap();
  const tile = tiles(page).first();
  const onCard = await tile.locator('.price__now').textContent();
  await tile.getByRole('button').first().tap();
  const onPage = await page.locator('.detail__price-box .price__now').textContent();
  expect(onPage).toBe(onCard);
  await page.getByRole('button', { name: '加入购物车' }).tap();
  await page.getByRole('button', { name: '购物车 1' }).tap();
  await expect(page.locator('.cart__total')).toContainText(onPage ?? 'missing');
});
