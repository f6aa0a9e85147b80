import { expect, type Locator, type Page } from '@playwright/test';

/** The demo store's staff (resources/demo-store/staff.json; the README lists them). */
export const DEMO_STAFF = { associate: { id: '100201', pin: '2468', name: '王芳' }, supervisor: { id: '100202', pin: '1357', name: '李强' } } as const;

export const STAFF_T = {
  zh: { signIn: '员工登录', keypad: '数字键盘', next: '下一步', submit: '登录', panel: '员工模式', signOut: '退出员工模式', notRecognised: '员工编号或 PIN 码不正确。', locked: /已锁定/ },
  en: { signIn: 'Staff sign-in', keypad: 'Number keypad', next: 'Next', submit: 'Sign in', panel: 'Staff mode', signOut: 'Sign out of staff mode', notRecognised: 'Staff number or PIN not recognised.', locked: /locked/ },
} as const;

/**
 * A finger held on `target` for `ms` (Playwright's touchscreen only taps): raw touch events
 * through the DevTools protocol, from which Chromium makes pointer events as a screen would.
 */
export async function touchHold(page: Page, target: Locator, ms: number): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('nothing to hold: the target is not on screen');
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await page.waitForTimeout(ms);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Holds the store's name until the staff keypad opens. */
export async function openStaffSignIn(page: Page, storeName: string | RegExp, language: 'zh' | 'en'): Promise<Locator> {
  await touchHold(page, page.getByText(storeName).first(), 2_300);
  const dialog = page.getByRole('dialog', { name: STAFF_T[language].signIn });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Staff number, Next, PIN, Sign in — by touch on the kiosk's keypad. */
export async function typeStaffCredentials(dialog: Locator, staffId: string, pin: string, language: 'zh' | 'en'): Promise<void> {
  const t = STAFF_T[language];
  const keypad = dialog.getByRole('group', { name: t.keypad });
  for (const digit of staffId) await keypad.getByRole('button', { name: digit, exact: true }).tap();
  await dialog.getByRole('button', { name: t.next }).tap();
  for (const digit of pin) await keypad.getByRole('button', { name: digit, exact: true }).tap();
  await dialog.getByRole('button', { name: t.submit }).tap();
}
