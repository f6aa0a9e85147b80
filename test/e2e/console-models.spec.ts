import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { CONSENTS } from '../../electron/contract/credit.ts';
import { ComparisonResponse } from '../../hq/server/model-schemas.ts';
import { DEMO_STORE } from '../../scripts/demo.mjs';
import { bundledModel, stricterModel } from '../helpers/challenger.ts';
import { expectAccessible } from './axe.ts';
import { startConsoleDemo, type ConsoleDemo } from './console-demo.ts';
import { signIn } from './console-fixtures.ts';
import { SCREENS } from './console-hq.ts';
import { guardPage } from './fixtures.ts';
import { residentId } from './identities.ts';

/**
 * Champion and challenger (issue 14 item 7) end to end: finance operations publish a challenger in
 * the console to half the applications, a run of generated applications goes through the kiosk's
 * own API, the console compares the two models on what the kiosk sent, and promotion makes the
 * challenger the model the kiosk decides with. HQ is `npm run hq`'s build on PostgreSQL.
 */

const test = base.extend<{ consolePage: Page }>({
  consolePage: async ({ browser }, use) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, hasTouch: false });
    await guardPage(await context.newPage(), use);
    await context.close();
  },
});
test.describe.configure({ mode: 'serial' });

const CHAMPION = bundledModel().version;
const CHALLENGER = 'credit-2027.01-1';
const APPLICATIONS = 24;
let hq: ConsoleDemo;

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook needs from this pattern: none
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(240_000);
  hq = await startConsoleDemo('console-models', [
    ['fay.finance', 'finance-ops', 'Fay Chen'],
    ['vic.viewer', 'viewer', 'Victor Li'],
  ]);
});
test.afterAll(async () => {
  await hq?.stop();
});

/** One call to the kiosk's API, as its screen makes it (the web host's /api/<channel>). */
async function kiosk<T>(channel: string, body: unknown): Promise<T> {
  const response = await fetch(new URL(`api/${channel}`, hq.demo.kioskUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

const EMPLOYMENT = ['employed', 'self_employed', 'retired'] as const;
const INCOME = ['3k_6k', '6k_10k', '10k_20k', 'over_20k'] as const;

/** A generated application for the n-th fridge the store sells: a new visit, a new applicant. */
async function generatedApplication(n: number): Promise<{ status: string; modelVersion: string }> {
  const { sessionId } = await kiosk<{ sessionId: string }>('startSession', { locale: 'zh-CN' });
  const page = await kiosk<{ items: { id: string }[] }>('queryProducts', { categoryId: 'refrigerators', limit: 20 });
  const product = page.items[n % page.items.length]!;
  const { offers } = await kiosk<{ offers: { productId: string; termMonths: number }[] }>('financeOffers', { productId: product.id });
  const plan = offers.find((o) => o.termMonths === 12) ?? offers[0]!;
  const { application } = await kiosk<{ application: { status: string; modelVersion: string } }>('applyForCredit', {
    sessionId,
    requestId: crypto.randomUUID(),
    purchase: { productId: product.id },
    plan: { productId: plan.productId, termMonths: plan.termMonths },
    applicant: { name: `测试${n}`, residentId: residentId(500 + n), mobile: `137${String(10_000_000 + n).slice(-8)}`, employment: EMPLOYMENT[n % 3], incomeBand: INCOME[n % 4] },
    consents: { credit_assessment: CONSENTS.credit_assessment.version, personal_data: CONSENTS.personal_data.version },
    locale: 'zh-CN',
  });
  return application;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENS, `console-models-${name}.png`), fullPage: true });

test('a challenger published in the console to half the applications is compared with the champion on what the kiosk sent, then promoted', async ({ consolePage: page }) => {
  test.setTimeout(240_000);
  await page.goto(`${hq.consoleUrl}#/models`);
  await signIn(page, 'fay.finance');
  await expect(page.getByRole('heading', { name: '决策模型', level: 1 })).toBeVisible();
  const inUse = page.getByRole('region', { name: '正在使用的模型' });
  await expect(inUse.getByRole('row', { name: /全部门店/ })).toContainText(CHAMPION);
  await expect(page.getByText('还没有挑战者的影子结果')).toBeVisible();
  await expectAccessible(page, 'models (zh)');

  // Publish the challenger: a stricter score floor, on half the applications.
  await page.getByLabel('模型文件（JSON）').setInputFiles({ name: `${CHALLENGER}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(stricterModel(CHALLENGER, 760))) });
  await page.getByLabel('评估比例（%）').fill('50');
  await page.getByRole('button', { name: '发布挑战者' }).click();
  const ask = page.getByRole('dialog', { name: '发布挑战者模型？' });
  await expect(ask).toContainText('50%');
  await ask.getByRole('button', { name: '发布挑战者' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已发布' })).toContainText(`${CHALLENGER} 在全部门店评估 50% 的申请`);
  await expect(inUse.getByRole('row', { name: /全部门店/ })).toContainText(`${CHALLENGER}，50% 的申请`);

  // The kiosk pulls it (sync every second), then a run of generated applications goes through its API.
  const kioskDb = new Database(hq.kioskDb, { readonly: true });
  try {
    await expect
      .poll(() => (kioskDb.prepare("SELECT body FROM dataset_documents WHERE name = 'decision_models'").pluck().get() as string | undefined)?.includes(CHALLENGER) ?? false, { timeout: 30_000 })
      .toBe(true);
    for (let n = 0; n < APPLICATIONS; n++) expect((await generatedApplication(n)).modelVersion).toBe(CHAMPION);
    // What the kiosk recorded: the champion's outcome, and the challenger's on those in its share.
    const recorded = kioskDb.prepare('SELECT outcome, challenger FROM credit_decisions').all() as { outcome: string; challenger: string | null }[];
    const shadowed = recorded.filter((r) => r.challenger !== null).map((r) => ({ champion: r.outcome, challenger: (JSON.parse(r.challenger!) as { outcome: string }).outcome }));
    expect(recorded).toHaveLength(APPLICATIONS);
    expect(shadowed.length).toBeGreaterThan(0);
    expect(shadowed.length).toBeLessThan(APPLICATIONS);

    // HQ has them once the kiosk pushes: the comparison in the console says what the kiosk recorded.
    const comparison = async () => {
      const response = await fetch(new URL(`v1/admin/models/comparison?challenger=${CHALLENGER}`, hq.demo.hqUrl), { headers: { authorization: `Bearer ${hq.demo.adminToken}` } });
      return ComparisonResponse.parse(await response.json());
    };
    await expect.poll(async () => (await comparison()).total.applications, { timeout: 30_000 }).toBe(shadowed.length);
    const { total } = await comparison();
    for (const outcome of ['approve', 'counter_offer', 'refer', 'decline'] as const) {
      expect(total.champion[outcome]).toBe(shadowed.filter((s) => s.champion === outcome).length);
      expect(total.challenger[outcome]).toBe(shadowed.filter((s) => s.challenger === outcome).length);
    }
    expect(total.agree).toBe(shadowed.filter((s) => s.champion === s.challenger).length);

    await page.getByRole('button', { name: '刷新' }).click();
    const table = page.getByRole('table', { name: '全部申请' });
    const declined = shadowed.filter((s) => s.challenger === 'decline').length;
    await expect(table.getByRole('row', { name: /^拒绝/ })).toContainText(`${declined}（`);
    await expect(page.getByText(`${shadowed.length} 笔申请同时由冠军 ${CHAMPION} 与挑战者 ${CHALLENGER} 评估`)).toBeVisible();
    await expect(page.getByRole('img', { name: /冠军与挑战者 credit-2027\.01-1 各结果的比例/ })).toBeVisible();
    await expect(page.getByRole('table', { name: '按门店' }).getByRole('row', { name: new RegExp(`^${DEMO_STORE}`) })).toContainText(String(shadowed.length));
    await expect(page.getByRole('table', { name: '按申请金额' })).toBeVisible();
    await shot(page, 'comparison-zh');
    await expectAccessible(page, 'models comparison (zh)');

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Decision models', level: 1 })).toBeVisible();
    await expect(page.getByRole('table', { name: 'All applications' }).getByRole('row', { name: /^Declined/ })).toContainText(`${declined} (`);
    await shot(page, 'comparison-en');
    await expectAccessible(page, 'models comparison (en)');

    // Promotion: the challenger becomes the champion the kiosk decides with.
    await page.getByRole('button', { name: `Promote to champion: ${CHALLENGER} (All stores)` }).click();
    const promote = page.getByRole('dialog', { name: `Promote ${CHALLENGER}?` });
    await promote.getByRole('button', { name: 'Promote to champion' }).click();
    await expect(page.getByRole('row', { name: /All stores/ }).first()).toContainText(CHALLENGER);
    await expect(page.getByRole('row', { name: /All stores/ }).first()).toContainText('None');
    await expect.poll(async () => (await generatedApplication(APPLICATIONS + 1)).modelVersion, { timeout: 30_000, intervals: [1_000] }).toBe(CHALLENGER);
    const last = kioskDb.prepare('SELECT model_version, challenger FROM credit_decisions ORDER BY decided_at DESC, rowid DESC LIMIT 1').get() as { model_version: string; challenger: string | null };
    expect(last).toEqual({ model_version: CHALLENGER, challenger: null });
  } finally {
    kioskDb.close();
  }
});

test('a viewer sees no decision models and HQ refuses their change even when sent by hand', async ({ consolePage: page }) => {
  await page.goto(`${hq.consoleUrl}#/models`);
  await signIn(page, 'vic.viewer');
  await expect(page.getByRole('heading', { name: '决策模型', level: 1 })).toBeVisible();
  await expect(page.getByText('您的角色（只读）不能查看决策模型')).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '决策模型' })).toHaveCount(0);
  const session = (await (await page.request.get(new URL('v1/console/session', hq.demo.hqUrl).toString())).json()) as { csrfToken: string };
  const promote = await page.request.post(new URL('v1/admin/models/promote', hq.demo.hqUrl).toString(), { data: { scope: 'all' }, headers: { 'x-csrf-token': session.csrfToken } });
  expect(promote.status()).toBe(403);
  const read = await page.request.get(new URL(`v1/admin/models/comparison?challenger=${CHALLENGER}`, hq.demo.hqUrl).toString());
  expect(read.status()).toBe(403);
});
