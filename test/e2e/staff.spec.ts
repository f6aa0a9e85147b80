import { STAFF_TOKEN_HEADER } from '../../electron/contract/staff.ts';
import { expect, startVisit, test } from './fixtures.ts';
import { DEMO_STAFF, openStaffSignIn, STAFF_T, typeStaffCredentials } from './staff-mode.ts';

const STORE = { zh: '示范门店 · 北京朝阳店', en: 'Demo Store · Beijing Chaoyang' } as const;

test.describe('floor staff sign-in', () => {
  test.use({ hostEnv: { KIOSK_STAFF_AUTO_LOCK_MS: '8000' } });

  test('holding the store name opens the keypad; the right number and PIN open staff mode, with the sync panel', async ({ kioskPage: page }) => {
    await page.goto('/');
    const dialog = await openStaffSignIn(page, STORE.zh, 'zh');
    // The lifted finger did not type into the keypad that opened under it.
    await expect(dialog.getByRole('status', { name: '员工编号' })).toHaveText('员工编号');
    await page.screenshot({ path: 'test-results/screens/portrait-zh-staff-sign-in.png' });
    await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'zh');

    const panel = page.getByRole('dialog', { name: STAFF_T.zh.panel });
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(`${DEMO_STAFF.associate.name} · 导购`);
    await expect(panel.getByRole('heading', { name: '与总部同步' })).toBeVisible();
    await expect(panel).toContainText('演示门店：未连接总部');
    await expect(panel.getByRole('table', { name: '数据版本' })).toContainText('员工名单');
    await page.screenshot({ path: 'test-results/screens/portrait-zh-staff-sync-panel.png' });

    // The English switch is on this screen too.
    await panel.getByRole('button', { name: 'English' }).tap();
    await expect(page.getByRole('dialog', { name: STAFF_T.en.panel })).toContainText('Demo store: no head office configured');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect(page.getByRole('button', { name: STAFF_T.en.signOut })).toBeInViewport();
    await page.screenshot({ path: 'test-results/screens/landscape-en-staff-sync-panel.png' });
    await page.getByRole('button', { name: STAFF_T.en.signOut }).tap();
    await expect(page.getByRole('dialog', { name: STAFF_T.en.panel })).toBeHidden();
  });

  test('five wrong PINs lock the staff number, and the right PIN then waits too', async ({ kioskPage: page }) => {
    await startVisit(page, 'en');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const dialog = attempt === 1 ? await openStaffSignIn(page, STORE.en, 'en') : page.getByRole('dialog', { name: STAFF_T.en.signIn });
      if (attempt > 1) await dialog.getByRole('button', { name: 'Back' }).tap();
      if (attempt > 1) await dialog.getByRole('button', { name: 'Clear' }).tap();
      await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, '0000', 'en');
      await expect(dialog.getByRole('alert')).toHaveText(attempt < 5 ? STAFF_T.en.notRecognised : STAFF_T.en.locked);
    }
    await page.screenshot({ path: 'test-results/screens/portrait-en-staff-locked.png' });
    const dialog = page.getByRole('dialog', { name: STAFF_T.en.signIn });
    await dialog.getByRole('button', { name: 'Clear' }).tap();
    await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'en');
    await expect(dialog.getByRole('alert')).toHaveText(STAFF_T.en.locked);
    await expect(page.getByRole('dialog', { name: STAFF_T.en.panel })).toBeHidden();

    // Another staff member is not locked out by it.
    await dialog.getByRole('button', { name: 'Clear' }).tap();
    await typeStaffCredentials(dialog, DEMO_STAFF.supervisor.id, DEMO_STAFF.supervisor.pin, 'en');
    await expect(page.getByRole('dialog', { name: STAFF_T.en.panel })).toContainText('Supervisor');
  });

  test('staff mode locks itself after the auto-lock time without a touch, and ends with the shopper’s visit', async ({ kioskPage: page, kiosk }) => {
    await startVisit(page, 'en');
    let dialog = await openStaffSignIn(page, STORE.en, 'en');
    await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'en');
    const panel = page.getByRole('dialog', { name: STAFF_T.en.panel });
    await expect(panel).toBeVisible();
    // Nobody touches the screen (the host's auto-lock is 8 s for this test; 2 minutes by default).
    await expect(panel).toBeHidden({ timeout: 15_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Staff mode locked itself.' })).toBeVisible();

    // Signed in again, then the visit ends (idle reset or done): staff mode goes with it.
    dialog = await openStaffSignIn(page, STORE.en, 'en');
    await typeStaffCredentials(dialog, DEMO_STAFF.associate.id, DEMO_STAFF.associate.pin, 'en');
    await expect(panel).toBeVisible();
    // The visit ends (here from outside, as a finished checkout or the idle reset ends it).
    const db = kiosk.db();
    const sessionId = db.prepare('SELECT id FROM sessions WHERE ended_at IS NULL').pluck().get() as string;
    db.close();
    const ended = await page.request.post(`${kiosk.url}/api/endSession`, { data: { sessionId, reason: 'idle' } });
    expect(await ended.json()).toEqual({ ok: true, data: { ended: true } });
    await expect(panel).toBeHidden();
  });

  test('a shopper cannot reach a staff channel: no token, a forged token, or one from a session that ended', async ({ kioskPage: page, kiosk }) => {
    const call = (channel: string, token?: string) =>
      page.request.post(`${kiosk.url}/api/${channel}`, { data: {}, headers: token === undefined ? {} : { [STAFF_TOKEN_HEADER]: token } });
    for (const token of [undefined, '', 'forged', 'A'.repeat(43)]) {
      for (const channel of ['syncStatus', 'syncNow', 'staffWhoAmI', 'staffSignOut']) {
        const response = await call(channel, token);
        expect(response.status(), `${channel} with ${String(token)}`).toBe(403);
        expect(await response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    const signIn = await page.request.post(`${kiosk.url}/api/staffSignIn`, { data: { staffId: DEMO_STAFF.associate.id, pin: DEMO_STAFF.associate.pin } });
    const { data } = (await signIn.json()) as { data: { token: string } };
    expect((await call('staffWhoAmI', data.token)).status()).toBe(200);
    expect((await call('staffSignOut', data.token)).status()).toBe(200);
    expect((await call('syncStatus', data.token)).status()).toBe(403);
  });
});

test.describe('the store figures', () => {
  for (const [orientation, viewport] of [
    ['portrait', { width: 1080, height: 1920 }],
    ['landscape', { width: 1920, height: 1080 }],
  ] as const) {
    test(`${orientation}: today and the last 30 days, as tiles and charts, in both languages`, async ({ kioskPage: page, kiosk }) => {
      await page.setViewportSize(viewport);
      // Something sold today: a till order for the first fridge, through the kiosk's own API.
      const api = async (channel: string, data: unknown) => ((await (await page.request.post(`${kiosk.url}/api/${channel}`, { data })).json()) as { data: Record<string, unknown> }).data;
      const { sessionId } = (await api('startSession', { locale: 'zh-CN' })) as { sessionId: string };
      const { items } = (await api('queryProducts', { categoryId: 'refrigerators', limit: 1 })) as { items: Array<{ id: string }> };
      await api('placeTillOrder', { sessionId, requestId: 'e2e-figures-1', purchase: { productId: items[0]!.id }, fulfilment: { kind: 'pickup' } });
      await api('endSession', { sessionId, reason: 'finished' });

      await page.goto('/');
      const dialog = await openStaffSignIn(page, STORE.zh, 'zh');
      await typeStaffCredentials(dialog, DEMO_STAFF.supervisor.id, DEMO_STAFF.supervisor.pin, 'zh');
      const figures = page.getByRole('region', { name: '本店经营数据' });
      await expect(figures.getByRole('img', { name: /每日销售额：分期与现金/ })).toBeVisible();
      await expect(figures.getByRole('img', { name: /各品类分期渗透率：冰箱 0%/ })).toBeVisible();
      await expect(figures).toContainText('分期渗透率');
      await figures.getByRole('radio', { name: '今天' }).check();
      await expect(figures.getByRole('img', { name: /每日销售额/ })).toHaveAccessibleName(/分期 ¥0，现金 ¥\d/);
      await page.screenshot({ path: `test-results/screens/${orientation}-zh-staff-figures.png` });

      await page.getByRole('dialog', { name: STAFF_T.zh.panel }).getByRole('button', { name: 'English' }).tap();
      const english = page.getByRole('region', { name: 'Store figures' });
      await english.getByRole('radio', { name: 'Last 30 days' }).check();
      await expect(english.getByRole('img', { name: /Finance penetration by category: Refrigerators 0%/ })).toBeVisible();
      await expect(english).toContainText('Visits');
      await page.screenshot({ path: `test-results/screens/${orientation}-en-staff-figures.png` });
    });
  }
});
