import type { StoreFigures } from '../../contract/figures.ts';
import { addDays } from '../../domain/calendar.ts';
import { storeDate } from '../../domain/promotions.ts';
import type { Db } from '../db/database.ts';

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * The store's figures from the kiosk's own database (contract/figures.ts says what each one is).
 * Every query is bounded by the store days asked for and uses an index on its date.
 */
export class Figures {
  private readonly q;

  constructor(
    db: Db,
    private readonly now: () => number,
  ) {
    this.q = {
      visits: db.prepare(
        `SELECT count(*) AS visits,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM shopper_events e WHERE e.session_id = s.id AND e.type = 'product_viewed')) AS engaged,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM shopper_events e WHERE e.session_id = s.id AND e.type = 'offers_viewed')) AS offers
           FROM sessions s WHERE s.started_at >= ? AND s.started_at < ?`,
      ),
      outcomes: db.prepare(
        `SELECT CASE WHEN a.status = 'pending' THEN 'pending' ELSE d.outcome END AS outcome, count(*) AS n
           FROM credit_applications a JOIN credit_decisions d ON d.application_id = a.id
          WHERE a.store_date BETWEEN ? AND ? GROUP BY 1`,
      ),
      byStaff: db.prepare(
        `SELECT a.assisted_by AS staffId, count(*) AS applications, count(*) FILTER (WHERE d.outcome IN ('approve', 'counter_offer')) AS approved
           FROM credit_applications a JOIN credit_decisions d ON d.application_id = a.id
          WHERE a.store_date BETWEEN ? AND ? AND a.assisted_by IS NOT NULL GROUP BY a.assisted_by ORDER BY applications DESC, staffId`,
      ),
      days: db.prepare(
        `SELECT store_date AS date, count(*) AS orders, count(*) FILTER (WHERE payment = 'installment') AS financedOrders,
                coalesce(sum(total_fen) FILTER (WHERE payment = 'installment'), 0) AS financedFen,
                coalesce(sum(total_fen) FILTER (WHERE payment = 'till'), 0) AS cashFen
           FROM orders WHERE status = 'placed' AND store_date BETWEEN ? AND ? GROUP BY store_date ORDER BY store_date`,
      ),
      // What each line was charged: the order's total (after its promotions) shared over its lines
      // by their list amounts, so the categories add up to the sales.
      byCategory: db.prepare(
        `WITH charged AS (
           SELECT o.payment, l.value ->> '$.productId' AS productId,
                  o.total_fen * (l.value ->> '$.unitPriceFen') * (l.value ->> '$.quantity') * 1.0
                    / (SELECT sum((x.value ->> '$.unitPriceFen') * (x.value ->> '$.quantity')) FROM json_each(o.lines) x) AS fen
             FROM orders o, json_each(o.lines) l
            WHERE o.status = 'placed' AND o.store_date BETWEEN ? AND ?)
         SELECT p.category_id AS categoryId, c.name_zh AS zh, c.name_en AS en,
                CAST(round(sum(fen)) AS INTEGER) AS allFen,
                CAST(round(coalesce(sum(fen) FILTER (WHERE payment = 'installment'), 0)) AS INTEGER) AS financedFen
           FROM charged JOIN products p ON p.id = charged.productId JOIN categories c ON c.id = p.category_id
          GROUP BY p.category_id ORDER BY allFen DESC`,
      ),
    };
  }

  /** Today (`days` = 1) or the last `days` store days, today included. */
  compute(days: number): StoreFigures {
    const to = storeDate(this.now());
    const from = addDays(to, 1 - days);
    const q = this.q;
    // Sessions carry instants: the range's first and last moments in China's time.
    const start = Date.parse(`${from}T00:00:00+08:00`);
    const end = Date.parse(`${addDays(to, 1)}T00:00:00+08:00`);
    const visits = q.visits.get(start, end) as { visits: number; engaged: number; offers: number };
    const outcomes = new Map((q.outcomes.all(from, to) as { outcome: string; n: number }[]).map((r) => [r.outcome, r.n]));
    const applications = [...outcomes.values()].reduce((a, b) => a + b, 0);
    const dayRows = q.days.all(from, to) as StoreFigures['days'];
    const sum = (pick: (d: StoreFigures['days'][number]) => number) => dayRows.reduce((total, d) => total + pick(d), 0);
    const financed = { orders: sum((d) => d.financedOrders), amountFen: sum((d) => d.financedFen) };
    const all = { orders: sum((d) => d.orders), amountFen: sum((d) => d.financedFen + d.cashFen) };
    const cash = { orders: all.orders - financed.orders, amountFen: all.amountFen - financed.amountFen };
    // Every day of the range, with nothing sold on the days without orders.
    const byDate = new Map(dayRows.map((d) => [d.date, d]));
    const series = Array.from({ length: days }, (_, i) => addDays(from, i)).map((date) => byDate.get(date) ?? { date, cashFen: 0, financedFen: 0, orders: 0, financedOrders: 0 });
    return {
      from,
      to,
      visits: visits.visits,
      engagedVisits: visits.engaged,
      offersViewed: visits.offers,
      applications,
      rates: {
        approve: share(outcomes.get('approve') ?? 0, applications),
        counterOffer: share(outcomes.get('counter_offer') ?? 0, applications),
        refer: share(outcomes.get('refer') ?? 0, applications),
        decline: share(outcomes.get('decline') ?? 0, applications),
        pending: share(outcomes.get('pending') ?? 0, applications),
      },
      sales: { all, financed, cash },
      penetration: { byAmount: share(financed.amountFen, all.amountFen), byCount: share(financed.orders, all.orders) },
      basketFen: {
        financed: financed.orders === 0 ? null : Math.round(financed.amountFen / financed.orders),
        cash: cash.orders === 0 ? null : Math.round(cash.amountFen / cash.orders),
      },
      byCategory: (q.byCategory.all(from, to) as { categoryId: string; zh: string; en: string; allFen: number; financedFen: number }[]).map((c) => ({
        categoryId: c.categoryId,
        name: { zh: c.zh, en: c.en },
        allFen: c.allFen,
        financedFen: c.financedFen,
        penetration: share(c.financedFen, c.allFen),
      })),
      byStaff: q.byStaff.all(from, to) as StoreFigures['byStaff'],
      days: series,
    };
  }
}
