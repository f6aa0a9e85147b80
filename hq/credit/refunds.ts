import { csvLine } from '../csv.ts';
import type { HqDb, Queryable } from '../db/database.ts';

export interface RefundRow {
  kioskId: string;
  storeId: string;
  applicationId: string;
  lenderId: string;
  amountFen: number;
  dueOn: string;
  state: 'requested' | 'sent' | 'settled';
  requestedAt: number;
}

const SELECT = `SELECT r.kiosk_id AS "kioskId", k.store_id AS "storeId", r.application_id AS "applicationId", r.lender_id AS "lenderId",
                       r.amount_fen AS "amountFen", to_char(r.due_on, 'YYYY-MM-DD') AS "dueOn", r.state, r.requested_at AS "requestedAt"
                  FROM hq_refunds r JOIN kiosks k ON k.id = r.kiosk_id`;

type Raw = Omit<RefundRow, 'amountFen' | 'requestedAt'> & { amountFen: string | number; requestedAt: string | number };
const row = (r: Raw): RefundRow => ({ ...r, amountFen: Number(r.amountFen), requestedAt: Number(r.requestedAt) });

/** Refunds to lenders, by state, the earliest due first. */
export async function listRefunds(db: Queryable, state: RefundRow['state'] | undefined, limit = 500): Promise<RefundRow[]> {
  return (await db.query<Raw>(`${SELECT} WHERE ($1::text IS NULL OR r.state = $1) ORDER BY r.due_on, r.requested_at LIMIT $2`, [state ?? null, limit])).map(row);
}

async function tell(tx: Queryable, kioskId: string, applicationId: string, state: 'sent' | 'settled', now: number): Promise<void> {
  await tx.query("INSERT INTO kiosk_messages (kiosk_id, kind, payload, created_at) VALUES ($1, 'refund.updated', $2::jsonb, $3)", [kioskId, JSON.stringify({ applicationId, state, at: now }), now]);
}

/**
 * The lender's refund file for `dueOn`: every requested refund to that lender due by then, as CSV
 * (what finance operations send the lender), each marked sent and its kiosk told, in one transaction.
 */
export async function sendRefunds(db: HqDb, lenderId: string, dueOn: string, now: number): Promise<{ sent: number; csv: string }> {
  return db.transaction(async (tx) => {
    const due = (
      await tx.query<Raw>(`${SELECT} WHERE r.lender_id = $1 AND r.state = 'requested' AND r.due_on <= $2::date ORDER BY r.due_on, r.requested_at FOR UPDATE OF r`, [lenderId, dueOn])
    ).map(row);
    const lines = ['storeId,kioskId,applicationId,lenderId,amountFen,amountYuan,dueOn'];
    for (const r of due) {
      await tx.query("UPDATE hq_refunds SET state = 'sent', sent_at = $3 WHERE kiosk_id = $1 AND application_id = $2", [r.kioskId, r.applicationId, now]);
      await tell(tx, r.kioskId, r.applicationId, 'sent', now);
      lines.push(csvLine([r.storeId, r.kioskId, r.applicationId, r.lenderId, r.amountFen, (r.amountFen / 100).toFixed(2), r.dueOn]));
    }
    return { sent: due.length, csv: `${lines.join('\r\n')}\r\n` };
  });
}

/** The lender confirmed a refund: settled, and its kiosk told. False when it was not sent (or is settled already). */
export async function settleRefund(db: HqDb, kioskId: string, applicationId: string, now: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx.query("UPDATE hq_refunds SET state = 'settled', settled_at = $3 WHERE kiosk_id = $1 AND application_id = $2 AND state = 'sent' RETURNING 1", [kioskId, applicationId, now]);
    if (updated.length === 0) return false;
    await tell(tx, kioskId, applicationId, 'settled', now);
    return true;
  });
}
