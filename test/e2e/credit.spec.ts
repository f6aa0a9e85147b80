import { expectAccessible } from './axe.ts';
import { applyForDearestFridge, applyFromFirstFridge, CREDIT as T, drawSignature, fillApplication } from './credit-flow.ts';
import { OFFLINE_HOST_ENV } from './env.ts';
import { expect, startVisit, test, tiles } from './fixtures.ts';
import { residentId } from './identities.ts';

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
  // A ¥9,899 fridge over a year is more than the model lends a 21-year-old on ¥3,000–6,000 a
  // month (resources/decision-models/README.md); under ¥3,000 would go to staff instead.
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
  await page.getByLabel(T.en.id).fill('110105200505051233');
  await page.getByLabel(T.en.mobile).fill('13722223333');
  await next.click();
  await page.getByRole('radio', { name: T.en.employed, exact: true }).check();
  await page.getByRole('radio', { name: '¥3,000–6,000' }).check();
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
    await applyForDearestFridge(page, 'en');
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
