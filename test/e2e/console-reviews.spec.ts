import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test as base, expect, type Page } from '@playwright/test';
import pg from 'pg';
import { formatFen } from '../../electron/domain/money.ts';
import { startDemo, type Demo } from '../../scripts/demo.mjs';
import { SERVER_URL } from '../bench/hq-process.ts';
import { expectAccessible } from './axe.ts';
import { signIn } from './console-fixtures.ts';
import { PASSWORD, SCREENS } from './console-hq.ts';
import { CREDIT as T } from './credit-flow.ts';
import { E2E_DATA_ROOT } from './env.ts';
import { guardPage } from './fixtures.ts';
import { referredApplication, sendUpToHq } from './hq-referral.ts';
import { residentId } from './identities.ts';
import { STAFF_T } from './staff-mode.ts';

/**
 * The console's HQ reviews against HQ as `npm run hq` runs it (dist/hq/hq.mjs) on PostgreSQL, with
 * a kiosk web host enrolled to it (scripts/demo.mjs startDemo: datasets published, the store's
 * roster down, sync every second). A student's application is referred at the kiosk, the store's
 * associate sends it up, finance operations decide it in the console with a reason, and the
 * customer's screen at the kiosk turns into the decision. One HQ and kiosk for the file: each
 * test makes its own application.
 */

const test = base.extend<{ kioskPage: Page; consolePage: Page }>({
  kioskPage: async ({ page }, use) => guardPage(page, use),
  // The console on a desk: its own browser context, mouse and keyboard, beside the kiosk's touch screen.
  consolePage: async ({ browser }, use) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, hasTouch: false });
    await guardPage(await context.newPage(), use);
    await context.close();
  },
});
test.describe.configure({ mode: 'serial' });

const HQ_ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'hq', 'hq.mjs');
const run = promisify(execFile);
let demo: Demo;
let database: string;
let databaseUrl: string;

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook needs from this pattern: none
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(240_000);
  database = `hq_reviews_${randomBytes(6).toString('hex')}`;
  const server = new pg.Client({ connectionString: SERVER_URL });
  await server.connect();
  await server.query(`CREATE DATABASE ${database}`);
  await server.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  databaseUrl = url.toString();
  const dataDir = join(E2E_DATA_ROOT, 'console-reviews');
  rmSync(dataDir, { recursive: true, force: true });
  demo = await startDemo({ dataDir, hqPort: 0, kioskPort: 0, databaseUrl, kioskEnv: { KIOSK_SYNC_EVERY_MS: '1000', KIOSK_IDLE_TIMEOUT_MS: '600000' }, log: () => undefined });
  // Console users as store IT adds them: HQ's own CLI, on HQ's database.
  for (const [username, role, name] of [
    ['fay.finance', 'finance-ops', 'Fay Chen'],
    ['vic.viewer', 'viewer', 'Victor Li'],
    ['ivy.admin', 'it-admin', 'Ivy Wang'],
  ] as const) {
    await run(process.execPath, [HQ_ENTRY, 'users', 'add', '--username', username, '--role', role, '--name', name], { env: { ...process.env, DATABASE_URL: databaseUrl, HQ_USER_PASSWORD: PASSWORD } });
  }
});

test.afterAll(async () => {
  await demo?.stop();
  if (!database) return;
  const server = new pg.Client({ connectionString: SERVER_URL });
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await server.end();
});

interface Escalation {
  kioskId: string;
  applicationId: string;
  requestedAmountFen: number;
  signals: string[];
}
const adminAuth = () => `Bearer ${demo.adminToken}`;

/** HQ's open escalations (the admin token, as store IT's scripts ask), to check the screen against. */
async function escalations(): Promise<Escalation[]> {
  const response = await fetch(new URL('v1/admin/escalations', demo.hqUrl), { headers: { authorization: adminAuth() } });
  return ((await response.json()) as { escalations: Escalation[] }).escalations;
}

/** The one escalation HQ holds once the kiosk has pushed it. */
async function pushedEscalation(): Promise<Escalation> {
  await expect.poll(async () => (await escalations()).length, { timeout: 30_000 }).toBe(1);
  return (await escalations())[0]!;
}

/** The kiosk's reference for an application, as staff read it out and the console shows it. */
const reference = (applicationId: string) => applicationId.replace(/-/g, '').slice(-8).toUpperCase();
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENS, `console-reviews-${name}.png`), fullPage: true });

async function openReviews(page: Page, username: string): Promise<void> {
  await page.goto(`${new URL('console/', demo.hqUrl).toString()}#/reviews`);
  await signIn(page, username);
}

test('a referral sent up by the store is decided in the console with a reason, and the customer’s screen at the kiosk turns into it', async ({ kioskPage, consolePage: page }) => {
  test.setTimeout(240_000);
  await referredApplication(kioskPage, demo.kioskUrl, 'Zhou Ning', 61);
  const { panel } = await sendUpToHq(kioskPage, 'Zhou Ning');
  const escalation = await pushedEscalation();
  expect(escalation.signals).toEqual(['STUDENT']);
  const ref = reference(escalation.applicationId);

  // The list, in Chinese (the console's default): who sent it up and why, and why the model referred it.
  await openReviews(page, 'fay.finance');
  await expect(page.getByRole('heading', { name: '总部审批', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '总部审批' })).toHaveAttribute('aria-current', 'page');
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: ref }) });
  await expect(row).toContainText('S001');
  await expect(row).toContainText(formatFen(escalation.requestedAmountFen));
  await expect(row).toContainText('员工 100201');
  await expect(row).toContainText('超出门店员工审批权限');
  await expect(row).toContainText('在校学生');
  // HQ has a model, so no pending application waits for a person there.
  await expect(page.getByRole('region', { name: '离线待定、总部模型未能决定的申请' })).toContainText('没有：送达总部的待定申请都已由总部模型决定。');
  await expectAccessible(page, 'reviews list (zh)');
  await shot(page, 'list-zh');

  // Opened: the model's decision made at the kiosk, with its signal, and its trace from the input the kiosk sent up.
  await row.getByRole('button', { name: `审阅申请 ${ref}` }).click();
  const detail = page.getByRole('region', { name: `申请 ${ref}` });
  await expect(detail.getByRole('heading', { name: `申请 ${ref}` })).toBeFocused();
  await expect(detail.getByRole('region', { name: '模型决定' })).toContainText('门店设备上的模型');
  await expect(detail.getByRole('region', { name: '模型决定' })).toContainText('STUDENT');
  await expect(detail.getByRole('region', { name: '模型轨迹' })).toContainText('policy knock-outs');
  await expect(detail.getByRole('region', { name: '模型轨迹' })).toContainText('STUDENT');
  await expect(detail).not.toContainText(residentId(61));
  await expectAccessible(page, 'review detail (zh)');
  await shot(page, 'detail-zh');

  // The reason is required, and only the reasons for the decision chosen are offered.
  const form = detail.getByRole('form', { name: '总部决定' });
  await form.getByRole('button', { name: '提交决定' }).click();
  await expect(form.getByRole('alert')).toHaveText('请选择批准或拒绝。');
  await form.getByRole('radio', { name: '拒绝' }).check();
  await form.getByRole('button', { name: '提交决定' }).click();
  await expect(form.getByRole('alert')).toHaveText('请选择决定的理由。');
  await expect(form.getByLabel('理由').getByRole('option')).toHaveText(['请选择理由', '无法核实信息', '还款能力存疑', '顾客放弃申请']);
  await form.getByRole('radio', { name: '批准' }).check();
  await expect(form.getByLabel('理由').getByRole('option')).toHaveText(['请选择理由', '已核验收入证明', '已当面核实身份', '老顾客，有良好记录']);
  await form.getByLabel('理由').selectOption({ label: '已核验收入证明' });
  await form.getByRole('button', { name: '提交决定' }).click();
  const confirm = page.getByRole('dialog', { name: `批准申请 ${ref}？` });
  await expect(confirm).toContainText('理由：已核验收入证明');
  await expectAccessible(page, 'decide confirmation (zh)');
  await confirm.getByRole('button', { name: '确认批准' }).click();
  await expect(page.getByRole('status').filter({ hasText: `已批准申请 ${ref}` })).toBeVisible();
  await expect(page.getByText('目前没有等待总部决定的申请。')).toBeVisible();
  await expect(detail).toBeHidden();
  expect(await escalations()).toEqual([]);

  // At the kiosk: the decision comes down, and the customer's screen (under staff mode) turns into it.
  await panel.getByRole('button', { name: STAFF_T.en.signOut }).tap();
  await expect(kioskPage.getByRole('heading', { name: T.en.approved, level: 1 })).toBeVisible({ timeout: 40_000 });
  await expect(kioskPage.getByRole('button', { name: T.en.readTerms })).toBeVisible();
});

test('in English: a decision someone else made first is said so, the referral leaves the list, and the kiosk shows the decision that was made', async ({ kioskPage, consolePage: page }) => {
  test.setTimeout(240_000);
  await referredApplication(kioskPage, demo.kioskUrl, 'Qian Hui', 62);
  const { panel } = await sendUpToHq(kioskPage, 'Qian Hui');
  const escalation = await pushedEscalation();
  const ref = reference(escalation.applicationId);

  await openReviews(page, 'fay.finance');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'HQ reviews', level: 1 })).toBeVisible();
  await expectAccessible(page, 'reviews list (en)');
  await page.getByRole('button', { name: `Review application ${ref}` }).click();
  const detail = page.getByRole('region', { name: `Application ${ref}` });
  const model = detail.getByRole('region', { name: 'The model\'s decision' });
  await expect(model).toContainText('The model on the kiosk');
  await expect(model).toContainText('Full-time student');
  await expect(detail.getByRole('region', { name: 'The model\'s trace' })).toContainText('policy knock-outs');
  await expect(detail.getByRole('region', { name: 'The model\'s input' })).toContainText('student');
  await expect(detail).not.toContainText(residentId(62));
  await expect(detail).not.toContainText('13899990062');
  await expectAccessible(page, 'review detail (en)');
  await shot(page, 'detail-en');

  // Meanwhile another member of the credit team declines it (the admin API, as a script would).
  const first = await fetch(new URL('v1/admin/escalations/decide', demo.hqUrl), {
    method: 'POST',
    headers: { authorization: adminAuth(), 'content-type': 'application/json' },
    body: JSON.stringify({ kioskId: escalation.kioskId, applicationId: escalation.applicationId, status: 'declined', reason: 'could_not_verify', by: 'credit-team-e2e' }),
  });
  expect(first.status).toBe(200);
  const form = detail.getByRole('form', { name: 'HQ\'s decision' });
  await form.getByRole('radio', { name: 'Approve' }).check();
  await form.getByLabel('Reason').selectOption({ label: 'Identity confirmed in person' });
  await form.getByRole('button', { name: 'Submit decision' }).click();
  await page.getByRole('dialog', { name: `Approve application ${ref}?` }).getByRole('button', { name: 'Confirm approval' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `Someone else already decided application ${ref}; it has left the list.` })).toBeVisible();
  await expect(page.getByText('No application is waiting for HQ\'s decision.')).toBeVisible();
  await expectAccessible(page, 'reviews after a decision elsewhere (en)');
  await shot(page, 'already-decided-en');

  // The kiosk shows the decision that was made: declined, with a human review on offer.
  await panel.getByRole('button', { name: STAFF_T.en.signOut }).tap();
  await expect(kioskPage.getByRole('heading', { name: T.en.declined, level: 1 })).toBeVisible({ timeout: 40_000 });
});

test('a viewer and store IT have no Reviews link; a direct visit says the role may not review, and HQ refuses a viewer’s decision (403)', async ({ consolePage: page }) => {
  await openReviews(page, 'vic.viewer');
  await expect(page.getByText('只读角色无权审批申请。总部审批由金融运营人员处理。')).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '总部审批' })).toHaveCount(0);
  await expectAccessible(page, 'reviews refused (zh)');
  // The decide call made by hand with the viewer's session and its CSRF token.
  const status = await page.evaluate(async () => {
    const session = (await (await fetch('/v1/console/session')).json()) as { csrfToken: string };
    const response = await fetch('/v1/admin/escalations/decide', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ kioskId: '01a23d3e-5ca6-74b8-91d6-98419e1197d5', applicationId: 'any', status: 'approved', reason: 'income_proof_seen' }),
    });
    return response.status;
  });
  expect(status).toBe(403);
  await page.getByRole('button', { name: '退出登录' }).click();

  await signIn(page, 'ivy.admin');
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设备' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '总部审批' })).toHaveCount(0);
  await expect(page.getByText('IT 管理员角色无权审批申请。总部审批由金融运营人员处理。')).toBeVisible();
});
