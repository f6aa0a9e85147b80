import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startDemoPhones, type Demo } from '../../scripts/demo.mjs';
import { startDemoOnPostgres } from './demo-hq.ts';
import { E2E_DATA_ROOT } from './env.ts';
import { expect, startVisit, tapOnKeyboard, test } from './fixtures.ts';

/**
 * Membership without a face (issue 10 item 3), through the screen: HQ and an enrolled kiosk as
 * `npm run demo` runs them (HQ on PostgreSQL: demo-hq.ts), with the demo's stand-in phone on the
 * SMS gateway HQ texts through.
 * The shopper joins with a name and a mobile number, signs in by number on the next visit and is
 * greeted, then deletes it all by number, with a receipt. Without HQ the screen sends them to staff.
 */
const MOBILE = '13987654321';
const texts: string[] = [];
const lastCode = () => /验证码 (\d{6})/.exec(texts.at(-1) ?? '')?.[1] ?? 'none';

async function home(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'English' }).tap();
  await page.getByRole('button', { name: 'Tap to start' }).tap();
  await expect(page.getByRole('heading', { name: 'Choose a category' })).toBeVisible();
}

/** Types the number by touch, asks for the code, and types what the phone received (or what `typed` makes of it). */
async function proveNumber(page: Page, typed: (code: string) => string = (code) => code): Promise<void> {
  const sentBefore = texts.length;
  await page.getByRole('textbox', { name: 'Mobile number' }).tap();
  await tapOnKeyboard(page, MOBILE);
  await page.getByRole('button', { name: 'Text me a code' }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'Code sent to 139****4321' })).toBeVisible();
  await expect.poll(() => texts.length).toBeGreaterThan(sentBefore);
  await tapOnKeyboard(page, typed(lastCode()));
  await page.getByRole('button', { name: 'Confirm' }).tap();
}

const offByOne = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** HQ texting through the stand-in phone, and its enrolled kiosk, which is the page's (no kiosk of fixtures.ts's own beside it). */
const withHq = test.extend<{ demo: Demo }>({
  demo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern: none
    async ({}, use) => {
      const phones = await startDemoPhones((line) => texts.push(line));
      const demo = await startDemoOnPostgres(join(E2E_DATA_ROOT, 'members-mobile'), { smsUrl: phones.url, hqEnv: { HQ_SMS_RESEND_AFTER_S: '1' } });
      await use(demo);
      await demo.stop();
      await phones.close();
    },
    { timeout: 180_000 },
  ],
  baseURL: async ({ demo }, use) => use(demo.kioskUrl),
});

withHq.describe('with HQ texting codes', () => {
  withHq('a shopper joins by mobile, is greeted by number next visit, and deletes their data by number', async ({ kioskPage: page, demo }) => {
    test.setTimeout(120_000);
    await home(page, demo.kioskUrl);
    await page.getByRole('button', { name: 'Join with my face' }).tap();
    await page.getByRole('button', { name: 'Join by mobile instead' }).tap();
    await expect(page.getByRole('heading', { name: 'Membership consent (no face)' })).toBeVisible();
    await expect(page.getByText(/No face is taken/)).toBeVisible();
    await page.getByRole('button', { name: 'I agree, start' }).tap();
    await page.getByRole('textbox', { name: 'Name' }).fill('Ms Wang');
    await page.getByRole('button', { name: 'Next' }).tap();

    // A wrong code is said at the field; the right one makes the member.
    await proveNumber(page, offByOne);
    const codeField = page.getByRole('textbox', { name: 'Code' });
    await expect(codeField).toHaveAccessibleDescription(/not the code we texted/);
    await codeField.tap();
    const keyboard = page.getByRole('group', { name: 'On-screen keyboard' });
    for (let i = 0; i < 6; i++) await keyboard.getByRole('button', { name: 'Delete', exact: true }).tap();
    await tapOnKeyboard(page, lastCode());
    await page.getByRole('button', { name: 'Confirm' }).tap();
    await expect(page.getByRole('heading', { name: 'Welcome, Ms Wang!' })).toBeVisible();
    expect(texts.at(-1)).toMatch(/^\[demo\] text to 139\*\*\*\*4321: /);
    await page.screenshot({ path: 'test-results/screens/portrait-en-member-joined-by-mobile.png' });
    await page.getByRole('button', { name: 'Done' }).tap();

    // The next visit: sign in by number, and the member is greeted.
    await home(page, demo.kioskUrl);
    await page.getByRole('button', { name: 'Member sign-in by mobile' }).tap();
    await proveNumber(page);
    const greeting = page.getByRole('region', { name: 'Member greeting' });
    await expect(greeting.getByRole('heading', { name: 'Welcome back, Ms Wang!' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/portrait-en-member-signed-in-by-mobile.png' });

    // Deleting by number: a receipt, and the number is no member any more.
    await page.getByRole('button', { name: 'Delete my member data' }).tap();
    await page.getByRole('button', { name: 'Confirm by mobile and delete' }).tap();
    await proveNumber(page);
    const receipt = page.getByRole('status').filter({ hasText: 'Your membership data is deleted' });
    await expect(receipt).toBeVisible();
    await expect(receipt.getByText(/^Deletion receipt: F-[0-9A-F]{10}$/)).toBeVisible();
    await expect(receipt.getByText(/^Your membership, favourites and cart were deleted at /)).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/portrait-en-member-deleted-by-mobile.png' });
    await page.getByRole('button', { name: 'Done' }).tap();
    await page.getByRole('button', { name: 'Member sign-in by mobile' }).tap();
    await proveNumber(page);
    await expect(page.getByRole('alert').filter({ hasText: 'This number is not a member here yet.' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Join with this number' })).toBeVisible();
  });
});

test('without HQ, signing in by mobile sends the shopper to staff, in Chinese by default', async ({ kioskPage: page }) => {
  await startVisit(page);
  await page.getByRole('button', { name: '手机号登录会员' }).tap();
  await page.getByRole('textbox', { name: '手机号' }).tap();
  await tapOnKeyboard(page, MOBILE);
  await page.getByRole('button', { name: '发送验证码' }).tap();
  await expect(page.getByRole('alert')).toHaveText(/现在无法发送短信验证码。请找店员帮助/);
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/portrait-zh-member-mobile-unavailable.png' });
});
