import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { applyFromFirstFridge, CREDIT, fillApplication, submitAndSign, type Language } from './credit-flow.ts';
import { expect, startVisit, tapOnKeyboard, test, tiles } from './fixtures.ts';
import { residentId } from './identities.ts';
import type { KioskHost } from './kiosk-host.ts';
import { expectTouchTargets } from './touch-targets.ts';

/**
 * Checkout (issue 8, items 17–20): paying at the till or by installments, taking the goods home
 * or booking a delivery with an address and a contact, and leaving with a short order number.
 */

/** In the demo catalog: a wall air conditioner (installation and old-unit removal) and a fridge, both in stock here. */
const AIR_CONDITIONER = 'KFR-26GW/B2-WN1';
const FRIDGE = 'BCD-475WPPSHJHU2';

const T = {
  zh: {
    search: /搜索品牌/,
    searchbox: '搜索商品',
    addToCart: '加入购物车',
    cart: (count: number) => `购物车 ${count}`,
    cartEmpty: '购物车是空的。',
    payAtTill: '到收银台付款',
    payInstead: '改为到收银台付款',
    title: '怎么把商品带回家？',
    signed: '合同已签署。',
    pickup: '今天带走',
    delivery: '送货上门',
    morning: /上午$/,
    district: '朝阳区',
    address: '详细地址',
    contact: '联系手机',
    installation: '安装',
    installationHint: /师傅上门安装/,
    keyboard: '屏幕键盘',
    keyDone: '完成',
    place: '提交订单',
    placed: '订单已生成',
    paidAtTill: '收银台付全款',
    installments: '分期付款',
    financed: '分期金额',
    coolingOff: /天内无理由撤回分期合同/,
    addressShort: '请填写街道、楼号和门牌号，方便送货上门',
    mobileWrong: '请输入 11 位中国大陆手机号',
    back: '返回',
    home: '首页',
    leaveTitle: '不下单就离开吗？',
    stay: '继续下单',
    leave: '离开并取消合同',
    done: '完成',
  },
  en: {
    search: /Search brands/,
    searchbox: 'Search products',
    addToCart: 'Add to cart',
    cart: (count: number) => `Cart ${count}`,
    cartEmpty: 'Your cart is empty.',
    payAtTill: 'Pay at the till',
    payInstead: 'Pay at the till instead',
    title: 'How would you like to get it?',
    signed: 'Your agreement is signed.',
    pickup: 'Take it home today',
    delivery: 'Delivery to your door',
    morning: /Morning$/,
    district: 'Chaoyang',
    address: 'Address',
    contact: 'Contact mobile',
    installation: 'Installation',
    installationHint: /installs it/,
    keyboard: 'On-screen keyboard',
    keyDone: 'Done',
    place: 'Place order',
    placed: 'Your order is placed',
    paidAtTill: 'In full at the till',
    installments: 'By installments',
    financed: 'Amount financed',
    coolingOff: /withdraw from the installment agreement within \d+ days/,
    addressShort: 'Please give the street, building and flat, so the team can find you',
    mobileWrong: 'Enter an 11-digit mainland China mobile number',
    back: 'Back',
    home: 'Home',
    leaveTitle: 'Leave without ordering?',
    stay: 'Stay and order',
    leave: 'Leave and cancel the agreement',
    done: 'Done',
  },
} as const;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Finds a product by its model number, puts it in the cart and opens the cart. */
async function cartWith(page: Page, language: Language, model: string): Promise<void> {
  const t = T[language];
  await page.getByRole('button', { name: t.search }).tap();
  await page.getByRole('searchbox', { name: t.searchbox }).fill(model);
  await tiles(page).first().getByRole('button').first().tap();
  await page.getByRole('button', { name: t.addToCart }).tap();
  await page.getByRole('button', { name: t.cart(1) }).tap();
}

const ADDRESS = { zh: '朝阳路8号2楼', en: '8 jianguo road 2-301' } as const;

/** The field being typed is wholly above the keyboard docked under it. */
async function expectAboveKeyboard(page: Page, field: Locator, keyboard: Locator): Promise<void> {
  const [typed, keys] = [await field.boundingBox(), await keyboard.boundingBox()];
  if (!typed || !keys) throw new Error('field or keyboard has no box');
  expect(typed.y).toBeGreaterThanOrEqual(0);
  expect(typed.y + typed.height).toBeLessThanOrEqual(keys.y);
}

/**
 * The first day's morning, Chaoyang, the address on the on-screen keyboard (pinyin in Chinese),
 * the mobile on the keypad, installation. `shot` is taken with the address keyboard open.
 */
async function fillDelivery(page: Page, language: Language, mobile: string, shot: (screen: string) => Promise<void>): Promise<void> {
  const t = T[language];
  await page.getByRole('radio', { name: t.delivery, exact: true }).tap();
  await page.getByRole('radio', { name: t.morning }).first().tap();
  await page.getByRole('radio', { name: t.district, exact: true }).tap();

  const keyboard = page.getByRole('group', { name: t.keyboard });
  const address = page.getByRole('textbox', { name: t.address });
  await address.tap();
  await expect(keyboard).toBeVisible();
  if (language === 'zh') {
    for (const [pinyin, character] of [['chao', '朝'], ['yang', '阳'], ['lu', '路'], ['8', ''], ['hao', '号'], ['2', ''], ['lou', '楼']] as const) {
      await tapOnKeyboard(page, pinyin);
      if (character) await keyboard.getByRole('button', { name: character, exact: true }).tap();
    }
  } else {
    await tapOnKeyboard(page, ADDRESS.en);
  }
  await expect(address).toHaveValue(ADDRESS[language]);
  await expectAboveKeyboard(page, address, keyboard);
  await shot('checkout-keyboard');
  await keyboard.getByRole('button', { name: t.keyDone }).tap();
  await expect(keyboard).toBeHidden();

  const contact = page.getByRole('textbox', { name: t.contact });
  await contact.tap();
  await tapOnKeyboard(page, mobile);
  await expect(contact).toHaveValue(mobile);
  await expectAboveKeyboard(page, contact, keyboard);
  await keyboard.getByRole('button', { name: t.keyDone }).tap();
  // Entered, it is shown masked like the ID on the review.
  await expect(contact).toHaveValue(masked(mobile));

  const installation = page.getByRole('checkbox', { name: t.installation, exact: true });
  await expect(installation).toHaveAccessibleDescription(t.installationHint);
  await installation.tap();
  await expect(installation).toBeChecked();
}

const masked = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(7)}`;

/** Files of the kiosk's data folder (the database, its WAL, anything else) whose bytes contain `text`. */
function filesHolding(kiosk: KioskHost, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return readdirSync(kiosk.dataDir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(kiosk.dataDir, name))
    .filter((path) => statSync(path).isFile() && readFileSync(path).includes(needle));
}

const orientations = [
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 } },
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 } },
] as const;

for (const { orientation, viewport } of orientations) {
  for (const language of ['zh', 'en'] as const) {
    const t = T[language];
    test(`${orientation} ${language}: a till order from the cart, delivered and installed, shows its order number and the masked contact, and empties the cart`, async ({
      kioskPage: page,
      kiosk,
    }) => {
      await page.setViewportSize(viewport);
      const shot = async (screen: string) => {
        await page.evaluate(() => document.fonts.ready);
        await expectTouchTargets(page, screen);
        await page.screenshot({ path: `test-results/screens/${orientation}-${language}-${screen}.png` });
      };
      const mobile = language === 'zh' ? '13912345678' : '13687654321';
      await startVisit(page, language);
      await cartWith(page, language, AIR_CONDITIONER);
      await page.getByRole('button', { name: t.payAtTill }).tap();
      await expect(page.getByRole('heading', { name: t.title, level: 1 })).toBeVisible();
      // Nothing is signed for a till order, and Back to the cart stays.
      await expect(page.getByText(t.signed)).toHaveCount(0);
      await expect(page.getByRole('button', { name: t.back, exact: true })).toBeEnabled();
      await fillDelivery(page, language, mobile, shot);
      await shot('checkout-fulfilment');
      await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
      await shot('checkout-fulfilment-top');
      await expectAccessible(page, 'fulfilment');

      // Two taps in a row (a double tap) place one order.
      await page.getByRole('button', { name: t.place }).evaluate((button: HTMLElement) => {
        button.click();
        button.click();
      });
      await expect(page.getByRole('heading', { name: t.placed, level: 1 })).toBeVisible();
      const number = page.getByText(/^\d{4}-\d{4}$/);
      await expect(number).toBeVisible();
      const shown = (await number.textContent()) ?? '';
      const main = page.locator('main');
      await expect(main.getByText(t.paidAtTill)).toBeVisible();
      await expect(main.getByText(masked(mobile))).toBeVisible();
      await expect(main.getByText(ADDRESS[language])).toBeVisible();
      await expect(main.getByText(t.district, { exact: true })).toBeVisible();
      await expect(main.getByText(t.installation, { exact: true })).toBeVisible();
      expect(await main.innerText()).not.toMatch(UUID);
      expect(await page.content()).not.toContain(mobile);
      await shot('checkout-order');
      await expectAccessible(page, 'order');

      const db = kiosk.db();
      try {
        const orders = db.prepare('SELECT number, payment, application_id AS applicationId, fulfilment FROM orders').all() as {
          number: string;
          payment: string;
          applicationId: string | null;
          fulfilment: string;
        }[];
        expect(orders).toHaveLength(1);
        expect(orders[0]).toMatchObject({ number: shown, payment: 'till', applicationId: null });
        expect(JSON.parse(orders[0]?.fulfilment ?? '{}')).toMatchObject({
          kind: 'delivery',
          districtId: 'chaoyang',
          address: ADDRESS[language],
          contactMasked: masked(mobile),
          services: ['installation'],
        });
      } finally {
        db.close();
      }
      // The crew's address is on disk (so the scan sees fresh writes); the mobile number nowhere.
      expect(filesHolding(kiosk, ADDRESS[language])).not.toEqual([]);
      expect(filesHolding(kiosk, mobile)).toEqual([]);

      await page.getByRole('button', { name: t.cart(0) }).tap();
      await expect(page.getByText(t.cartEmpty)).toBeVisible();
    });
  }
}

test('en: a declined shopper pays at the till instead and takes it home today', async ({ kioskPage: page, kiosk }) => {
  const t = T.en;
  await startVisit(page, 'en');
  await applyFromFirstFridge(page, 'en', CREDIT.en.anyApply);
  // One of the demo blocklist's synthetic identities (resources/credit/README.md).
  await fillApplication(page, 'en', { name: 'Zhao Liu', id: '44030119851111321X', mobile: '13577778888' });
  await page.getByRole('button', { name: CREDIT.en.submit }).click();
  await expect(page.getByRole('heading', { name: CREDIT.en.declined, level: 1 })).toBeVisible();

  await page.getByRole('button', { name: t.payInstead }).tap();
  await expect(page.getByRole('heading', { name: t.title, level: 1 })).toBeVisible();
  await expect(page.getByText(t.signed)).toHaveCount(0);
  await page.getByRole('radio', { name: t.pickup, exact: true }).tap();
  await page.getByRole('button', { name: t.place }).tap();
  await expect(page.getByRole('heading', { name: t.placed, level: 1 })).toBeVisible();
  await expect(page.getByText(/^\d{4}-\d{4}$/)).toBeVisible();
  await expect(page.getByText(t.paidAtTill)).toBeVisible();
  await expect(page.getByText(t.coolingOff)).toHaveCount(0);

  const db = kiosk.db();
  try {
    const order = db.prepare('SELECT payment, application_id AS applicationId, fulfilment FROM orders').get() as { payment: string; applicationId: string | null; fulfilment: string };
    expect(order).toMatchObject({ payment: 'till', applicationId: null });
    expect(JSON.parse(order.fulfilment)).toEqual({ kind: 'pickup' });
    expect(db.prepare('SELECT status FROM credit_applications').pluck().all()).toEqual(['declined']);
  } finally {
    db.close();
  }

  await page.getByRole('button', { name: t.done, exact: true }).tap();
  await expect(page.getByRole('button', { name: CREDIT.zh.start })).toBeVisible();
});

test('zh: an installment order from the cart after signing says how it is paid, empties the cart, and Done ends the visit', async ({ kioskPage: page, kiosk }) => {
  const t = T.zh;
  await startVisit(page, 'zh');
  await cartWith(page, 'zh', FRIDGE);
  await page.getByRole('button', { name: CREDIT.zh.plans }).tap();
  await page.getByRole('dialog', { name: CREDIT.zh.plans }).getByRole('button', { name: CREDIT.zh.apply }).first().tap();
  await fillApplication(page, 'zh', { name: '陈静', id: residentId(11), mobile: '13711112222' });
  await submitAndSign(page, 'zh');

  await expect(page.getByText(t.signed)).toBeVisible();
  await page.getByRole('radio', { name: t.pickup, exact: true }).tap();
  await page.getByRole('button', { name: t.place }).tap();
  await expect(page.getByRole('heading', { name: t.placed, level: 1 })).toBeVisible();
  const main = page.locator('main');
  await expect(main.getByText(/^\d{4}-\d{4}$/)).toBeVisible();
  await expect(main.getByText(t.installments)).toBeVisible();
  await expect(main.getByText(t.financed)).toBeVisible();
  await expect(main.getByText(/\/月 · 12 期$/)).toBeVisible();
  await expect(main.getByText(t.coolingOff)).toBeVisible();
  expect(await main.innerText()).not.toMatch(UUID);
  await page.screenshot({ path: 'test-results/screens/portrait-zh-checkout-order-installment.png' });
  await expect(page.getByRole('button', { name: t.back, exact: true })).toBeHidden();
  await expect(page.getByRole('button', { name: t.cart(0) })).toBeVisible();

  await page.getByRole('button', { name: t.done, exact: true }).tap();
  await expect(page.getByRole('button', { name: CREDIT.zh.start })).toBeVisible();
  const db = kiosk.db();
  try {
    const order = db.prepare('SELECT payment, application_id AS applicationId, session_id AS sessionId FROM orders').get() as { payment: string; applicationId: string; sessionId: string };
    expect(order.payment).toBe('installment');
    expect(db.prepare('SELECT status FROM credit_applications WHERE id = ?').pluck().get(order.applicationId)).toBe('ordered');
    await expect.poll(() => db.prepare('SELECT end_reason FROM sessions WHERE id = ?').pluck().get(order.sessionId)).toBe('finished');
  } finally {
    db.close();
  }
});

test('zh: after signing Back is gone and Home asks first; leaving cancels the signed agreement', async ({ kioskPage: page, kiosk }) => {
  const t = T.zh;
  await startVisit(page, 'zh');
  await applyFromFirstFridge(page, 'zh');
  await fillApplication(page, 'zh', { name: '李雷', id: residentId(12), mobile: '13822223333' });
  await submitAndSign(page, 'zh');
  await expect(page.getByText(t.signed)).toBeVisible();
  await expect(page.getByRole('button', { name: t.back, exact: true })).toBeHidden();

  const status = () => {
    const db = kiosk.db();
    try {
      return db.prepare('SELECT status FROM credit_applications').pluck().get();
    } finally {
      db.close();
    }
  };
  const dialog = page.getByRole('alertdialog', { name: t.leaveTitle });
  await page.getByRole('button', { name: t.home, exact: true }).tap();
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/portrait-zh-checkout-leave.png' });
  await expectAccessible(page, 'leave without ordering');
  await dialog.getByRole('button', { name: t.stay }).tap();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: t.title, level: 1 })).toBeVisible();
  expect(status()).toBe('signed');

  await page.getByRole('button', { name: t.home, exact: true }).tap();
  await dialog.getByRole('button', { name: t.leave }).tap();
  await expect(page.getByRole('button', { name: CREDIT.zh.start })).toBeVisible();
  await expect.poll(status).toBe('cancelled');
});

test('en: an address too short and a wrong mobile are shown at their fields, as typed on a physical keyboard and as the core answers', async ({ kioskPage: page, kiosk }) => {
  const t = T.en;
  await startVisit(page, 'en');
  await cartWith(page, 'en', AIR_CONDITIONER);
  await page.getByRole('button', { name: t.payAtTill }).tap();
  await page.getByRole('radio', { name: t.delivery, exact: true }).tap();
  await page.getByRole('radio', { name: t.morning }).first().tap();
  await page.getByRole('radio', { name: 'Haidian', exact: true }).tap();
  const address = page.getByRole('textbox', { name: t.address });
  const contact = page.getByRole('textbox', { name: t.contact });
  await address.tap();
  await page.keyboard.type('No 8');
  // Leaving the field checks it.
  await contact.tap();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.type('1391234');
  await page.getByRole('button', { name: t.place }).tap();

  await expect(address).toHaveAccessibleDescription(new RegExp(t.addressShort));
  await expect(page.getByRole('alert').filter({ hasText: t.addressShort })).toBeVisible();
  await expect(contact).toHaveAttribute('aria-invalid', 'true');
  await expect(contact).toHaveAccessibleDescription(new RegExp(t.mobileWrong));
  await expect(page.getByRole('heading', { name: t.title, level: 1 })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/portrait-en-checkout-field-errors.png' });
  await expectAccessible(page, 'fulfilment with field errors');

  // Each mark goes as the field is corrected.
  await address.tap();
  await page.keyboard.press('End');
  await page.keyboard.type(' Xueyuan Road');
  await expect(address).toHaveAttribute('aria-invalid', 'false');
  await contact.tap();
  await page.keyboard.press('End');
  await page.keyboard.type('5678');
  await expect(contact).toHaveAttribute('aria-invalid', 'false');

  // The core checks again: what it refuses is shown at the field it names.
  await page.route('**/api/placeTillOrder', async (route) => {
    const body = route.request().postDataJSON() as { fulfilment: { address: string } };
    body.fulfilment.address = 'No 8';
    await route.continue({ postData: JSON.stringify(body) });
  });
  await page.getByRole('button', { name: t.place }).tap();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expect(address).toHaveAccessibleDescription(new RegExp(t.addressShort));
  await page.unroute('**/api/placeTillOrder');

  await page.getByRole('button', { name: t.place }).tap();
  await expect(page.getByRole('heading', { name: t.placed, level: 1 })).toBeVisible();
  const db = kiosk.db();
  try {
    expect(db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(1);
  } finally {
    db.close();
  }
});
