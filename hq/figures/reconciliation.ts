import { csvLine } from '../csv.ts';
import type { Queryable } from '../db/database.ts';

export const RECONCILIATION_COLUMNS = [
  'date',
  'storeId',
  'lenderId',
  'financedOrders',
  'amountFinancedFen',
  'cancellations',
  'cancelledFen',
  'refundsDue',
  'refundsDueFen',
  'refundsOutstanding',
] as const;

/**
 * The day's reconciliation per store and lender, as CSV for finance operations to check against
 * the lender's statement: financed orders placed that store day (not since cancelled) and the
 * amounts financed; cooling-off cancellations made that day and the amounts due back; refunds
 * falling due that day, and how many of those are not settled yet. A row only where one is
 * non-zero; amounts in fen, as every figure HQ keeps.
 */
export async function reconciliationCsv(db: Queryable, date: string): Promise<{ rows: number; csv: string }> {
  const rows = await db.query<Record<(typeof RECONCILIATION_COLUMNS)[number], string | number>>(
    `WITH financed AS (
       SELECT k.store_id, a.lender_id, count(*) AS n, sum(o.amount_financed_fen) AS fen
         FROM hq_orders o JOIN kiosks k ON k.id = o.kiosk_id JOIN hq_applications a ON a.kiosk_id = o.kiosk_id AND a.application_id = o.application_id
        WHERE o.payment = 'installment' AND o.cancelled_at IS NULL AND o.placed_at >= hq_day_start($1::date) AND o.placed_at < hq_day_start($1::date + 1)
        GROUP BY 1, 2),
     cancelled AS (
       SELECT k.store_id, a.lender_id, count(*) AS n, coalesce(sum(r.amount_fen), 0) AS fen
         FROM hq_cancellations c JOIN kiosks k ON k.id = c.kiosk_id JOIN hq_applications a ON a.kiosk_id = c.kiosk_id AND a.application_id = c.application_id
         LEFT JOIN hq_refunds r ON r.kiosk_id = c.kiosk_id AND r.application_id = c.application_id
        WHERE c.kind = 'cancelled' AND c.at >= hq_day_start($1::date) AND c.at < hq_day_start($1::date + 1)
        GROUP BY 1, 2),
     due AS (
       SELECT k.store_id, r.lender_id, count(*) AS n, sum(r.amount_fen) AS fen, count(*) FILTER (WHERE r.state <> 'settled') AS outstanding
         FROM hq_refunds r JOIN kiosks k ON k.id = r.kiosk_id
        WHERE r.due_on = $1::date
        GROUP BY 1, 2)
     SELECT $1::text AS date, store_id AS "storeId", lender_id AS "lenderId",
            coalesce(f.n, 0)::int AS "financedOrders", coalesce(f.fen, 0)::bigint AS "amountFinancedFen",
            coalesce(c.n, 0)::int AS cancellations, coalesce(c.fen, 0)::bigint AS "cancelledFen",
            coalesce(d.n, 0)::int AS "refundsDue", coalesce(d.fen, 0)::bigint AS "refundsDueFen", coalesce(d.outstanding, 0)::int AS "refundsOutstanding"
       FROM financed f FULL JOIN cancelled c USING (store_id, lender_id) FULL JOIN due d USING (store_id, lender_id)
      ORDER BY 2, 3`,
    [date],
  );
  const lines = [csvLine(RECONCILIATION_COLUMNS), ...rows.map((r) => csvLine(RECONCILIATION_COLUMNS.map((c) => r[c])))];
  return { rows: rows.length, csv: `${lines.join('\r\n')}\r\n` };
}
