import { expect, type Page } from '@playwright/test';
import { FACE_CHECK_CONSENT } from '../../electron/contract/face.ts';
import { expectAccessible } from './axe.ts';
import { tiles } from './fixtures.ts';

/** Steps of the installment application that several specs walk through, as a shopper does. */

export type Language = 'zh' | 'en';

export const CREDIT = {
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
    referred: '您的申请需要人工审核',
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
    referred: 'Your application needs a person to look at it',
    checksum: "The ID number's check digit doesn't match — please check it",
    sortPriceDesc: /Price: high to low/,
    start: 'Tap to start',
  },
} as const;

/** From the category home to the first fridge's plans panel, then Apply on a plan. */
export async function applyFromFirstFridge(page: Page, language: Language, plan: RegExp = CREDIT[language].apply): Promise<void> {
  const t = CREDIT[language];
  await page.getByRole('button', { name: t.fridges }).click();
  await tiles(page).first().getByRole('button').first().click();
  await page.getByRole('button', { name: t.plans }).click();
  const dialog = page.getByRole('dialog', { name: t.plans });
  await dialog.getByRole('button', { name: plan }).first().click();
}

/**
 * From the category home to the plans of the dearest fridge, then Apply on its first plan: an
 * amount far above any offline cap (¥8,000 in the demo finance data), so only HQ may approve it.
 */
export async function applyForDearestFridge(page: Page, language: Language): Promise<void> {
  const t = CREDIT[language];
  await page.getByRole('button', { name: t.fridges }).click();
  await page.getByRole('radio', { name: t.sortPriceDesc }).click();
  await tiles(page).first().getByRole('button').first().click();
  await page.getByRole('button', { name: t.plans }).click();
  await page.getByRole('dialog', { name: t.plans }).getByRole('button', { name: t.anyApply }).first().click();
}

/** Consents, identity, profile and plan, up to the review step. */
/**
 * `idCardSeen`: staff are assisting, and tick "ID card seen in person" on the identity step.
 * `employment`: another answer than employed (a student's application is referred to a person).
 * `faceCheck`: the shopper also agrees to the optional face check (features/face).
 */
export async function fillApplication(
  page: Page,
  language: Language,
  identity: { name: string; id: string; mobile: string; idCardSeen?: RegExp; employment?: string; faceCheck?: boolean },
): Promise<void> {
  const t = CREDIT[language];
  const next = page.getByRole('button', { name: t.next, exact: true });
  await expect(next).toBeDisabled();
  await expectAccessible(page, 'consents');
  await page.getByRole('checkbox', { name: t.consentA }).check();
  await page.getByRole('checkbox', { name: t.consentB }).check();
  if (identity.faceCheck) await page.getByRole('checkbox', { name: FACE_CHECK_CONSENT.title[language] }).check();
  await next.click();
  await page.getByLabel(t.name).fill(identity.name);
  await page.getByLabel(t.id).fill(identity.id);
  await page.getByLabel(t.mobile).fill(identity.mobile);
  if (identity.idCardSeen) await page.getByRole('checkbox', { name: identity.idCardSeen }).check();
  await next.click();
  await page.getByRole('radio', { name: identity.employment ?? t.employed, exact: true }).check();
  await page.getByRole('radio', { name: t.income }).check();
  await next.click();
  await next.click(); // the plan chosen in the panel
  await expect(page.getByRole('button', { name: t.submit })).toBeVisible();
  await expectAccessible(page, 'review');
}

export async function drawSignature(page: Page, language: Language): Promise<void> {
  const pad = page.getByRole('img', { name: CREDIT[language].pad });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('signature pad has no box');
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.05), box.y + box.height * (0.6 - Math.sin(i / 2) * 0.3));
  await page.mouse.up();
}

/** From the review step: submit, get approved, read the key terms and sign them; ends on the fulfilment screen. */
export async function submitAndSign(page: Page, language: Language): Promise<void> {
  const t = CREDIT[language];
  await page.getByRole('button', { name: t.submit }).click();
  await expect(page.getByRole('heading', { name: t.approved, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: t.readTerms }).click();
  await expect(page.getByRole('article', { name: t.terms })).toBeVisible();
  await drawSignature(page, language);
  await page.getByRole('button', { name: t.sign }).click();
}
