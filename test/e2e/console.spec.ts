import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { expect, signIn, test } from './console-fixtures.ts';
import { PASSWORD, SCREENS, seedFleet, seedHistory, startConsoleHq, type ConsoleHq } from './console-hq.ts';

/**
 * The HQ console in Chromium against HQ as deployed, on PostgreSQL (a fresh database for this file,
 * dropped after): sign-in and lockout, the fleet's filters, a kiosk's charts and commands, pins and
 * holds, a rollout halted and resumed, what a viewer may not do (on screen and at the API), both
 * languages, screenshots in test-results/screens, and axe-core on every page.
 */

test.use({ viewport: { width: 1440, height: 900 }, hasTouch: false });

let hq: ConsoleHq;
let kioskIds: string[];
const VERSION = '1.6.0';

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook needs from this pattern: none
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  hq = await startConsoleHq();
  await hq.addUser('ivy.admin', 'it-admin', 'Ivy Wang');
  await hq.addUser('vic.viewer', 'viewer', 'Victor Li');
  await hq.addUser('fay.finance', 'finance-ops', 'Fay Chen');
  await hq.addUser('lou.locked', 'viewer');
  kioskIds = await seedFleet(hq, { kiosks: 60, stores: 20 });
  await seedHistory(hq, kioskIds[1]!);
  await hq.adminSend('POST', '/v1/admin/releases', {
    version: VERSION,
    files: [{ url: `https://updates.example.cn/kiosk-${VERSION}.AppImage`, sha512: `${'A'.repeat(86)}==`, size: 123_456_789 }],
    notes: 'Faster search',
  });
  await hq.adminSend('POST', '/v1/admin/rollouts', { version: VERSION, bakeMinutes: 24 * 60 });
});

test.afterAll(async () => {
  await hq?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENS, `console-${name}.png`), fullPage: true });

async function open(page: Page, hash = ''): Promise<void> {
  await page.goto(`${hq.consoleUrl}${hash}`);
}

/** What HQ itself says (admin token), to check the screen against. */
type FleetRow = { id: string; storeId: string; silent: boolean; revokedAt: number | null; ring: keyof typeof RINGS_ZH };
async function fleet(): Promise<FleetRow[]> {
  return (await hq.admin<{ kiosks: FleetRow[] }>('GET', '/v1/admin/kiosks')).kiosks;
}
const RINGS_ZH = { lab: '实验室', canary: '金丝雀', early: '早期', broad: '扩大', all: '全部' } as const;

const bodyRows = (page: Page, name: string) => page.getByRole('table', { name }).getByRole('row').filter({ has: page.getByRole('cell') });

test('sign-in: a wrong password, a locked account, then the right one; the session survives a reload; sign-out', async ({ consolePage: page }) => {
  await open(page);
  await expect(page.getByRole('heading', { name: '登录总部控制台' })).toBeVisible();
  await expectAccessible(page, 'sign-in (zh)');
  await shot(page, 'sign-in-zh');

  await page.getByLabel('用户名').fill('ivy.admin');
  await page.getByLabel('密码').fill('not the password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确。');
  await expect(page.getByLabel('密码')).toHaveValue('');

  // Five wrong passwords lock the account for 15 minutes; the fifth answer already says so.
  await page.getByLabel('用户名').fill('lou.locked');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('密码').fill(`wrong password ${i}`);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    // Emptied when HQ's answer came: the next try is not swallowed by this one still pending.
    await expect(page.getByLabel('密码')).toHaveValue('');
  }
  await expect(page.getByRole('alert')).toHaveText('密码错误次数过多，账号已锁定。请在 15 分钟后重试。');
  await shot(page, 'sign-in-locked-zh');

  await signIn(page, 'ivy.admin');
  await expect(page.getByRole('heading', { name: '设备', level: 1 })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Ivy Wang · IT 管理员');
  await page.reload();
  await expect(page.getByRole('heading', { name: '设备', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '登录总部控制台' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '登录总部控制台' })).toBeVisible();
});

test('fleet: the counts are HQ’s, and text, status and version filters and sorting narrow the table', async ({ consolePage: page }) => {
  const kiosks = await fleet();
  const revoked = kiosks.filter((k) => k.revokedAt !== null).length;
  const silent = kiosks.filter((k) => k.revokedAt === null && k.silent).length;
  const online = kiosks.length - revoked - silent;
  await open(page, '#/fleet');
  await signIn(page, 'ivy.admin');
  const summary = page.getByRole('status').filter({ hasText: '显示' });
  await expect(summary).toHaveText(`显示 60 / 共 60 台 · 在线 ${online} · 静默 ${silent} · 已吊销 ${revoked}`);

  const store = kiosks.find((k) => k.revokedAt === null)!.storeId;
  const inStore = kiosks.filter((k) => k.storeId === store);
  await page.getByLabel('搜索').fill(store.toLowerCase());
  await expect(summary).toContainText(`显示 ${inStore.length} / 共 60 台`);
  await expect(bodyRows(page, '设备列表')).toHaveCount(inStore.length);
  for (const row of await bodyRows(page, '设备列表').all()) await expect(row.getByRole('cell').first()).toHaveText(store);

  await page.getByLabel('搜索').fill('');
  await page.getByLabel('状态').selectOption('silent');
  await expect(summary).toContainText(`显示 ${silent} / 共 60 台`);
  await expect(bodyRows(page, '设备列表')).toHaveCount(silent);
  await expect(bodyRows(page, '设备列表').first()).toContainText('静默');

  await page.getByLabel('状态').selectOption('all');
  await page.getByLabel('版本').selectOption('1.5.0');
  await expect(summary).toContainText('显示 20 / 共 60 台');

  // Store, descending: a second press reverses.
  await page.getByRole('button', { name: '清除筛选' }).click();
  await page.getByRole('button', { name: '门店' }).click();
  await page.getByRole('button', { name: '门店' }).click();
  await expect(page.getByRole('columnheader', { name: '门店' })).toHaveAttribute('aria-sort', 'descending');
  const highest = [...new Set(kiosks.map((k) => k.storeId))].sort().at(-1)!;
  await expect(bodyRows(page, '设备列表').first().getByRole('cell').first()).toHaveText(highest);
  await expectAccessible(page, 'fleet (zh)');
  await shot(page, 'fleet-zh');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Fleet', level: 1 })).toBeVisible();
  await page.getByLabel('Status').selectOption('silent');
  await expect(page.getByRole('status').filter({ hasText: 'Showing' })).toHaveText(`Showing ${silent} of 60 kiosks · ${online} online · ${silent} silent · ${revoked} revoked`);
  await expectAccessible(page, 'fleet (en)');
  await shot(page, 'fleet-en');
  await page.getByRole('button', { name: '中文' }).click();
});

test('a kiosk’s page: a week of heartbeats charted; store IT sends a command, pins and holds it', async ({ consolePage: page }) => {
  const kioskId = kioskIds[1]!;
  await open(page, `#/fleet/${kioskId}`);
  await signIn(page, 'ivy.admin');
  await expect(page.getByRole('heading', { name: 'Kiosk 00001 · 门店 S1001', level: 1 })).toBeVisible();
  const charts = page.getByRole('img', { name: /同步积压|内存|心跳时距/ });
  await expect(charts).toHaveCount(3);
  await expect(page.locator('.chart canvas')).toHaveCount(3);
  await expect(page.getByText(/共 [\d,]+ 次心跳/)).toBeVisible();

  const commands = page.getByRole('region', { name: '远程命令' });
  await commands.getByLabel('命令', { exact: true }).selectOption('sync_now');
  await commands.getByRole('button', { name: '发送', exact: true }).click();
  await expect(commands.getByRole('status')).toHaveText('已发送“立即同步”。设备下次同步时会收到并执行。');
  await expect(commands.getByRole('row').filter({ hasText: '立即同步' })).toContainText('等待设备');
  await expect(commands.getByRole('row').filter({ hasText: '立即同步' })).toContainText('console:ivy.admin');

  // A setting out of its bounds is refused at the field, before HQ sees it.
  await commands.getByLabel('命令', { exact: true }).selectOption('set_config');
  await commands.getByLabel('设置项').selectOption('idleTimeoutMs');
  await commands.getByLabel(/^值/).fill('1000');
  await commands.getByRole('button', { name: '发送', exact: true }).click();
  await expect(commands.getByRole('alert')).toHaveText('该值超出允许范围，请按提示填写整数。');

  const updates = page.getByRole('region', { name: '更新', exact: true });
  await updates.getByLabel('固定到版本').selectOption(VERSION);
  await updates.getByRole('button', { name: '固定', exact: true }).click();
  await expect(updates.getByRole('status')).toHaveText(`已固定到 ${VERSION}。设备下次检查更新时生效。`);
  await updates.getByRole('button', { name: '暂停更新' }).click();
  await expect(updates.getByRole('status')).toHaveText('已暂停此设备的更新。');
  // The page reads the pin and the hold back from HQ's fleet list.
  await expect(updates.getByRole('definition')).toHaveText([VERSION, '已暂停']);
  const ring = (await fleet()).find((k) => k.id === kioskId)!.ring;
  await expect(page.getByRole('region', { name: '概况' })).toContainText(`发布环${RINGS_ZH[ring]}`);
  const [stored] = await hq.sql<{ pinned_version: string; updates_held: boolean }>('SELECT pinned_version, updates_held FROM kiosks WHERE id = $1', [kioskId]);
  expect(stored).toEqual({ pinned_version: VERSION, updates_held: true });

  await expectAccessible(page, 'kiosk (zh)');
  await shot(page, 'kiosk-zh');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Kiosk 00001 · store S1001', level: 1 })).toBeVisible();
  await expectAccessible(page, 'kiosk (en)');
  await shot(page, 'kiosk-en');
  await page.getByRole('button', { name: '中文' }).click();
});

test('a rollout halted (with a reason) and resumed by store IT, recorded as theirs', async ({ consolePage: page }) => {
  const [{ id }] = (await hq.admin<{ rollouts: Array<{ id: number }> }>('GET', '/v1/admin/rollouts')).rollouts as [{ id: number }];
  await open(page, '#/rollouts');
  await signIn(page, 'ivy.admin');
  await expect(page.getByRole('heading', { name: '版本发布', level: 1 })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: `发布 #${id}` })).toContainText('进行中');
  await expect(page.getByRole('region', { name: '版本', exact: true }).getByRole('row').filter({ hasText: VERSION })).toContainText('Faster search');
  await expectAccessible(page, 'rollouts (zh)');
  await shot(page, 'rollouts-zh');

  await page.getByRole('link', { name: `发布 #${id}` }).click();
  await expect(page.getByRole('heading', { name: `发布 #${id} · ${VERSION}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: '各发布环进度' }).getByRole('row')).toHaveCount(6);
  await expect(page.getByRole('region', { name: '自动暂停' })).toContainText('当新增失败设备达到 2 台');

  await page.getByRole('button', { name: '暂停发布' }).click();
  const dialog = page.getByRole('dialog', { name: `暂停发布 #${id}（${VERSION}）？` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '暂停发布' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('请填写原因（最多 200 字）。');
  await dialog.getByLabel('原因（必填）').fill('门店反馈扫码异常');
  await expectAccessible(page, 'halt dialog (zh)');
  await shot(page, 'rollout-halt-dialog-zh');
  await dialog.getByRole('button', { name: '暂停发布' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `发布 #${id} 已暂停。` })).toBeVisible();
  await expect(page.getByText('已暂停：门店反馈扫码异常')).toBeVisible();
  await expect(page.getByRole('region', { name: '时间线' }).getByRole('listitem').first()).toContainText('暂停，发布环：实验室');
  await expect(page.getByRole('region', { name: '时间线' }).getByRole('listitem').first()).toContainText('console:ivy.admin');
  let detail = await hq.admin<{ rollout: { state: string; haltedReason: string | null } }>('GET', `/v1/admin/rollouts/${id}`);
  expect(detail.rollout).toMatchObject({ state: 'halted', haltedReason: '门店反馈扫码异常' });

  await page.getByRole('button', { name: '恢复发布' }).click();
  await page.getByRole('dialog', { name: `恢复发布 #${id}（${VERSION}）？` }).getByRole('button', { name: '恢复发布' }).click();
  await expect(page.getByRole('status').filter({ hasText: `发布 #${id} 已恢复。` })).toBeVisible();
  await expect(page.getByRole('button', { name: '暂停发布' })).toBeEnabled();
  detail = await hq.admin('GET', `/v1/admin/rollouts/${id}`);
  expect(detail.rollout.state).toBe('running');
  await expectAccessible(page, 'rollout (zh)');
  await shot(page, 'rollout-zh');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: `Rollout #${id} · ${VERSION}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Resumed in ring Lab');
  await expectAccessible(page, 'rollout (en)');
  await shot(page, 'rollout-en');
  await page.getByRole('button', { name: '中文' }).click();
});

test('a viewer sees the fleet and rollouts but none of store IT’s controls, and HQ refuses those changes too', async ({ consolePage: page }) => {
  const [{ id }] = (await hq.admin<{ rollouts: Array<{ id: number }> }>('GET', '/v1/admin/rollouts')).rollouts as [{ id: number }];
  const kioskId = kioskIds[1]!;
  await hq.adminSend('POST', `/v1/admin/kiosks/${kioskId}/commands`, { kind: 'reload_ui', issuedBy: 'e2e' });
  await open(page, `#/fleet/${kioskId}`);
  await signIn(page, 'vic.viewer');
  await expect(page.getByRole('banner')).toContainText('Victor Li · 只读');
  await expect(page.getByRole('region', { name: '远程命令' }).getByRole('table')).toBeVisible();
  await expect(page.getByRole('heading', { name: '发送命令' })).toHaveCount(0);
  await expect(page.getByText('只有 IT 管理员可以固定版本或暂停更新。')).toBeVisible();
  await expect(page.getByRole('button', { name: '固定', exact: true })).toHaveCount(0);
  await expectAccessible(page, 'kiosk (viewer)');

  await open(page, `#/rollouts/${id}`);
  await expect(page.getByRole('heading', { name: `发布 #${id} · ${VERSION}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /暂停发布|恢复发布|进入下一环/ })).toHaveCount(0);
  await shot(page, 'rollout-viewer-zh');

  // The server is the real check: the same changes, sent as this session with its CSRF token, are refused.
  const statuses = await page.evaluate(
    async ({ rolloutId, kiosk }) => {
      const session = (await (await fetch('/v1/console/session')).json()) as { csrfToken: string };
      const send = async (method: string, path: string, body: unknown) =>
        (await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify(body) })).status;
      return [
        await send('POST', `/v1/admin/rollouts/${rolloutId}/halt`, { reason: 'viewer tries' }),
        await send('PUT', `/v1/admin/kiosks/${kiosk}/pin`, { version: null }),
        await send('POST', `/v1/admin/kiosks/${kiosk}/commands`, { kind: 'reload_ui' }),
      ];
    },
    { rolloutId: id, kiosk: kioskId },
  );
  expect(statuses).toEqual([403, 403, 403]);
  expect((await hq.admin<{ rollout: { state: string } }>('GET', `/v1/admin/rollouts/${id}`)).rollout.state).toBe('running');
});

test('English, chosen on the sign-in page, stays after a reload and on every page', async ({ consolePage: page }) => {
  await open(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the HQ console' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to the HQ console' })).toBeVisible();
  await expectAccessible(page, 'sign-in (en)');
  await shot(page, 'sign-in-en');
  await page.getByLabel('Username').fill('fay.finance');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Fleet', level: 1 })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Fay Chen · Finance operations');
  await page.getByRole('link', { name: 'Rollouts' }).click();
  await expect(page.getByRole('heading', { name: 'Rollouts', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Releases' })).toContainText(VERSION);
  await expectAccessible(page, 'rollouts (en)');
  await shot(page, 'rollouts-en');
});
