import { expect, type Page } from '@playwright/test';
import { applyFromFirstFridge, CREDIT as T, fillApplication } from './credit-flow.ts';
import { residentId } from './identities.ts';
import { DEMO_STAFF, openStaffSignIn, STAFF_T, typeStaffCredentials } from './staff-mode.ts';

/**
 * A kiosk enrolled with HQ, driven as a store drives it: a shopper's application the model refers
 * to a person, and the store's associate sending it up to HQ's credit team (above their authority).
 * For specs that run HQ and a kiosk together (scripts/demo.mjs startDemo).
 */

/** The kiosk's quiet head-office dot, for staff passing by. */
export const hqChip = (page: Page, state: 'in sync' | 'working offline' | 'staff to check') => page.getByRole('status', { name: `Head office: ${state}` });

/** A visit in English at the kiosk, once it is in step with HQ (the roster and datasets came down). */
export async function startInSync(page: Page, kioskUrl: string): Promise<void> {
  await page.goto(kioskUrl);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: T.en.start }).click();
  await expect(hqChip(page, 'in sync')).toBeVisible({ timeout: 40_000 });
}

/** A student's application for the first fridge: the model refers it to a person. `n` picks the synthetic ID and mobile. */
export async function referredApplication(page: Page, kioskUrl: string, name: string, n: number): Promise<void> {
  await startInSync(page, kioskUrl);
  await applyFromFirstFridge(page, 'en', T.en.anyApply);
  await fillApplication(page, 'en', { name, id: residentId(n), mobile: `1389999${String(n).padStart(4, '0')}`, employment: 'Student' });
  await page.getByRole('button', { name: T.en.submit }).click();
  await expect(page.getByRole('heading', { name: T.en.referred, level: 1 })).toBeVisible();
}

/**
 * The demo store's associate (who approves nothing) signs in on the kiosk and sends `name`'s
 * referral to head office as above their authority. Leaves the staff panel open; returns it.
 */
export async function sendUpToHq(page: Page, name: string) {
  const dialog = await openStaffSignIn(page, /Demo Store/, 'en');
  await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'en');
  const panel = page.getByRole('dialog', { name: STAFF_T.en.panel });
  const item = panel.getByRole('listitem').filter({ hasText: name });
  await item.getByRole('button', { name: 'Send to head office' }).tap();
  await item.getByRole('radio', { name: 'Above my authority' }).check();
  await item.getByRole('button', { name: 'Confirm: Send to head office' }).tap();
  await expect(item).toContainText('With head office’s credit team');
  return { panel, item };
}
