import type { Queryable } from '../db/database.ts';
import type { AppliedItem } from '../sync/materialise.ts';

/**
 * Keeps the store-day rollups (migration 6) up to date as items arrive: in the push's transaction,
 * the days the items touched are computed again from the `hq_*` rows, whole. A decision or a
 * cancellation changes the day its application or order was made, so each item names its day
 * through what it refers to, not through when it arrived.
 *
 * Two kiosks of one store may push at once: the store's row is locked first, so the second
 * refresh waits for the first to commit and then reads its rows too (read committed).
 */
export async function refreshFigures(tx: Queryable, kioskId: string, items: readonly AppliedItem[]): Promise<void> {
  const sessions = new Set<string>();
  const applications = new Set<string>();
  const orders = new Set<string>();
  const times: number[] = [];
  for (const { topic, payload } of items) {
    if (typeof payload.sessionId === 'string') sessions.add(payload.sessionId);
    if (typeof payload.applicationId === 'string') applications.add(payload.applicationId);
    if (typeof payload.orderId === 'string') orders.add(payload.orderId);
    // Cancellations count on the day they were made (the reconciliation's day), too.
    if (topic === 'credit.cancelled' && typeof payload.at === 'number') times.push(payload.at);
  }
  if (sessions.size + applications.size + orders.size + times.length === 0) return;
  const [touched] = await tx.query<{ store_id: string; days: string[] | null }>(
    `SELECT k.store_id, (SELECT array_agg(DISTINCT day)::text[] FROM (
               SELECT hq_store_day(started_at) AS day FROM hq_sessions WHERE kiosk_id = $1 AND session_id = ANY ($2::text[])
         UNION SELECT hq_store_day(applied_at) FROM hq_applications WHERE kiosk_id = $1 AND application_id = ANY ($3::text[])
         UNION SELECT hq_store_day(placed_at) FROM hq_orders WHERE kiosk_id = $1 AND order_id = ANY ($4::text[])
         UNION SELECT hq_store_day(t) FROM unnest($5::bigint[]) AS t) d) AS days
       FROM kiosks k WHERE k.id = $1`,
    [kioskId, [...sessions], [...applications], [...orders], times],
  );
  if (!touched?.days?.length) return;
  await tx.query('SELECT 1 FROM stores WHERE id = $1 FOR UPDATE', [touched.store_id]);
  await tx.query('SELECT hq_refresh_store_days($1, $2::date[])', [touched.store_id, touched.days]);
}
