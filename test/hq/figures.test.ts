import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHOPPER, type Caller } from '../../electron/contract/channel.ts';
import type { ApiResult } from '../../electron/contract/errors.ts';
import type { StoreFigures } from '../../electron/contract/figures.ts';
import type { StaffSignInResponse } from '../../electron/contract/staff.ts';
import { IdentityHasher } from '../../electron/core/credit/identity-key.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { gradeOf, GRADING_RULES } from '../../hq/figures/grades.ts';
import { FiguresResponse, RegionFiguresResponse, RepPatternsResponse, StoreGradesResponse } from '../../hq/server/admin-schemas.ts';
import { RESOURCES } from '../helpers/core.ts';
import { application, BLOCKED_ID, call, data, PNG, productWithPlan, visit } from '../helpers/credit.ts';
import { tempDirs } from '../helpers/temp.ts';
import { startTestHq, testEngine, type TestHq } from './harness.ts';
import { drain, enrolKiosk, kioskCore, tillOrder, type Clock } from './kiosk-fixture.ts';

/**
 * HQ's store figures (issue 11): the same definitions as the kiosk's, from what the kiosks pushed,
 * kept in rollups that each push refreshes. Kiosk and HQ must give the same numbers for the same day.
 */
const tempDir = tempDirs();
const ROSTER = readFileSync(join(RESOURCES, 'demo-store', 'staff.json'), 'utf8');
const DAY_1 = Date.parse('2026-12-01T10:00:00+08:00');
const DAY = 86_400_000;
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/** A synthetic resident ID (valid GB 11643 check character) per n, so no applicant's history meets another's. */
function residentId(n: number): string {
  const body = `11010519900101${String(n).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, ch, i) => acc + Number(ch) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}
const mobile = (n: number) => `1391234${String(n).padStart(4, '0')}`;

/** A kiosk enrolled at the store, with HQ's blocklist (BLOCKED_ID, on the fleet key) and the store's roster pulled. */
async function kioskAt(hq: TestHq, clock: Clock, storeId: string) {
  const k = kioskCore(tempDir(), clock);
  open.push(k);
  const { kioskId } = await enrolKiosk(k, hq.url, await hq.enrolmentCode(storeId));
  const hmac = IdentityHasher.fromKey(k.sync.fleetKey()!).residentId(BLOCKED_ID);
  await hq.publish('blocklist', JSON.stringify({ dataset: 'blocklist', version: 'central-1', entries: [{ kind: 'resident_id', hmac, reason: 'identity_theft' }] }));
  if (storeId === 'S001') await hq.publish('staff', ROSTER, { scope: 'S001' });
  await drain(k);
  return { k, kioskId: kioskId! };
}

async function staffCaller(k: KioskCore, staffId: string, pin: string): Promise<Caller> {
  const answer = data((await k.dispatch('staffSignIn', { staffId, pin }, SHOPPER)) as ApiResult<StaffSignInResponse>);
  return k.callerFor(answer.status === 'signed-in' ? answer.token : undefined);
}

async function kioskFigures(k: KioskCore, days: 1 | 30): Promise<StoreFigures> {
  return data((await k.dispatch('storeFigures', { days }, await staffCaller(k, '100203', '8642'))) as ApiResult<StoreFigures>);
}

async function admin(hq: TestHq, url: string, method: 'GET' | 'PUT' = 'GET', body?: unknown) {
  return hq.app.inject({ method, url, headers: { authorization: `Bearer ${hq.adminToken}` }, ...(body === undefined ? {} : { payload: body as object }) });
}

async function hqFigures(hq: TestHq, query: string) {
  const answer = await admin(hq, `/v1/admin/figures?${query}`);
  expect(answer.statusCode).toBe(200);
  return FiguresResponse.parse(answer.json());
}

/** What both sides define alike (HQ adds scope, stores, activity and cancellations; the kiosk names categories). */
function common(f: Pick<StoreFigures, 'from' | 'to' | 'visits' | 'engagedVisits' | 'offersViewed' | 'applications' | 'rates' | 'sales' | 'penetration' | 'basketFen' | 'days'> & { byCategory: Array<{ categoryId: string; allFen: number; financedFen: number; penetration: number | null }>; byStaff: Array<{ staffId: string; applications: number; approved: number }> }) {
  return {
    from: f.from,
    to: f.to,
    visits: f.visits,
    engagedVisits: f.engagedVisits,
    offersViewed: f.offersViewed,
    applications: f.applications,
    rates: f.rates,
    sales: f.sales,
    penetration: f.penetration,
    basketFen: f.basketFen,
    byCategory: f.byCategory.map(({ categoryId, allFen, financedFen, penetration }) => ({ categoryId, allFen, financedFen, penetration })),
    byStaff: f.byStaff.map(({ staffId, applications, approved }) => ({ staffId, applications, approved })),
    days: f.days.map(({ date, cashFen, financedFen, orders, financedOrders }) => ({ date, cashFen, financedFen, orders, financedOrders })),
  };
}

/** Applied, signed and ordered for pickup: a financed sale. */
async function financedSale(k: KioskCore, n: number, productId: string, offer: Parameters<typeof application>[2]) {
  const sessionId = await visit(k);
  const view = data(await call(k, 'applyForCredit', application(sessionId, productId, offer, { residentId: residentId(n), mobile: mobile(n) }))).application;
  expect(view.status).toBe('approved');
  const terms = data(await call(k, 'keyTerms', { applicationId: view.applicationId, locale: 'zh-CN' }));
  data(await call(k, 'signContract', { applicationId: view.applicationId, locale: 'zh-CN', htmlHash: terms.htmlHash, signature: PNG }));
  data(await call(k, 'placeOrder', { applicationId: view.applicationId, fulfilment: { kind: 'pickup' } }));
  return view.applicationId;
}

describe(`store figures at HQ (${testEngine()})`, () => {
  it('kiosk and HQ give the same numbers for the same day, and HQ’s follow each push: a settlement, a cancellation, a second day', async () => {
    const clock: Clock = { at: DAY_1 };
    const hq = await startTestHq({ now: () => clock.at });
    open.push(hq);
    const { k } = await kioskAt(hq, clock, 'S001');
    const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);

    // Day 1: a visit that only browses; one that looks at a product and opens the plans twice.
    await visit(k);
    const looked = await visit(k);
    data(await call(k, 'track', { sessionId: looked, event: { type: 'product_viewed', productId: product.id } }));
    for (let i = 0; i < 2; i++) data(await call(k, 'track', { sessionId: looked, event: { type: 'offers_viewed', source: 'product' } }));
    // Two financed sales, a decline, a till sale.
    const kept = await financedSale(k, 1, product.id, offer);
    const returned = await financedSale(k, 2, product.id, offer);
    expect(data(await call(k, 'applyForCredit', application(await visit(k), product.id, offer, { residentId: BLOCKED_ID, mobile: mobile(3) }))).application.status).toBe('declined');
    await tillOrder(k, product.id);
    // A student helped by a supervisor: referred, then approved by the supervisor (the settlement replaces the model's outcome).
    const supervisor = await staffCaller(k, '100202', '1357');
    const studentVisit = await visit(k);
    const student = data(
      (await k.dispatch('applyForCredit', { ...application(studentVisit, product.id, offer, { employment: 'student', residentId: residentId(4), mobile: mobile(4) }), assist: { idCardSeen: true } }, supervisor)) as ApiResult<{
        application: { applicationId: string; status: string };
      }>,
    ).application;
    expect(student.status).toBe('referred');
    await drain(k);
    expect(common(await hqFigures(hq, 'storeId=S001&from=2026-12-01&to=2026-12-01'))).toEqual(common(await kioskFigures(k, 1)));
    expect((await kioskFigures(k, 1)).rates.refer).toBe(1 / 4);

    // The supervisor approves the referral, and a customer returns goods in the cooling-off period.
    expect(await k.dispatch('staffDecideApplication', { applicationId: student.applicationId, decision: 'approve', reason: 'identity_confirmed' }, await staffCaller(k, '100202', '1357'))).toMatchObject({ ok: true });
    expect(await k.dispatch('cancelAgreement', { applicationId: returned, reason: 'goods_returned' }, await staffCaller(k, '100202', '1357'))).toMatchObject({ ok: true });
    await drain(k);
    const day1 = await kioskFigures(k, 1);
    expect(day1).toMatchObject({ applications: 4, rates: { approve: 3 / 4, refer: 0, decline: 1 / 4 }, sales: { financed: { orders: 1 } }, byStaff: [{ staffId: '100202', applications: 1, approved: 1 }] });
    const atHq = await hqFigures(hq, 'storeId=S001&from=2026-12-01&to=2026-12-01');
    expect(common(atHq)).toEqual(common(day1));
    expect(atHq).toMatchObject({ stores: 1, cancellations: { count: 1 }, activity: { share: 1, activeStoreDays: 1 } });
    expect(atHq.cancellations.amountFen).toBeGreaterThan(0);

    // Day 2: one till sale. The kiosk's last 30 days and HQ's same 30 days agree, day by day.
    clock.at = DAY_1 + DAY;
    await tillOrder(k, product.id);
    await drain(k);
    const month = await kioskFigures(k, 30);
    expect(month.days.filter((d) => d.orders > 0).map((d) => d.date)).toEqual(['2026-12-01', '2026-12-02']);
    const hqMonth = await hqFigures(hq, `storeId=S001&from=${month.from}&to=${month.to}`);
    expect(common(hqMonth)).toEqual(common(month));
    // Each category day by day, for its line over time: the days it sold on, adding up to its total.
    expect(hqMonth.byCategory.length).toBeGreaterThan(0);
    for (const c of hqMonth.byCategory) {
      expect(c.days.map((d) => d.date).every((date) => date === '2026-12-01' || date === '2026-12-02')).toBe(true);
      expect(c.days.reduce((sum, d) => sum + d.allFen, 0)).toBe(c.allFen);
      expect(c.days.reduce((sum, d) => sum + d.financedFen, 0)).toBe(c.financedFen);
    }
    expect(hqMonth.byCategory.flatMap((c) => c.days.map((d) => d.date)).sort().at(-1)).toBe('2026-12-02');
    // One store, active (a financed sale) on one day of thirty.
    expect(hqMonth.activity).toEqual({ share: 1 / 30, activeStoreDays: 1 });
    // The default range is the last 30 store days, today (China's date) included.
    expect(common(await hqFigures(hq, 'storeId=S001'))).toEqual(common(month));
    expect(kept).toBeTruthy();
  });

  it('regions and the chain: figures per scope with activity, A/B/C grades by the published rules, each representative’s pattern, the day’s reconciliation CSV', async () => {
    const clock: Clock = { at: DAY_1 };
    const hq = await startTestHq({ now: () => clock.at });
    open.push(hq);
    const north = await kioskAt(hq, clock, 'S001');
    const south = await kioskAt(hq, clock, 'S002');
    expect((await admin(hq, '/v1/admin/stores/S001', 'PUT', { region: 'north' })).json()).toEqual({ storeId: 'S001', region: 'north' });
    expect((await admin(hq, '/v1/admin/stores/S002', 'PUT', { region: 'south' })).statusCode).toBe(200);
    expect((await admin(hq, '/v1/admin/stores/S002', 'PUT', { region: 'south; DROP TABLE stores' })).statusCode).toBe(400);

    const { product, offer } = await productWithPlan(north.k, (fen) => fen >= 300_000 && fen <= 800_000);
    const sold = await financedSale(north.k, 11, product.id, offer);
    const associate = await staffCaller(north.k, '100201', '2468');
    // An associate helps with an application without ticking "ID card seen".
    const helped = data((await north.k.dispatch('applyForCredit', { ...application(await visit(north.k), product.id, offer, { residentId: BLOCKED_ID, mobile: mobile(12) }), assist: { idCardSeen: false } }, associate)) as ApiResult<{ application: { status: string } }>);
    expect(helped.application.status).toBe('declined');
    await tillOrder(south.k, product.id);
    await Promise.all([drain(north.k), drain(south.k)]);

    const chain = await hqFigures(hq, 'from=2026-12-01&to=2026-12-01');
    expect(chain).toMatchObject({ stores: 2, sales: { all: { orders: 2 }, financed: { orders: 1 } }, activity: { share: 0.5, activeStoreDays: 1 }, days: [{ date: '2026-12-01', activeStores: 1, applications: 2, approved: 1, declined: 1 }] });
    expect(await hqFigures(hq, 'region=south&from=2026-12-01&to=2026-12-01')).toMatchObject({ stores: 1, sales: { all: { orders: 1 }, financed: { orders: 0 } }, penetration: { byCount: 0 }, activity: { share: 0 } });
    // Who helped with applications is a store's figure; a region's and the chain's are the representatives' report.
    expect((await hqFigures(hq, 'storeId=S001&from=2026-12-01&to=2026-12-01')).byStaff).toEqual([{ storeId: 'S001', staffId: '100201', applications: 1, approved: 0 }]);
    expect((await hqFigures(hq, 'region=north&from=2026-12-01&to=2026-12-01')).byStaff).toEqual([]);
    // Every region side by side: each one's figures are those of its own answer.
    const regions = async () => RegionFiguresResponse.parse((await admin(hq, '/v1/admin/figures/regions?from=2026-12-01&to=2026-12-01')).json()).regions;
    expect((await regions()).map((r) => r.region)).toEqual(['north', 'south']);
    for (const region of ['north', 'south']) {
      const own = await hqFigures(hq, `region=${region}&from=2026-12-01&to=2026-12-01`);
      expect((await regions()).find((r) => r.region === region)).toMatchObject({
        stores: own.stores,
        orders: own.sales.all.orders,
        financedOrders: own.sales.financed.orders,
        salesFen: own.sales.all.amountFen,
        financedFen: own.sales.financed.amountFen,
        applications: own.applications,
        penetration: own.penetration,
        rates: { approve: own.rates.approve, decline: own.rates.decline },
        activity: own.activity.share,
      });
    }
    expect((await regions())[0]).toMatchObject({ region: 'north', applications: 2, rates: { approve: 0.5, decline: 0.5 }, penetration: { byCount: 1 }, activity: 1 });

    const grades = StoreGradesResponse.parse((await admin(hq, '/v1/admin/figures/stores?from=2026-12-01&to=2026-12-01')).json());
    expect(grades.rules).toMatchObject({ version: GRADING_RULES.version });
    expect(grades.stores.map((s) => ({ storeId: s.storeId, region: s.region, grade: s.grade, shortOfA: s.shortOfA, declineRate: s.declineRate }))).toEqual([
      { storeId: 'S001', region: 'north', grade: 'C', shortOfA: ['VOLUME', 'DECLINE_RATE'], declineRate: 0.5 },
      { storeId: 'S002', region: 'south', grade: 'C', shortOfA: ['VOLUME'], declineRate: null },
    ]);

    const reps = RepPatternsResponse.parse((await admin(hq, '/v1/admin/figures/reps?storeId=S001&from=2026-12-01&to=2026-12-01')).json());
    expect(reps.reps).toEqual([
      { storeId: 'S001', staffId: '100201', totals: { applications: 1, approved: 0, referred: 0, declined: 1, idNotSeen: 1, cancelled: 0 }, days: [{ date: '2026-12-01', applications: 1, declined: 1 }], flags: [] },
    ]);

    // Reconciliation: the financed order on its day; then the agreement is cancelled the next day, its refund due the day after.
    const csv = async (date: string) => {
      const answer = await admin(hq, `/v1/admin/reconciliation?date=${date}`);
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      return answer.body.trimEnd().split('\r\n');
    };
    const [header, ...day1] = await csv('2026-12-01');
    expect(header).toBe('date,storeId,lenderId,financedOrders,amountFinancedFen,cancellations,cancelledFen,refundsDue,refundsDueFen,refundsOutstanding');
    const [order] = await hq.db.query<{ fen: number; lender: string }>(
      'SELECT o.amount_financed_fen AS fen, a.lender_id AS lender FROM hq_orders o JOIN hq_applications a USING (kiosk_id, application_id) WHERE o.application_id = $1',
      [sold],
    );
    expect(day1).toEqual([`2026-12-01,S001,${order!.lender},1,${order!.fen},0,0,0,0,0`]);
    clock.at = DAY_1 + DAY; // Wednesday 2 December: the refund is due Thursday
    expect(await north.k.dispatch('cancelAgreement', { applicationId: sold, reason: 'shopper_withdrew' }, await staffCaller(north.k, '100202', '1357'))).toMatchObject({ ok: true });
    await drain(north.k);
    expect((await csv('2026-12-02')).slice(1)).toEqual([`2026-12-02,S001,${order!.lender},0,0,1,${order!.fen},0,0,0`]);
    expect((await csv('2026-12-03')).slice(1)).toEqual([`2026-12-03,S001,${order!.lender},0,0,0,0,1,${order!.fen},1`]);
    // The cancelled sale leaves day 1's sales at HQ as it leaves the kiosk's.
    expect((await hqFigures(hq, 'from=2026-12-01&to=2026-12-01')).sales.financed.orders).toBe(0);
    expect((await csv('2026-12-01')).slice(1)).toEqual([]);

    // A store moves region: both regions' sums are made again, none is left counting it twice.
    expect(await hqFigures(hq, 'region=north&from=2026-12-01&to=2026-12-01')).toMatchObject({ stores: 1, sales: { all: { orders: 0 } } });
    expect((await admin(hq, '/v1/admin/stores/S002', 'PUT', { region: 'north' })).statusCode).toBe(200);
    expect(await hqFigures(hq, 'region=north&from=2026-12-01&to=2026-12-01')).toMatchObject({ stores: 2, sales: { all: { orders: 1 } } });
    expect(await hqFigures(hq, 'region=south&from=2026-12-01&to=2026-12-01')).toMatchObject({ stores: 0, sales: { all: { orders: 0 } } });
    expect((await regions()).map((r) => ({ region: r.region, stores: r.stores }))).toEqual([{ region: 'north', stores: 2 }]);
  });

  it('two kiosks of one store pushing at once: the store’s day counts both (the second refresh waits for the first)', async () => {
    const clock: Clock = { at: DAY_1 };
    const hq = await startTestHq({ now: () => clock.at });
    open.push(hq);
    const kiosks = await Promise.all([kioskAt(hq, clock, 'S003'), kioskAt(hq, clock, 'S003')]);
    const [productId] = data(await call(kiosks[0].k, 'queryProducts', { categoryId: 'refrigerators', limit: 1 })).items.map((p) => p.id);
    for (let round = 0; round < 3; round++) {
      await Promise.all(kiosks.map(({ k }) => tillOrder(k, productId!)));
      await Promise.all(kiosks.map(({ k }) => k.sync.syncNow()));
      expect((await hqFigures(hq, 'storeId=S003&from=2026-12-01&to=2026-12-01')).sales.all.orders).toBe(2 * (round + 1));
    }
  });

  it('asks for the admin token and refuses a range it cannot answer, naming the field', async () => {
    const hq = await startTestHq();
    open.push(hq);
    expect((await hq.app.inject({ method: 'GET', url: '/v1/admin/figures' })).statusCode).toBe(401);
    expect((await hq.app.inject({ method: 'GET', url: '/v1/admin/reconciliation?date=2026-12-01' })).statusCode).toBe(401);
    const bad = await admin(hq, '/v1/admin/figures?from=2026-12-02&to=2026-12-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('query.from') } });
    expect((await admin(hq, '/v1/admin/figures?from=2025-01-01&to=2026-12-01')).json()).toMatchObject({ error: { message: expect.stringContaining('query.to') } });
    expect((await admin(hq, '/v1/admin/figures?storeId=13912345678')).statusCode).toBe(400);
    expect((await admin(hq, '/v1/admin/reconciliation?date=tomorrow')).statusCode).toBe(400);
    // An empty chain: nothing to divide by is null, not zero.
    expect(await hqFigures(hq, 'from=2026-12-01&to=2026-12-01')).toMatchObject({ stores: 0, visits: 0, rates: { approve: null }, penetration: { byAmount: null }, activity: { share: null } });
  });
});

describe('grading rules', () => {
  it.each([
    [{ financedOrders: 30, applications: 100, declined: 30, cancellations: 1 }, 'A', []],
    [{ financedOrders: 29, applications: 100, declined: 30, cancellations: 1 }, 'B', ['VOLUME']],
    [{ financedOrders: 40, applications: 100, declined: 31, cancellations: 2 }, 'B', ['DECLINE_RATE']],
    [{ financedOrders: 40, applications: 100, declined: 10, cancellations: 3 }, 'B', ['CANCELLATION_RATE']],
    [{ financedOrders: 10, applications: 20, declined: 10, cancellations: 1 }, 'B', ['VOLUME', 'DECLINE_RATE', 'CANCELLATION_RATE']],
    [{ financedOrders: 9, applications: 10, declined: 0, cancellations: 0 }, 'C', ['VOLUME']],
    [{ financedOrders: 50, applications: 100, declined: 51, cancellations: 0 }, 'C', ['DECLINE_RATE']],
    [{ financedOrders: 50, applications: 60, declined: 0, cancellations: 6 }, 'C', ['CANCELLATION_RATE']],
  ] as const)('%o → %s', (metrics, grade, shortOfA) => {
    expect(gradeOf(metrics)).toEqual({ grade, shortOfA });
  });
});
