import type { HqDb, Queryable } from '../db/database.ts';
import { addDays } from '../../electron/domain/calendar.ts';

/** Whose figures: the whole chain, one region's stores, or one store. */
export type FiguresScope = { region?: string; storeId?: string };

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * A push's transaction can begin before a region's day is summed and commit after it, with a store
 * row older than the sum: rows this close to a sum's time are summed again at the next read. Pushes
 * take milliseconds; two minutes is far beyond any.
 */
const RESUM_MARGIN_MS = 120_000;

const COUNTERS = ['visits', 'engaged', 'offers_viewed', 'applications', 'approved', 'counter_offers', 'referred', 'declined', 'pending', 'assisted', 'orders', 'financed_orders', 'sales_fen', 'financed_fen', 'cancellations', 'cancelled_fen'] as const;
type DayRow = Record<(typeof COUNTERS)[number] | 'active_stores', number> & { date: string };
type CategoryRow = { categoryId: string; allFen: number; financedFen: number };
type CategoryDayRow = CategoryRow & { date: string };
type Rollups = { days: DayRow[]; categories: CategoryRow[]; categoryDays: CategoryDayRow[] };

const DAY_COLUMNS = `to_char(day, 'YYYY-MM-DD') AS date, ${COUNTERS.join(', ')}`;
const CATEGORY_SUMS = `category_id AS "categoryId", round(sum(sales_fen)::numeric)::bigint AS "allFen", round(sum(financed_fen)::numeric)::bigint AS "financedFen"`;

/** One store's days and categories: its own rollup rows. */
async function storeDays(db: Queryable, storeId: string, from: string, to: string): Promise<Rollups> {
  const [days, categories, categoryDays] = await Promise.all([
    db.query<DayRow>(`SELECT ${DAY_COLUMNS}, (financed_orders > 0)::int AS active_stores FROM hq_store_days WHERE store_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`, [storeId, from, to]),
    db.query<CategoryRow>(`SELECT ${CATEGORY_SUMS} FROM hq_store_day_categories WHERE store_id = $1 AND day BETWEEN $2::date AND $3::date GROUP BY category_id ORDER BY 2 DESC, 1`, [storeId, from, to]),
    db.query<CategoryDayRow>(`SELECT to_char(day, 'YYYY-MM-DD') AS date, ${CATEGORY_SUMS} FROM hq_store_day_categories WHERE store_id = $1 AND day BETWEEN $2::date AND $3::date GROUP BY day, category_id ORDER BY day, 2`, [storeId, from, to]),
  ]);
  return { days, categories, categoryDays };
}

/**
 * A region's or the chain's days: a row a day summed over its stores' rows, summed again for the
 * days where a store's row is newer than the sum (a push since), then read as they stand. Pushes
 * never touch these rows, so a push never waits on another store's; readers that sum the same day
 * at once both write the same sums.
 */
async function scopeDays(db: HqDb, region: string | undefined, from: string, to: string): Promise<Rollups> {
  const scope = region === undefined ? 'chain' : `region:${region}`;
  const stores = (param: number) => (region === undefined ? 'TRUE' : `d.store_id IN (SELECT id FROM stores WHERE region = $${param})`);
  const params = region === undefined ? [scope, from, to] : [scope, from, to, region];
  const stale = await db.query<{ day: string }>(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day
       FROM (SELECT day, max(updated_at) AS changed FROM hq_store_days d WHERE day BETWEEN $2::date AND $3::date AND ${stores(4)} GROUP BY day) d
       LEFT JOIN hq_scope_days s ON s.scope = $1 AND s.day = d.day
      WHERE s.day IS NULL OR d.changed >= s.computed_at - ${RESUM_MARGIN_MS}`,
    params,
  );
  if (stale.length > 0) {
    const days = stale.map((r) => r.day);
    const sumParams = region === undefined ? [scope, days] : [scope, days, region];
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO hq_scope_days (scope, day, computed_at, ${COUNTERS.join(', ')}, active_stores)
         SELECT $1, d.day, (extract(epoch FROM clock_timestamp()) * 1000)::bigint, ${COUNTERS.map((c) => `sum(d.${c})`).join(', ')}, count(*) FILTER (WHERE d.financed_orders > 0)
           FROM hq_store_days d WHERE d.day = ANY ($2::date[]) AND ${stores(3)} GROUP BY d.day
         ON CONFLICT (scope, day) DO UPDATE SET computed_at = excluded.computed_at, ${COUNTERS.map((c) => `${c} = excluded.${c}`).join(', ')}, active_stores = excluded.active_stores`,
        sumParams,
      );
      await tx.query('DELETE FROM hq_scope_day_categories WHERE scope = $1 AND day = ANY ($2::date[])', [scope, days]);
      await tx.query(
        `INSERT INTO hq_scope_day_categories (scope, day, category_id, sales_fen, financed_fen)
         SELECT $1, d.day, d.category_id, sum(d.sales_fen), sum(d.financed_fen)
           FROM hq_store_day_categories d WHERE d.day = ANY ($2::date[]) AND ${stores(3)} GROUP BY d.day, d.category_id
         ON CONFLICT (scope, day, category_id) DO UPDATE SET sales_fen = excluded.sales_fen, financed_fen = excluded.financed_fen`,
        sumParams,
      );
    });
  }
  const [days, categories, categoryDays] = await Promise.all([
    db.query<DayRow>(`SELECT ${DAY_COLUMNS}, active_stores FROM hq_scope_days WHERE scope = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`, [scope, from, to]),
    db.query<CategoryRow>(`SELECT ${CATEGORY_SUMS} FROM hq_scope_day_categories WHERE scope = $1 AND day BETWEEN $2::date AND $3::date GROUP BY category_id ORDER BY 2 DESC, 1`, [scope, from, to]),
    db.query<CategoryDayRow>(`SELECT to_char(day, 'YYYY-MM-DD') AS date, ${CATEGORY_SUMS} FROM hq_scope_day_categories WHERE scope = $1 AND day BETWEEN $2::date AND $3::date GROUP BY day, category_id ORDER BY day, 2`, [scope, from, to]),
  ]);
  return { days, categories, categoryDays };
}

/** A store's region changed: its old and new regions' sums are made again when next read. */
export async function forgetRegionSums(tx: Queryable, regions: ReadonlyArray<string | null>): Promise<void> {
  const scopes = regions.filter((r): r is string => r !== null).map((r) => `region:${r}`);
  if (scopes.length === 0) return;
  await tx.query('DELETE FROM hq_scope_days WHERE scope = ANY ($1::text[])', [scopes]);
  await tx.query('DELETE FROM hq_scope_day_categories WHERE scope = ANY ($1::text[])', [scopes]);
}

/**
 * The store figures (electron/contract/figures.ts defines each, and the kiosk computes the same
 * from its own database) for a scope and store days `from`…`to`, from the rollups, plus activity:
 * the share of the scope's stores with at least one financed sale, day by day. The applications
 * each staff member helped with are a store's figure (a chain's are the representatives' report).
 */
export async function hqFigures(db: HqDb, scope: FiguresScope, from: string, to: string) {
  const [{ days: dayRows, categories, categoryDays }, staff, [stores]] = await Promise.all([
    scope.storeId !== undefined ? storeDays(db, scope.storeId, from, to) : scopeDays(db, scope.region, from, to),
    scope.storeId === undefined
      ? []
      : db.query<{ storeId: string; staffId: string; applications: number; approved: number }>(
          `SELECT store_id AS "storeId", staff_id AS "staffId", sum(applications)::int AS applications, sum(approved)::int AS approved
             FROM hq_rep_days WHERE store_id = $1 AND day BETWEEN $2::date AND $3::date GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
          [scope.storeId, from, to],
        ),
    // The stores that count for activity: those with a kiosk (a store without one cannot sell on finance).
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stores s WHERE EXISTS (SELECT 1 FROM kiosks k WHERE k.store_id = s.id)
          AND ($1::text IS NULL OR s.region = $1) AND ($2::text IS NULL OR s.id = $2)`,
      [scope.region ?? null, scope.storeId ?? null],
    ),
  ]);
  const storeCount = stores?.n ?? 0;
  const t = Object.fromEntries([...COUNTERS, 'active_stores'].map((c) => [c, dayRows.reduce((sum, d) => sum + Number(d[c as keyof DayRow]), 0)])) as Record<(typeof COUNTERS)[number] | 'active_stores', number>;
  const byDate = new Map(dayRows.map((d) => [d.date, d]));
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  const series = days.map((date) => {
    const d = byDate.get(date);
    return d
      ? {
          date,
          cashFen: Number(d.sales_fen) - Number(d.financed_fen),
          financedFen: Number(d.financed_fen),
          orders: Number(d.orders),
          financedOrders: Number(d.financed_orders),
          activeStores: Number(d.active_stores),
          applications: Number(d.applications),
          approved: Number(d.approved),
          declined: Number(d.declined),
        }
      : { date, cashFen: 0, financedFen: 0, orders: 0, financedOrders: 0, activeStores: 0, applications: 0, approved: 0, declined: 0 };
  });
  const financed = { orders: t.financed_orders, amountFen: t.financed_fen };
  const all = { orders: t.orders, amountFen: t.sales_fen };
  const cash = { orders: all.orders - financed.orders, amountFen: all.amountFen - financed.amountFen };
  return {
    from,
    to,
    scope: { region: scope.region ?? null, storeId: scope.storeId ?? null },
    stores: storeCount,
    visits: t.visits,
    engagedVisits: t.engaged,
    offersViewed: t.offers_viewed,
    applications: t.applications,
    rates: {
      approve: share(t.approved, t.applications),
      counterOffer: share(t.counter_offers, t.applications),
      refer: share(t.referred, t.applications),
      decline: share(t.declined, t.applications),
      pending: share(t.pending, t.applications),
    },
    sales: { all, financed, cash },
    penetration: { byAmount: share(financed.amountFen, all.amountFen), byCount: share(financed.orders, all.orders) },
    basketFen: {
      financed: financed.orders === 0 ? null : Math.round(financed.amountFen / financed.orders),
      cash: cash.orders === 0 ? null : Math.round(cash.amountFen / cash.orders),
    },
    cancellations: { count: t.cancellations, amountFen: t.cancelled_fen },
    // Each category's days with a sale, for its line over time (the day's amounts rounded to the fen).
    byCategory: categories.map((c) => ({
      ...c,
      penetration: share(c.financedFen, c.allFen),
      days: categoryDays.filter((d) => d.categoryId === c.categoryId).map(({ date, allFen, financedFen }) => ({ date, allFen, financedFen })),
    })),
    byStaff: staff,
    /** Store-days with a financed sale over store-days in the range: the share of stores active on an average day. */
    activity: { share: share(t.active_stores, storeCount * days.length), activeStoreDays: t.active_stores },
    days: series,
  };
}

/**
 * Each region's figures over store days `from`…`to`, side by side (stores without a region as one
 * more, `region: null`): the same definitions as a region's own answer above (penetration, the
 * approval and decline rates over applications, activity over store-days of stores with a kiosk),
 * from the stores' rollup rows in one pass rather than one request per region.
 */
export async function regionFigures(db: Queryable, from: string, to: string) {
  const rows = await db.query<{ region: string | null; stores: number; orders: number; financedOrders: number; salesFen: number; financedFen: number; applications: number; approved: number; declined: number; activeStoreDays: number }>(
    `SELECT s.region, count(DISTINCT s.id)::int AS stores, coalesce(sum(d.orders), 0)::int AS orders, coalesce(sum(d.financed_orders), 0)::int AS "financedOrders",
            coalesce(sum(d.sales_fen), 0)::bigint AS "salesFen", coalesce(sum(d.financed_fen), 0)::bigint AS "financedFen",
            coalesce(sum(d.applications), 0)::int AS applications, coalesce(sum(d.approved), 0)::int AS approved, coalesce(sum(d.declined), 0)::int AS declined,
            count(d.day) FILTER (WHERE d.financed_orders > 0)::int AS "activeStoreDays"
       FROM stores s LEFT JOIN hq_store_days d ON d.store_id = s.id AND d.day BETWEEN $1::date AND $2::date
      WHERE EXISTS (SELECT 1 FROM kiosks k WHERE k.store_id = s.id)
      GROUP BY s.region ORDER BY s.region NULLS LAST`,
    [from, to],
  );
  let days = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) days++;
  return {
    from,
    to,
    regions: rows.map((r) => ({
      ...r,
      penetration: { byAmount: share(r.financedFen, r.salesFen), byCount: share(r.financedOrders, r.orders) },
      rates: { approve: share(r.approved, r.applications), decline: share(r.declined, r.applications) },
      activity: share(r.activeStoreDays, r.stores * days),
    })),
  };
}
