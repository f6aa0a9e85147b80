import { expectAccessible } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { DEMO_STAFF, openStaffSignIn, STAFF_T, typeStaffCredentials } from './staff-mode.ts';

const STORE = { zh: '示范门店 · 北京朝阳店', en: 'Demo Store · Beijing Chaoyang' } as const;

/**
 * The staff's touch-to-paint overlay (features/staff/tap-timings.tsx): off until switched on in
 * the staff panel; then, over the shopper's screens, each finger on a category gives a figure, the
 * first of a category marked as such. Driven by touch, in both languages and orientations.
 */
test('staff switch on the touch-to-paint overlay; it shows each tap on a category, first and repeat, and hides on its button', async ({ kioskPage: page }) => {
  await page.goto('/');
  await expect(page.getByRole('complementary', { name: '触摸到绘制' })).toHaveCount(0);

  const dialog = await openStaffSignIn(page, STORE.zh, 'zh');
  await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'zh');
  const panel = page.getByRole('dialog', { name: STAFF_T.zh.panel });
  const toggle = panel.getByRole('switch', { name: /触摸到绘制计时/ });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.tap();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await panel.getByRole('button', { name: STAFF_T.zh.signOut }).tap();

  const overlay = page.getByRole('complementary', { name: '触摸到绘制' });
  await expect(overlay).toContainText('点一个品类后显示。');
  await page.getByRole('button', { name: '点击开始' }).tap();
  await page.getByRole('button', { name: /^冰箱/ }).tap();
  await expect(overlay.getByRole('listitem')).toHaveCount(1);
  await expect(overlay.getByRole('listitem').first()).toHaveText(/^\d+ 毫秒 · 首次$/);
  await page.getByRole('button', { name: '首页' }).tap();
  await page.getByRole('button', { name: /^冰箱/ }).tap();
  await expect(overlay.getByRole('listitem')).toHaveCount(2);
  await expect(overlay.getByRole('listitem').first()).toHaveText(/^\d+ 毫秒 · 重复$/);
  await expectAccessible(page, 'touch-to-paint overlay');
  await page.screenshot({ path: 'test-results/screens/portrait-zh-tap-timings.png' });

  // In English and landscape too; its button hides it, and touches around it reach the screen.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('button', { name: '首页' }).tap();
  await page.getByRole('button', { name: 'English' }).tap();
  const english = page.getByRole('complementary', { name: 'Touch to paint' });
  await page.getByRole('button', { name: /^Air conditioners/ }).tap();
  await expect(english.getByRole('listitem').first()).toHaveText(/^\d+ ms · first$/);
  await page.screenshot({ path: 'test-results/screens/landscape-en-tap-timings.png' });
  await english.getByRole('button', { name: 'Hide timings' }).tap();
  await expect(english).toHaveCount(0);
});
