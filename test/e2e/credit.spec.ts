import type { Page } from '@playwright/test';
import { OFFLINE_HOST_ENV } from './env.ts';
import { expect, startVisit, test, tiles } from './fixtures.ts';
import { residentId } from './identities.ts';
import { expectAccessible } from './axe.ts';

type Language = 'zh' | 'en';

const T = {
  zh: {
    fridges: /^冰箱/,
    plans: '分期方案',
    apply: /^申请 12 期$/,
    anyApply: /^申请 \d+ 期$/,
    next: '下一步',
    consentA: '授权信用评估',
    consentB: '个人信息处理同意',
    name: '姓名',
    id: '身份证号',
    mobile: '手机号',
    employed: '在职',
    income: '20,000 元以上',
    submit: '提交申请',
    approved: '已批准',
    readTerms: '阅读并签署主要条款',
    terms: '分期合同主要条款',
    pad: '签名板——请用手指在此签名',
    sign: '签名并同意',
    today: '今天带走',
    place: '提交订单',
    placed: '订单已生成',
    declined: '这次暂时无法为您办理分期',
    review: '申请人工复核',
    reviewed: /^已申请人工复核——编号 [0-9A-F]{8}/,
    pending: '申请已保存，稍后审批',
    checksum: '身份证号校验位不正确，请核对',
    sortPriceDesc: /价格从高到低/,
    start: '点击开始',
  },
  en: {
    fridges: /^Refrigerators/,
    plans: 'Installment plans',
    apply: /^Apply: 12 months$/,
    anyApply: /^Apply: \d+ months$/,
    next: 'Next',
    consentA: 'Credit assessment',
    consentB: 'Personal data',
    name: 'Full name',
    id: 'Resident ID number',
    mobile: 'Mobile number',
    employed: 'Employed',
    income: 'Over ¥20,000',
    submit: 'Submit application',
    approved: 'Approved',
    readTerms: 'Read and sign the key terms',
    terms: 'Key terms of your installment agreement',
    pad: 'Signature pad — sign here with your finger',
    sign: 'Sign and agree',
    today: 'Take it home today',
    place: 'Place order',
    placed: 'Your order is placed',
    declined: "We can't offer an installment plan this time",
    review: 'Request a human review',
    reviewed: /^Requested — reference [0-9A-F]{8}/,
    pending: 'Your application is saved',
    checksum: "The ID number's check digit doesn't match — please check it",
    sortPriceDesc: /Price: high to low/,
    start: 'Tap to start',
  },
} as const;

/** From the category home to the first fridge's plans panel, then Apply on a plan. */
async function applyFromFirstFridge(page: Page, language: Language, plan: RegExp = T[language].apply): Promise<void> {
  const t = T[language];
  await page.getByRole('button', { name: t.fridges }).click();
  await tiles(page).first().getByRole('button').first().click();
  await page.getByRole('button', { name: t.plans }).click();
  const dialog = page.getByRole('dialog', { name: t.plans });
  await dialog.getByRole('button', { name: plan }).first().click();
}

/** Consents, identity, profile and plan, up to the review step. */
async function fillApplication(page: Page, language: Language, identity: { name: string; id: string; mobile: string }): Promise<void> {
  const t = T[language];
  const next = page.getByRole('button', { name: t.next, exact: true });
  await expect(next).toBeDisabled();
  await expectAccessible(page, 'consents');
  await page.getByRole('checkbox', { name: t.consentA }).check();
  await page.getByRole('checkbox', { name: t.consentB }).check();
  await next.click();
  await page.getByLabel(t.name).fill(identity.name);
  await page.getByLabel(t.id).fill(identity.id);
  await page.getByLabel(t.mobile).fill(identity.mobile);
  await next.click();
  await page.getByRole('radio', { name: t.employed, exact: true }).check();
  await page.getByRole('radio', { name: t.income }).check();
  await next.click();
  await next.click(); // the plan chosen in the panel
  await expect(page.getByRole('button', { name: t.submit })).toBeVisible();
  await expectAccessible(page, 'review');
}

async function drawSignature(page: Page, language: Language): Promise<void> {
  const pad = page.getByRole('img', { name: T[language].pad });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('signature pad has no box');
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.05), box.y + box.height * (0.6 - Math.sin(i / 2) * 0.3));
  await page.mouse.up();
}


for (const language of ['zh', 'en'] as const) {
  const t = T[language];
  test(`${language}: apply, get approved, sign the key terms and leave with a pickup code`, async ({ kioskPage: page, kiosk }) => {
    await startVisit(page, language);
    await applyFromFirstFridge(page, language);
    const id = residentId(language === 'zh' ? 1 : 2);
    await fillApplication(page, language, { name: language === 'zh' ? '王小明' : 'Li Lei', id, mobile: language === 'zh' ? '13911112222' : '13633334444' });
    // The review shows masks, never the numbers typed.
    await expect(page.getByText(`${id.slice(0, 4)}**********${id.slice(14)}`)).toBeVisible();
    await expect(page.getByText(id, { exact: true })).toHaveCount(0);
    await page.getByRole('button', { name: t.submit }).click();

    await expect(page.getByRole('heading', { name: t.approved, level: 1 })).toBeVisible();
    await page.screenshot({ path: `test-results/screens/portrait-${language}-approved.png` });
    await expectAccessible(page, 'approval');
    await page.getByRole('button', { name: t.readTerms }).click();

    const terms = page.getByRole('article', { name: t.terms });
    await expect(terms).toBeVisible();
    // The annualised rate is the first figure of the key terms.
    await expect(terms.locator('.contract__apr')).toBeVisible();
    const text = (await terms.textContent()) ?? '';
    expect(text.indexOf('%')).toBeLessThan(text.indexOf('¥'));
    await page.screenshot({ path: `test-results/screens/portrait-${language}-key-terms.png`, fullPage: true });
    await expectAccessible(page, 'key terms');
    const sign = page.getByRole('button', { name: t.sign });
    await expect(sign).toBeDisabled();
    await drawSignature(page, language);
    await expect(sign).toBeEnabled();
    await sign.click();

    await page.getByRole('radio', { name: t.today }).check();
    await page.getByRole('button', { name: t.place }).click();
    await expect(page.getByRole('heading', { name: t.placed, level: 1 })).toBeVisible();
    const code = ((await page.locator('.pickup__code').textContent()) ?? '').trim();
    expect(code).toMatch(/^\d{8}$/);
    await expect(page.getByRole('img', { name: language === 'zh' ? '取货二维码' : 'Pickup QR code' })).toBeVisible();
    await page.screenshot({ path: `test-results/screens/portrait-${language}-order.png` });
    await expectAccessible(page, 'order');

    // What the till will look up: the open order with this code, its signed contract and outbox rows.
    const store = kiosk.db();
    try {
      const order = store.prepare("SELECT application_id AS applicationId FROM orders WHERE pickup_code = ? AND status = 'placed'").get(code) as { applicationId: string };
      const contract = store.prepare('SELECT length(signature_png) AS png, html FROM credit_contracts WHERE application_id = ?').get(order.applicationId) as { png: number; html: string };
      expect(contract.png).toBeGreaterThan(500);
      expect(contract.html).toContain('contract__apr');
      const topics = store.prepare('SELECT topic FROM outbox WHERE aggregate_id IN (?, (SELECT id FROM orders WHERE application_id = ?))').pluck().all(order.applicationId, order.applicationId);
      expect(topics).toEqual(expect.arrayContaining(['credit.application', 'credit.decision', 'credit.contract_signed', 'order.placed']));
    } finally {
      store.close();
    }
  });
}

test('en: a counter-offer explains the down payment and leads to key terms that show it', async ({ kioskPage: page }) => {
  await startVisit(page, 'en');
  // A ¥9,899 fridge over a year is more than the model lends on under ¥3,000 a month.
  await page.getByRole('button', { name: /Search brands/ }).click();
  await page.getByRole('searchbox', { name: 'Search products' }).fill('KM77KL75TI');
  await tiles(page).first().getByRole('button').first().click();
  await page.getByRole('button', { name: T.en.plans }).click();
  await page.getByRole('dialog', { name: T.en.plans }).getByRole('button', { name: T.en.apply }).click();
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await page.getByRole('checkbox', { name: T.en.consentA }).check();
  await page.getByRole('checkbox', { name: T.en.consentB }).check();
  await next.click();
  await page.getByLabel(T.en.name).fill('Liu Yang');
  await page.getByLabel(T.en.id).fill(residentId(7));
  await page.getByLabel(T.en.mobile).fill('13722223333');
  await next.click();
  await page.getByRole('radio', { name: T.en.employed, exact: true }).check();
  await page.getByRole('radio', { name: 'Under ¥3,000' }).check();
  await next.click();
  await next.click();
  await page.getByRole('button', { name: T.en.submit }).click();

  await expect(page.getByRole('heading', { name: 'We can offer you a different plan', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: T.en.review })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/portrait-en-counter-offer.png' });
  await expectAccessible(page, 'counter-offer');
  await page.getByRole('button', { name: 'Accept and read key terms' }).click();
  const terms = page.getByRole('article', { name: T.en.terms });
  await expect(terms.getByRole('row', { name: /Down payment \(paid at the till\) ¥[1-9]/ })).toBeVisible();
});

test('en: a wrong check digit is shown at the ID field, and the form does not move on', async ({ kioskPage: page }) => {
  await startVisit(page, 'en');
  await applyFromFirstFridge(page, 'en', T.en.anyApply);
  await page.getByRole('checkbox', { name: T.en.consentA }).check();
  await page.getByRole('checkbox', { name: T.en.consentB }).check();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByLabel(T.en.name).fill('Han Meimei');
  const good = residentId(3);
  const wrong = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
  const field = page.getByLabel(T.en.id);
  await field.fill(wrong);
  await page.getByLabel(T.en.mobile).fill('13755556666');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // Announced with the field, and shown beside it.
  await expect(field).toHaveAccessibleDescription(new RegExp(T.en.checksum));
  await expect(page.getByRole('alert').filter({ hasText: T.en.checksum })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Identity' })).toBeVisible();
  await expectAccessible(page, 'identity step with an error');
  // Corrected, the message goes and the form moves on.
  await field.fill(good);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'About you' })).toBeVisible();
});

test('zh: a blocklisted ID is declined with its reason, and a human review can be requested', async ({ kioskPage: page }) => {
  await startVisit(page, 'zh');
  await applyFromFirstFridge(page, 'zh', T.zh.anyApply);
  // One of the demo blocklist's synthetic identities (resources/credit/README.md).
  await fillApplication(page, 'zh', { name: '赵六', id: '44030119851111321X', mobile: '13577778888' });
  await page.getByRole('button', { name: T.zh.submit }).click();
  await expect(page.getByRole('heading', { name: T.zh.declined, level: 1 })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: '部分信息需要由工作人员核实' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/portrait-zh-declined.png' });
  await expectAccessible(page, 'decline');
  await page.getByRole('button', { name: T.zh.review }).click();
  await expect(page.getByRole('status').filter({ hasText: T.zh.reviewed })).toBeVisible();
});

test.describe('offline', () => {
  // This kiosk cannot reach HQ (test/e2e/env.ts): the offline rules apply.
  test.use({ hostEnv: OFFLINE_HOST_ENV });

  test('en, offline: a plan above the offline cap ends pending with an honest message', async ({ kioskPage: page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: T.en.start }).click();
    await page.getByRole('button', { name: T.en.fridges }).click();
    await page.getByRole('radio', { name: T.en.sortPriceDesc }).click();
    // The dearest fridge is far above any offline cap (¥8,000 in the demo finance data).
    await tiles(page).first().getByRole('button').first().click();
    await page.getByRole('button', { name: T.en.plans }).click();
    await page.getByRole('dialog', { name: T.en.plans }).getByRole('button', { name: T.en.anyApply }).first().click();
    await fillApplication(page, 'en', { name: 'Wang Fang', id: residentId(4), mobile: '13899990000' });
    await page.getByRole('button', { name: T.en.submit }).click();
    await expect(page.getByRole('heading', { name: T.en.pending, level: 1 })).toBeVisible();
    await expect(page.getByText(/head office/i).first()).toBeVisible();
    await expect(page.getByText('138****0000')).toBeVisible();
    await expect(page.getByRole('button', { name: T.en.readTerms })).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screens/portrait-en-pending.png' });
  });

});

test('the idle reset in the middle of an application wipes it', async ({ kioskPage: page }) => {
  await page.clock.install();
  await startVisit(page, 'en');
  await applyFromFirstFridge(page, 'en', T.en.anyApply);
  await page.getByRole('checkbox', { name: T.en.consentA }).check();
  await page.getByRole('checkbox', { name: T.en.consentB }).check();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  const typed = residentId(5);
  await page.getByLabel(T.en.name).fill('Zhou Jie');
  await page.getByLabel(T.en.id).fill(typed);

  await page.clock.fastForward('01:31');
  await expect(page.getByRole('button', { name: '点击开始' })).toBeVisible();
  expect(await page.content()).not.toContain(typed);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(typed);

  // The next shopper finds an empty form.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: T.en.start }).click();
  await applyFromFirstFridge(page, 'en', T.en.anyApply);
  await expect(page.getByRole('checkbox', { name: T.en.consentA })).not.toBeChecked();
  await page.getByRole('checkbox', { name: T.en.consentA }).check();
  await page.getByRole('checkbox', { name: T.en.consentB }).check();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByLabel(T.en.id)).toHaveValue('');
  await expect(page.getByLabel(T.en.name)).toHaveValue('');
});
