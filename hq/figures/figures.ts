import type { Queryable } from '../db/database.ts';
import { addDays } from '../../electron/domain/calendar.ts';

/** Whose figures: the whole chain, one region's stores, or one store. */
export type FiguresScope = { region?: string; storeId?: string };

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The scope's filter on `stores s`, from parameters `$<region>` and `$<region + 1>` (store). */
const inScope = (region: number) => `($${region}::text IS NULL OR s.region = $${region}) AND ($${region + 1}::text IS NULL OR s.id = $${region + 1})`;
const IN_SCOPE = inScope(3);

interface Totals {
  visits: number;
  engaged: number;
  offers: number;
  applications: number;
  approved: number;
  counter_offers: number;
  referred: number;
  declined: number;
  pending: number;
  assisted: number;
  orders: number;
  financed_orders: number;
  sales_fen: number;
  financed_fen: number;
  cancellations: number;
  cancelled_fen: number;
}

const SUMS = `coalesce(sum(d.visits), 0)::int AS visits, coalesce(sum(d.engaged), 0)::int AS engaged, coalesce(sum(d.offers_viewed), 0)::int AS offers,
  coalesce(sum(d.applications), 0)::int AS applications, coalesce(sum(d.approved), 0)::int AS approved, coalesce(sum(d.counter_offers), 0)::int AS counter_offers,
  coalesce(sum(d.referred), 0)::int AS referred, coalesce(sum(d.declined), 0)::int AS declined, coalesce(sum(d.pending), 0)::int AS pending,
  coalesce(sum(d.assisted), 0)::int AS assisted, coalesce(sum(d.orders), 0)::int AS orders, coalesce(sum(d.financed_orders), 0)::int AS financed_orders,
  coalesce(sum(d.sales_fen), 0)::bigint AS sales_fen, coalesce(sum(d.financed_fen), 0)::bigint AS financed_fen,
  coalesce(sum(d.cancellations), 0)::int AS cancellations, coalesce(sum(d.cancelled_fen), 0)::bigint AS cancelled_fen`;

/**
 * The store figures (electron/contract/figures.ts defines each, and the kiosk computes the same
 * from its own database) for a scope and store days `from`…`to`, read from the rollups, plus
 * activity: the share of the scope's stores with at least one financed sale, day by day.
 */
export async function hqFigures(db: Queryable, scope: FiguresScope, from: string, to: string) {
  const params = [from, to, scope.region ?? null, scope.storeId ?? null];
  const [[t], dayRows, categories, staff, [stores]] = await Promise.all([
    db.query<Totals>(`SELECT ${SUMS} FROM hq_store_days d JOIN stores s ON s.id = d.store_id WHERE d.day BETWEEN $1::date AND $2::date AND ${IN_SCOPE}`, params),
    db.query<{ date: string; orders: number; financed_orders: number; sales_fen: number; financed_fen: number; active: number }>(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS date, sum(d.orders)::int AS orders, sum(d.financed_orders)::int AS financed_orders,
              sum(d.sales_fen)::bigint AS sales_fen, sum(d.financed_fen)::bigint AS financed_fen, count(*) FILTER (WHERE d.financed_orders > 0)::int AS active
         FROM hq_store_days d JOIN stores s ON s.id = d.store_id
        WHERE d.day BETWEEN $1::date AND $2::date AND ${IN_SCOPE} GROUP BY d.day ORDER BY d.day`,
      params,
    ),
    db.query<{ categoryId: string; allFen: number; financedFen: number }>(
      `SELECT c.category_id AS "categoryId", round(sum(c.sales_fen)::numeric)::bigint AS "allFen", round(sum(c.financed_fen)::numeric)::bigint AS "financedFen"
         FROM hq_store_day_categories c JOIN stores s ON s.id = c.store_id
        WHERE c.day BETWEEN $1::date AND $2::date AND ${IN_SCOPE} GROUP BY c.category_id ORDER BY 2 DESC, 1`,
      params,
    ),
    db.query<{ storeId: string; staffId: string; applications: number; approved: number }>(
      `SELECT r.store_id AS "storeId", r.staff_id AS "staffId", sum(r.applications)::int AS applications, sum(r.approved)::int AS approved
         FROM hq_rep_days r JOIN stores s ON s.id = r.store_id
        WHERE r.day BETWEEN $1::date AND $2::date AND ${IN_SCOPE} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
      params,
    ),
    // The stores that count for activity: those with a kiosk (a store without one cannot sell on finance).
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stores s WHERE EXISTS (SELECT 1 FROM kiosks k WHERE k.store_id = s.id) AND ${inScope(1)}`, [scope.region ?? null, scope.storeId ?? null]),
  ]);
  const totals = t!;
  const storeCount = stores?.n ?? 0;
  const byDate = new Map(dayRows.map((d) => [d.date, d]));
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  const series = days.map((date) => {
    const d = byDate.get(date);
    return { date, cashFen: d ? d.sales_fen - d.financed_fen : 0, financedFen: d?.financed_fen ?? 0, orders: d?.orders ?? 0, financedOrders: d?.financed_orders ?? 0, activeStores: d?.active ?? 0 };
  });
  const financed = { orders: totals.financed_orders, amountFen: totals.financed_fen };
  const all = { orders: totals.orders, amountFen: totals.sales_fen };
  const cash = { orders: all.orders - financed.orders, amountFen: all.amountFen - financed.amountFen };
  const activeDays = series.reduce((sum, d) => sum + d.activeStores, 0);
  return {
    from,
    to,
    scope: { region: scope.region ?? null, storeId: scope.storeId ?? null },
    stores: storeCount,
    visits: totals.visits,
    engagedVisits: totals.engaged,
    offersViewed: totals.offers,
    applications: totals.applications,
    rates: {
      approve: share(totals.approved, totals.applications),
      counterOffer: share(totals.counter_offers, totals.applications),
      refer: share(totals.referred, totals.applications),
      decline: share(totals.declined, totals.applications),
      pending: share(totals.pending, totals.applications),
    },
    sales: { all, financed, cash },
    penetration: { byAmount: share(financed.amountFen, all.amountFen), byCount: share(financed.orders, all.orders) },
    basketFen: {
      financed: financed.orders === 0 ? null : Math.round(financed.amountFen / financed.orders),
      cash: cash.orders === 0 ? null : Math.round(cash.amountFen / cash.orders),
    },
    cancellations: { count: totals.cancellations, amountFen: totals.cancelled_fen },
    byCategory: categories.map((c) => ({ ...c, penetration: share(c.financedFen, c.allFen) })),
    byStaff: staff,
    /** Store-days with a financed sale over store-days in the range: the share of stores active on an average day. */
    activity: { share: share(activeDays, storeCount * days.length), activeStoreDays: activeDays },
    days: series,
  };
}
export type HqFigures = Awaited<ReturnType<typeof hqFigures>>;
