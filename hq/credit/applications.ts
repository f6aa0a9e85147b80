import type { Queryable } from '../db/database.ts';

export interface ApplicationRow {
  kioskId: string;
  storeId: string;
  applicationId: string;
  status: string;
  requestedAmountFen: number;
  termMonths: number;
  appliedAt: number;
  /** The staff member who helped (assisted applications), and whether they saw the ID card in person. */
  assistedBy: string | null;
  idCardSeen: boolean | null;
}

/**
 * Applications as kiosks reported them, newest first, for finance operations: no identity, not
 * even the HMACs (a list is not the place to match people).
 */
export async function listApplications(db: Queryable, filter: { storeId?: string | undefined; limit: number }): Promise<ApplicationRow[]> {
  const rows = await db.query<Omit<ApplicationRow, 'requestedAmountFen' | 'appliedAt'> & { requestedAmountFen: string | number; appliedAt: string | number }>(
    `SELECT a.kiosk_id AS "kioskId", k.store_id AS "storeId", a.application_id AS "applicationId", a.status,
            a.requested_amount_fen AS "requestedAmountFen", a.term_months AS "termMonths", a.applied_at AS "appliedAt",
            a.assisted_by AS "assistedBy", a.id_card_seen AS "idCardSeen"
       FROM hq_applications a JOIN kiosks k ON k.id = a.kiosk_id
      WHERE ($1::text IS NULL OR k.store_id = $1)
      ORDER BY a.applied_at DESC LIMIT $2`,
    [filter.storeId ?? null, filter.limit],
  );
  // bigint columns come back as strings from node-postgres.
  return rows.map((r) => ({ ...r, requestedAmountFen: Number(r.requestedAmountFen), appliedAt: Number(r.appliedAt) }));
}
