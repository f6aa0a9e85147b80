import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { OutboxTopic } from '../../electron/contract/outbox.ts';
import type { PushItem, PushResponse } from '../../electron/contract/sync.ts';
import { addDays } from '../../electron/domain/calendar.ts';
import { storeDate } from '../../electron/domain/promotions.ts';
import { outboxItem, TestKiosk } from '../hq/harness.ts';
import { expectAccessible } from './axe.ts';
import { expect, signIn, test } from './console-fixtures.ts';
import { SCREENS, startConsoleHq, type ConsoleHq } from './console-hq.ts';

/**
 * The HQ console's figures and audit pages in Chromium against HQ as deployed, on PostgreSQL. The
 * figures come the way a chain's do: three kiosks (stores S201 and S202 in region north, S203 in
 * south) enrol with codes and push six days of signed outbox items (visits, applications and their
 * decisions, orders at the till and on installments), which HQ ingests and rolls up. The numbers
 * each chart's text alternative shows are worked out below from what was pushed.
 */

test.use({ viewport: { width: 1440, height: 900 }, hasTouch: false });

let hq: ConsoleHq;
/** HQ's store days (China's dates): the six days before today carry the pushed sales. */
const TODAY = storeDate(Date.now());
const DAYS = [-6, -5, -4, -3, -2, -1].map((d) => addDays(TODAY, d));
const YESTERDAY = DAYS[5]!;
const FROM = addDays(TODAY, -29);
const LENDER = 'lender-a';

/** One kiosk's outbox as it would push it: consecutive seqs, each payload as its topic's schema has it. */
class Outbox {
  readonly items: PushItem[] = [];
  add(topic: OutboxTopic, payload: object): void {
    this.items.push(outboxItem(this.items.length + 1, topic, payload));
  }

  /** A shopper's visit at `at`; one that looked at a product and opened the plans when `looked`. */
  visit(at: number, looked: boolean): string {
    const sessionId = randomUUID();
    this.add('session.started', { sessionId, locale: 'zh-CN', startedAt: at });
    if (looked) {
      this.add('shopper.event', { eventId: randomUUID(), sessionId, at: at + 1000, event: { type: 'product_viewed', productId: 'p-1' } });
      this.add('shopper.event', { eventId: randomUUID(), sessionId, at: at + 2000, event: { type: 'offers_viewed', source: 'product' } });
    }
    this.add('session.ended', { sessionId, reason: 'done', startedAt: at, endedAt: at + 600_000 });
    return sessionId;
  }

  /** An application and the kiosk's decision on it; `assist`: the staff member who helped. */
  apply(sessionId: string, at: number, outcome: 'approve' | 'decline' | 'refer', amountFen: number, assist?: { staffId: string; idCardSeen: boolean }): string {
    const applicationId = randomUUID();
    this.add('credit.application', {
      applicationId,
      sessionId,
      requestedAmountFen: amountFen,
      financeProductId: 'fp-12',
      lenderId: LENDER,
      termMonths: 12,
      consents: { credit: 'v1' },
      at: at + 3000,
      ...(assist ? { assistedBy: assist.staffId, idCardSeen: assist.idCardSeen } : {}),
    });
    const approved = outcome === 'approve';
    this.add('credit.decision', {
      applicationId,
      status: { approve: 'approved', decline: 'declined', refer: 'referred' }[outcome],
      offline: false,
      outcome,
      reasons: approved ? [] : ['SCORE_LOW'],
      signals: [],
      score: approved ? 640 : 480,
      limitFen: approved ? amountFen : 0,
      amountFinancedFen: approved ? amountFen : null,
      downPaymentFen: approved ? 0 : null,
      monthlyPaymentFen: approved ? Math.round(amountFen / 12) : null,
      modelVersion: 'credit-e2e',
      at: at + 4000,
    });
    return applicationId;
  }

  order(at: number, totalFen: number, categoryId: string, applicationId: string | null = null): void {
    this.add('order.placed', {
      orderId: randomUUID(),
      orderNumber: String(this.items.length).padStart(4, '0'),
      payment: applicationId === null ? 'till' : 'installment',
      applicationId,
      fulfilment: { kind: 'pickup' },
      totalFen,
      downPaymentFen: 0,
      amountFinancedFen: applicationId === null ? 0 : totalFen,
      lines: [{ productId: `p-${categoryId}`, categoryId, quantity: 1, unitPriceFen: totalFen }],
      discountFen: 0,
      at: at + 5000,
    });
  }
}

/** Noon of a store day in China, plus `minutes`. */
const noon = (day: string, minutes = 0) => Date.parse(`${day}T12:00:00+08:00`) + minutes * 60_000;

/**
 * Six days at three stores:
 * - S201 (north), each day: a ¥6,000 refrigerator on installments (approved), a ¥4,000 air
 *   conditioner at the till, and an application staff member 100201 helped with, declined;
 * - S202 (north), each day: a ¥3,000 television at the till; every other day a ¥3,000 washing
 *   machine on installments (approved), the other days an application referred;
 * - S203 (south), each day: a ¥2,000 television at the till and a declined application staff
 *   member 100301 helped with without seeing the ID card; yesterday eleven of those.
 */
function outboxes(): Record<'S201' | 'S202' | 'S203', Outbox> {
  const s201 = new Outbox();
  const s202 = new Outbox();
  const s203 = new Outbox();
  DAYS.forEach((day, i) => {
    const financed = s201.apply(s201.visit(noon(day), true), noon(day), 'approve', 600_000);
    s201.order(noon(day), 600_000, 'refrigerators', financed);
    s201.order(noon(day, 20), 400_000, 'air_conditioners');
    s201.apply(s201.visit(noon(day, 40), true), noon(day, 40), 'decline', 500_000, { staffId: '100201', idCardSeen: true });

    s202.order(noon(day), 300_000, 'televisions');
    const visit = s202.visit(noon(day, 30), true);
    if (i % 2 === 0) s202.order(noon(day, 30), 300_000, 'washing_machines', s202.apply(visit, noon(day, 30), 'approve', 300_000));
    else s202.apply(visit, noon(day, 30), 'refer', 300_000);

    s203.order(noon(day), 200_000, 'televisions');
    for (let n = 0; n < (day === YESTERDAY ? 11 : 1); n++) s203.apply(s203.visit(noon(day, 10 + n), false), noon(day, 10 + n), 'decline', 400_000, { staffId: '100301', idCardSeen: false });
  });
  return { S201: s201, S202: s202, S203: s203 };
}

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a hook needs from this pattern: none
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  hq = await startConsoleHq();
  await hq.addUser('fay.finance', 'finance-ops', 'Fay Chen');
  await hq.addUser('ivy.admin', 'it-admin', 'Ivy Wang');
  await hq.addUser('vic.viewer', 'viewer', 'Victor Li');
  for (const [storeId, outbox] of Object.entries(outboxes())) {
    const { code } = await hq.adminSend<{ code: string }>('POST', '/v1/admin/enrolment-codes', { storeId });
    const kiosk = await TestKiosk.enrol(hq.url, code, { label: `${storeId} kiosk` });
    for (let i = 0; i < outbox.items.length; i += 100) {
      const answer = await kiosk.push(outbox.items.slice(i, i + 100));
      expect(answer.status).toBe(200);
      expect((answer.body as PushResponse).results.filter((r) => r.status !== 'applied')).toEqual([]);
    }
  }
  // Store IT's script puts the stores in their regions (audited as the admin token).
  await hq.adminSend('PUT', '/v1/admin/stores/S201', { region: 'north' });
  await hq.adminSend('PUT', '/v1/admin/stores/S202', { region: 'north' });
  await hq.adminSend('PUT', '/v1/admin/stores/S203', { region: 'south' });
});

test.afterAll(async () => {
  await hq?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENS, `console-${name}.png`), fullPage: true });

/** The value a summary shows beside its term. */
const fact = (page: Page, term: string) => page.locator('dt', { hasText: new RegExp(`^${term.replace(/[()]/g, '\\$&')}$`) }).locator('xpath=following-sibling::dd[1]');

/** A chart (its canvas named by its summary) is drawn: laid out with a size, and its canvas holds painted pixels. */
async function expectDrawn(chart: Locator): Promise<void> {
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  expect(box!.width).toBeGreaterThan(200);
  expect(box!.height).toBeGreaterThan(100);
  await expect
    .poll(() =>
      chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
        if (canvas.width === 0 || canvas.height === 0) return 0;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
        return painted;
      }),
    )
    .toBeGreaterThan(1000);
}

const cellsOf = (table: Locator, rowName: string | RegExp) => table.getByRole('row', { name: rowName }).getByRole('cell');

test('figures: charts with their numbers in zh-CN and English, a region and a store chosen, the reconciliation CSV downloaded (finance-ops)', async ({ consolePage: page }) => {
  test.setTimeout(180_000);
  await page.goto(`${hq.consoleUrl}#/figures`);
  await signIn(page, 'fay.finance');
  await expect(page.getByRole('heading', { name: '经营数据', level: 1 })).toBeVisible();
  // The default range: the last 30 store days, today included.
  await expect(page.getByLabel('开始日期')).toHaveValue(FROM);
  await expect(page.getByLabel('结束日期')).toHaveValue(TODAY);
  await expect(page.getByRole('heading', { name: `全连锁：${FROM} 至 ${TODAY}` })).toBeVisible();

  // The chain: ¥99,000 of sales, ¥45,000 of it financed (9 of 27 orders); 9 of 34 applications
  // approved, 22 declined; 9 store-days with a financed sale of 3 stores × 30 days.
  await expect(fact(page, '销售')).toHaveText('¥99,000.00（27 单）');
  await expect(fact(page, '分期销售')).toHaveText('¥45,000.00（9 单）');
  await expect(fact(page, '分期渗透率（金额）')).toHaveText('45.5%');
  await expect(fact(page, '分期渗透率（单数）')).toHaveText('33.3%');
  await expect(fact(page, '审批通过率')).toHaveText('26.5%');
  await expect(fact(page, '拒绝率')).toHaveText('64.7%');
  await expect(fact(page, '门店活跃度')).toHaveText('10%（9 个门店日，共 3 家门店）');

  const rates = page.getByRole('img', { name: /按日折线/ });
  await expect(rates).toHaveAccessibleName(`${FROM} 至 ${TODAY} 按日折线：分期渗透率（金额）合计 45.5%，审批通过率 26.5%，门店活跃度 10%`);
  await expectDrawn(rates);
  await expectDrawn(page.getByRole('img', { name: /每日销售额堆叠柱状图/ }));
  // The days' figures, folded under the chart: yesterday ¥15,000 of sales, ¥6,000 financed, 1 of 14 applications approved, 1 store active.
  await page.getByText('查看数据表：按日数据').click();
  const days = page.getByRole('table', { name: '按日数据' });
  await expect(days.getByRole('row')).toHaveCount(31);
  await expect(cellsOf(days, new RegExp(`^${YESTERDAY}`))).toHaveText(['¥15,000.00', '¥6,000.00', '40%', '14', '7.1%', '1']);
  await expect(cellsOf(days, new RegExp(`^${TODAY}`))).toHaveText(['¥0.00', '¥0.00', '—', '0', '—', '0']);

  // By category, the best seller first.
  await expectDrawn(page.getByRole('img', { name: /4 个品类的分期渗透率柱状图/ }));
  const categories = page.getByRole('table', { name: '品类数据' });
  await expect(categories.getByRole('rowheader')).toHaveText(['refrigerators', 'televisions', 'air_conditioners', 'washing_machines']);
  await expect(cellsOf(categories, 'refrigerators')).toHaveText(['¥36,000.00', '¥36,000.00', '100%']);
  await expect(cellsOf(categories, 'televisions')).toHaveText(['¥30,000.00', '¥0.00', '0%']);
  // Each category day by day: washing machines sold (on installments) every other day only.
  await expectDrawn(page.getByRole('img', { name: `${FROM} 至 ${TODAY} 各品类按日分期渗透率折线；全期：refrigerators 100%、televisions 0%、air_conditioners 0%、washing_machines 100%` }));
  await page.getByText('查看数据表：品类按日渗透率').click();
  const categoryDays = page.getByRole('table', { name: '品类按日渗透率' });
  await expect(categoryDays.getByRole('columnheader')).toHaveText(['日期', 'refrigerators', 'televisions', 'air_conditioners', 'washing_machines']);
  await expect(cellsOf(categoryDays, new RegExp(`^${YESTERDAY}`))).toHaveText(['100%', '0%', '0%', '—']);
  await expect(cellsOf(categoryDays, new RegExp(`^${DAYS[4]}`))).toHaveText(['100%', '0%', '0%', '100%']);

  // Every region side by side.
  await expectDrawn(page.getByRole('img', { name: '2 个区域对比柱状图；渗透率最高：north，51.7%' }));
  const regions = page.getByRole('table', { name: '区域数据' });
  await expect(cellsOf(regions, 'north')).toHaveText(['2', '¥87,000.00', '¥45,000.00', '51.7%', '18', '50%', '33.3%', '15%']);
  await expect(cellsOf(regions, 'south')).toHaveText(['1', '¥12,000.00', '¥0.00', '0%', '16', '0%', '100%', '0%']);

  // Grades: every store is a C (none has 10 financed orders yet), and says why.
  await expectDrawn(page.getByRole('img', { name: '门店评级柱状图：A 级 0 家，B 级 0 家，C 级 3 家' }));
  const grades = page.getByRole('table', { name: '门店评级' });
  await expect(cellsOf(grades, 'S201')).toHaveText(['north', 'C', '6', '¥36,000.00', '60%', '50%', '0%', '6', '分期订单不足、拒绝率偏高']);

  // Representatives: 100301 at S203 is flagged and comes first.
  await expectDrawn(page.getByRole('img', { name: '2 位销售代表的申请结果堆叠柱状图，其中 1 位被标记需关注' }));
  const reps = page.getByRole('table', { name: '销售代表' });
  await expect(reps.getByRole('rowheader')).toHaveText(['100301（S203）', '100201（S201）']);
  await expect(cellsOf(reps, '100301（S203）')).toHaveText(['16', '0', '0', '16', '100%', '16', '0', `${YESTERDAY}：11 笔`, '拒绝率高、常未核验身份证、单日过多']);
  await expectAccessible(page, 'figures (zh)');
  await shot(page, 'figures-zh');

  // A region, then one of its stores.
  await page.getByLabel('区域', { exact: true }).selectOption('north');
  await expect(page.getByRole('heading', { name: `north 区域：${FROM} 至 ${TODAY}` })).toBeVisible();
  await expect(fact(page, '分期渗透率（金额）')).toHaveText('51.7%');
  await expect(page.getByLabel('门店', { exact: true }).getByRole('option')).toHaveText(['north 区域全部门店', 'S201', 'S202']);
  await page.getByLabel('门店', { exact: true }).selectOption('S201');
  await expect(page.getByRole('heading', { name: `门店 S201：${FROM} 至 ${TODAY}` })).toBeVisible();
  await expect(fact(page, '分期渗透率（金额）')).toHaveText('60%');
  await expect(page.getByRole('table', { name: '销售代表' }).getByRole('rowheader')).toHaveText(['100201（S201）']);
  // A range HQ would refuse is said, not asked for.
  await page.getByLabel('开始日期').fill(addDays(TODAY, 1));
  await expect(page.getByRole('alert')).toHaveText('开始日期不能晚于结束日期。');
  await page.getByRole('button', { name: '最近 30 天' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `全连锁：${FROM} 至 ${TODAY}` })).toBeVisible();

  // English: the same figures, said in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Figures', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: `The whole chain: ${FROM} to ${TODAY}` })).toBeVisible();
  await expect(fact(page, 'Finance penetration (amount)')).toHaveText('45.5%');
  await expect(fact(page, 'Store activity')).toHaveText('10% (9 store-days, 3 stores)');
  const ratesEn = page.getByRole('img', { name: /^Lines by day, [-0-9]+ to [-0-9]+: finance penetration/ });
  await expect(ratesEn).toHaveAccessibleName(`Lines by day, ${FROM} to ${TODAY}: finance penetration (amount) 45.5% overall, approval rate 26.5%, store activity 10%`);
  await expectDrawn(ratesEn);
  await page.getByText('Show the table: Figures by day').click();
  await expect(cellsOf(page.getByRole('table', { name: 'Figures by day' }), new RegExp(`^${YESTERDAY}`))).toHaveText(['¥15,000.00', '¥6,000.00', '40%', '14', '7.1%', '1']);
  await expectDrawn(page.getByRole('img', { name: 'Bars comparing 2 regions; highest penetration: north, 51.7%' }));
  await expect(cellsOf(page.getByRole('table', { name: 'Store grades' }), 'S201').last()).toHaveText('Too few financed orders, Decline rate too high');
  await expect(cellsOf(page.getByRole('table', { name: 'Sales representatives' }), '100301 (S203)').last()).toHaveText('Many declines, ID card often not seen, Too many in a day');
  await expectAccessible(page, 'figures (en)');
  await shot(page, 'figures-en');

  // Yesterday's reconciliation: S201's financed refrigerator.
  await expect(page.getByLabel('Store day')).toHaveValue(YESTERDAY);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Download the reconciliation for ${YESTERDAY} (CSV)` }).click()]);
  expect(download.suggestedFilename()).toBe(`reconciliation-${YESTERDAY}.csv`);
  const csv = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
  expect(csv).toEqual(['date,storeId,lenderId,financedOrders,amountFinancedFen,cancellations,cancelledFen,refundsDue,refundsDueFen,refundsOutstanding', `${YESTERDAY},S201,${LENDER},1,600000,0,0,0,0,0`]);
});

test('figures for a viewer: the charts, but no reconciliation download (HQ refuses it the CSV too); a range without sales says so', async ({ consolePage: page }) => {
  await page.goto(`${hq.consoleUrl}#/figures`);
  await signIn(page, 'vic.viewer');
  await expect(page.getByRole('heading', { name: '经营数据', level: 1 })).toBeVisible();
  await expectDrawn(page.getByRole('img', { name: /按日折线/ }));
  await expect(page.getByRole('heading', { name: '销售代表行为' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '每日对账' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /对账单/ })).toHaveCount(0);
  expect(await page.evaluate(async (date) => (await fetch(`/v1/admin/reconciliation?date=${date}`)).status, YESTERDAY)).toBe(403);
  // A range before any sale: the page says there is nothing, section by section.
  await page.getByLabel('开始日期').fill(addDays(TODAY, -200));
  await page.getByLabel('结束日期').fill(addDays(TODAY, -190));
  await expect(page.getByRole('heading', { name: `全连锁：${addDays(TODAY, -200)} 至 ${addDays(TODAY, -190)}` })).toBeVisible();
  await expect(page.getByText('所选范围内没有销售或申请。')).toHaveCount(2);
  await expect(page.getByText('范围内没有员工协助的申请。')).toBeVisible();
  await expect(page.getByRole('img', { name: /按日折线/ })).toHaveCount(0);
  // Nor is the audit theirs.
  await expect(page.getByRole('navigation').getByRole('link', { name: '操作记录' })).toHaveCount(0);
});

test('audit: a store moved to another region from a console session is listed with who, role, what, on what and the answer; filtered by actor; both languages', async ({ consolePage: page }) => {
  await page.goto(`${hq.consoleUrl}#/audit`);
  await signIn(page, 'ivy.admin');
  await expect(page.getByRole('heading', { name: '操作记录', level: 1 })).toBeVisible();
  // A change from this browser's session, as the console makes one: with the session's CSRF token.
  const status = await page.evaluate(async () => {
    const session = (await (await fetch('/v1/console/session')).json()) as { csrfToken: string };
    const answer = await fetch('/v1/admin/stores/S203', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ region: 'west' }) });
    return answer.status;
  });
  expect(status).toBe(200);
  await page.getByRole('button', { name: '刷新' }).click();

  const table = page.getByRole('table', { name: '操作记录' });
  const newest = table.getByRole('row').nth(1);
  await expect(newest.getByRole('rowheader')).toHaveText('console:ivy.admin');
  await expect(newest.getByRole('cell')).toHaveText([/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/, 'IT 管理员', '修改门店区域 PUT /v1/admin/stores/:id', 'id = S203', '成功（200）']);
  // Store IT's script's changes are there too, as the admin token's.
  await expect(table.getByRole('rowheader', { name: 'admin-api', exact: true })).toHaveCount(6);

  await page.getByLabel('操作人').fill('console:ivy.admin');
  await page.getByRole('button', { name: '筛选', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'console:ivy.admin 的操作' })).toBeVisible();
  await expect(table.getByRole('rowheader')).toHaveText(['console:ivy.admin', 'console:ivy.admin']);
  await expect(table.getByRole('row').nth(2).getByRole('cell').nth(2)).toHaveText('登录控制台 POST /v1/console/session');
  await expectAccessible(page, 'audit (zh)');
  await shot(page, 'audit-zh');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
  const tableEn = page.getByRole('table', { name: 'Audit entries' });
  await expect(tableEn.getByRole('row').nth(1).getByRole('cell')).toHaveText([/\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}/, 'IT admin', 'Changed a store\'s region PUT /v1/admin/stores/:id', 'id = S203', 'Done (200)']);
  await page.getByRole('button', { name: 'Show everyone' }).click();
  await expect(tableEn.getByRole('rowheader', { name: 'admin-api', exact: true })).toHaveCount(6);
  await expect(tableEn.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'admin-api', exact: true }) }).first().getByRole('cell').nth(1)).toHaveText('Admin token (scripts)');
  await expectAccessible(page, 'audit (en)');
  await shot(page, 'audit-en');

  // The figures follow the move: S203 now counts in region west.
  await page.getByRole('navigation').getByRole('link', { name: 'Figures' }).click();
  await expect(cellsOf(page.getByRole('table', { name: 'Figures by region' }), 'west')).toHaveText(['1', '¥12,000.00', '¥0.00', '0%', '16', '0%', '100%', '0%']);
});
