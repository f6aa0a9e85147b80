import type { HqDb, Queryable } from '../db/database.ts';

export interface EscalationRow {
  kioskId: string;
  storeId: string;
  applicationId: string;
  staffId: string;
  reason: string;
  escalatedAt: number;
  requestedAmountFen: number;
  termMonths: number;
  assistedBy: string | null;
  /** The model's reasons and signals, as the kiosk decided (the credit team's starting point). */
  reasons: string[];
  signals: string[];
}

/** Referrals store staff sent to HQ's credit team and it has not decided yet, oldest first. */
export async function openEscalations(db: Queryable, limit = 200): Promise<EscalationRow[]> {
  const rows = await db.query<Omit<EscalationRow, 'escalatedAt' | 'requestedAmountFen'> & { escalatedAt: string | number; requestedAmountFen: string | number }>(
    `SELECT e.kiosk_id AS "kioskId", k.store_id AS "storeId", e.application_id AS "applicationId", e.staff_id AS "staffId", e.reason,
            e.at AS "escalatedAt", a.requested_amount_fen AS "requestedAmountFen", a.term_months AS "termMonths", a.assisted_by AS "assistedBy",
            coalesce(d.reasons, '[]'::jsonb) AS reasons, coalesce(d.signals, '[]'::jsonb) AS signals
       FROM hq_staff_decisions e
       JOIN kiosks k ON k.id = e.kiosk_id
       JOIN hq_applications a ON a.kiosk_id = e.kiosk_id AND a.application_id = e.application_id
       LEFT JOIN LATERAL (SELECT reasons, signals FROM hq_decisions x WHERE x.kiosk_id = e.kiosk_id AND x.application_id = e.application_id ORDER BY decided_at DESC LIMIT 1) d ON true
      WHERE e.decision = 'escalate' AND e.hq_decided_at IS NULL
      ORDER BY e.at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ ...r, escalatedAt: Number(r.escalatedAt), requestedAmountFen: Number(r.requestedAmountFen) }));
}

export type DecideOutcome = 'decided' | 'not_found' | 'already_decided';

/**
 * The credit team's decision on an escalated referral: recorded once, and sent to the kiosk as a
 * `credit.decided` message (the kiosk settles the application and the customer's screen follows).
 */
export async function decideEscalation(
  db: HqDb,
  input: { kioskId: string; applicationId: string; status: 'approved' | 'declined'; reason: string; by: string },
  now: number,
): Promise<DecideOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ decided: string | null }>(
      `SELECT hq_decided_at AS decided FROM hq_staff_decisions
        WHERE kiosk_id = $1 AND application_id = $2 AND decision = 'escalate' FOR UPDATE`,
      [input.kioskId, input.applicationId],
    );
    if (!row) return 'not_found';
    if (row.decided !== null) return 'already_decided';
    await tx.query(
      `UPDATE hq_staff_decisions SET hq_status = $3, hq_reason = $4, hq_decided_at = $5
        WHERE kiosk_id = $1 AND application_id = $2 AND decision = 'escalate'`,
      [input.kioskId, input.applicationId, input.status, input.reason, now],
    );
    const message = { applicationId: input.applicationId, status: input.status, reasons: [], signals: [], modelVersion: `hq-credit-team:${input.by}`, at: now };
    await tx.query("INSERT INTO kiosk_messages (kiosk_id, kind, payload, created_at) VALUES ($1, 'credit.decided', $2::jsonb, $3)", [input.kioskId, JSON.stringify(message), now]);
    return 'decided';
  });
}
