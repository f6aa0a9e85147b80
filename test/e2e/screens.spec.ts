import { expect, test, tiles } from './fixtures.ts';
import { expectTouchTargets } from './touch-targets.ts';

const orientations = [
  { name: 'portrait', viewport: { width: 1080, height: 1920 } },
  { name: 'landscape', viewport: { width: 1920, height: 1080 } },
] as const;

for (const { name, viewport } of orientations) {
  for (const language of ['zh', 'en'] as const) {
    const zh = language === 'zh';
    test(`${name} ${language}: every screen renders with touch-sized controls`, async ({ kioskPage: page }) => {
      await page.setViewportSize(viewport);
      const shot = async (screen: string) => {
        await page.evaluate(() => document.fonts.ready);
        await expectTouchTargets(page, screen);
        await page.screenshot({ path: `test-results/screens/${name}-${language}-${screen}.png` });
      };
      await page.goto('/');
      if (!zh) await page.getByRole('button', { name: 'English' }).click();
      await shot('attract');

      await page.getByRole('button', { name: zh ? '点击开始' : 'Tap to start' }).click();
      await expect(page.getByRole('list').getByRole('button').first()).toBeVisible();
      await shot('home');

      await page.getByRole('button', { name: zh ? /^冰箱/ : /^Refrigerators/ }).click();
      await expect(tiles(page).first()).toBeVisible();
      if (name === 'portrait') await page.getByRole('button', { name: zh ? /^筛选/ : /^Filters/ }).click();
      await page.getByRole('checkbox', { name: zh ? /^风冷无霜/ : /^Frost-free/i }).first().click();
      await expect(tiles(page).first()).toBeVisible();
      await shot('list-filtered');
      if (name === 'portrait') await page.getByRole('button', { name: zh ? /^筛选/ : /^Filters/ }).click();

      const compare = zh ? '对比' : 'Compare';
      for (let i = 0; i < 3; i++) await tiles(page).nth(i).getByRole('button', { name: compare }).click();
      await tiles(page).first().getByRole('button').first().click();
      await expect(page.getByRole('heading', { name: zh ? '规格参数' : 'Specifications' })).toBeVisible();
      await shot('detail');

      await page.getByRole('button', { name: zh ? '加入购物车' : 'Add to cart' }).click();
      await page.getByRole('button', { name: zh ? '开始对比（3）' : 'Compare (3)' }).click();
      await expect(page.getByRole('table')).toBeVisible();
      await shot('compare');

      await page.getByRole('button', { name: zh ? '购物车 1' : 'Cart 1' }).click();
      await page.getByRole('button', { name: zh ? '增加数量' : 'Increase quantity' }).click();
      await expect(page.locator('.cart__total')).toBeVisible();
      await shot('cart');

      // The application flow for the cart: plans, consents, identity with the ID keyboard.
      await page.getByRole('button', { name: zh ? '分期方案' : 'Installment plans' }).click();
      const plans = page.getByRole('dialog', { name: zh ? '分期方案' : 'Installment plans' });
      await expect(plans).toBeVisible();
      await shot('cart-offers');
      await plans.getByRole('button', { name: zh ? /^申请 \d+ 期$/ : /^Apply: \d+ months$/ }).first().click();
      await expect(page.getByRole('checkbox', { name: zh ? '授权信用评估' : 'Credit assessment' })).toBeVisible();
      await shot('apply-consents');
      await page.getByRole('checkbox', { name: zh ? '授权信用评估' : 'Credit assessment' }).check();
      await page.getByRole('checkbox', { name: zh ? '个人信息处理同意' : 'Personal data' }).check();
      await page.getByRole('button', { name: zh ? '下一步' : 'Next', exact: true }).click();
      await page.getByLabel(zh ? '身份证号' : 'Resident ID number').click();
      await expect(page.getByRole('group', { name: zh ? '屏幕键盘' : 'On-screen keyboard' })).toBeVisible();
      await shot('apply-identity');

      await page.getByRole('button', { name: zh ? '首页' : 'Home' }).click();
      await page.getByRole('button', { name: zh ? /搜索品牌/ : /Search brands/ }).click();
      await expect(page.getByRole('group', { name: zh ? '屏幕键盘' : 'On-screen keyboard' })).toBeVisible();
      await shot('search-keyboard');
    });
  }
}
