import { expect, startVisit, test } from './fixtures.ts';

test('idle: a warning after 80 s, reset to the attract screen at 90 s with the visit wiped', async ({ kioskPage: page, kiosk }) => {
  await page.clock.install();
  await startVisit(page, 'en');
  await page.getByRole('button', { name: /^Washing machines/i }).click();
  await page.getByRole('list').getByRole('button').first().click();
  await expect(page.getByRole('heading', { name: 'Specifications' })).toBeVisible();

  // A touch before the limit keeps the visit going.
  await page.clock.fastForward('01:21');
  const warning = page.getByRole('alertdialog', { name: 'Still there?' });
  await expect(warning).toBeVisible();
  await page.getByRole('button', { name: "I'm still here" }).click();
  await expect(warning).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Specifications' })).toBeVisible();

  // No touch: the kiosk resets.
  await page.clock.fastForward('01:21');
  await expect(warning).toBeVisible();
  await page.clock.fastForward('00:10');
  await expect(page.getByRole('button', { name: '点击开始' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  // The session was closed as an idle end, with its outbox row for HQ. The screen resets without
  // waiting for that call, so it may land a moment after the attract screen shows.
  const ended = () => {
    const db = kiosk.db();
    try {
      const last = db.prepare('SELECT id, end_reason FROM sessions ORDER BY started_at DESC LIMIT 1').get() as { id: string; end_reason: string | null };
      const outbox = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE topic = 'session.ended' AND aggregate_id = ?").get(last.id);
      return { reason: last.end_reason, outbox };
    } finally {
      db.close();
    }
  };
  await expect.poll(ended).toEqual({ reason: 'idle', outbox: { n: 1 } });

  // The next shopper starts from the category home, not where the last one left off.
  await page.getByRole('button', { name: '点击开始' }).click();
  await expect(page.getByRole('heading', { name: '请选择品类' })).toBeVisible();
  await expect(page.getByRole('button', { name: '返回' })).toBeDisabled();
});

test('idle reset empties the cart, favourites and compare list', async ({ kioskPage: page }) => {
  await page.clock.install();
  await startVisit(page, 'en');
  await page.getByRole('button', { name: /^Refrigerators/ }).click();
  const first = page.getByRole('list', { name: 'Products' }).getByRole('listitem').first();
  await first.getByRole('button', { name: 'Favourite' }).click();
  await first.getByRole('button', { name: 'Compare' }).click();
  await first.getByRole('button').first().click();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('button', { name: 'Cart 1' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Favourites 1' })).toBeVisible();

  await page.clock.fastForward('01:31');
  await expect(page.getByRole('button', { name: '点击开始' })).toBeVisible();
  await page.getByRole('button', { name: '点击开始' }).click();
  await expect(page.getByRole('button', { name: '购物车 0' })).toBeVisible();
  await expect(page.getByRole('button', { name: '收藏 0' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: '对比栏' })).toHaveCount(0);
});
