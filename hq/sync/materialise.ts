import type { Queryable } from '../db/database.ts';

/** An item that passed every check, with its parsed payload, ready to be written. */
export interface AppliedItem {
  id: string;
  seq: number;
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * One statement per topic for a whole batch: the payloads go in as one JSON array and PostgreSQL
 * spreads them into columns (`jsonb_to_recordset`), so a batch of 500 items costs a handful of
 * round trips rather than 500. Keys are the payloads' own (camelCase) field names; `_seq` and
 * `_id` are the item's. Statements run in lifecycle order (an application before its decision, an
 * order before its cancellation) so items that refer to earlier items in the same batch find them.
 */
const STATEMENTS: ReadonlyArray<readonly [topic: string, sql: string]> = [
  [
    'session.started',
    `INSERT INTO hq_sessions (kiosk_id, session_id, locale, started_at)
     SELECT $1, r."sessionId", r.locale, r."startedAt"
     FROM jsonb_to_recordset($2::jsonb) AS r("sessionId" text, locale text, "startedAt" bigint)
     ON CONFLICT (kiosk_id, session_id) DO UPDATE SET locale = excluded.locale, started_at = excluded.started_at`,
  ],
  [
    'session.ended',
    // An end may arrive for a session whose start HQ never saw (e.g. started before enrolment).
    `INSERT INTO hq_sessions (kiosk_id, session_id, started_at, ended_at, end_reason)
     SELECT $1, r."sessionId", r."startedAt", r."endedAt", r.reason
     FROM jsonb_to_recordset($2::jsonb) AS r("sessionId" text, reason text, "startedAt" bigint, "endedAt" bigint)
     ON CONFLICT (kiosk_id, session_id) DO UPDATE SET ended_at = excluded.ended_at, end_reason = excluded.end_reason`,
  ],
  [
    'shopper.event',
    `INSERT INTO hq_shopper_events (kiosk_id, event_id, session_id, at, event)
     SELECT $1, r."eventId", r."sessionId", r.at, r.event
     FROM jsonb_to_recordset($2::jsonb) AS r("eventId" text, "sessionId" text, at bigint, event jsonb)`,
  ],
  [
    'credit.application',
    // The applicant as HMACs only (the payload's schema has no other identity field).
    `INSERT INTO hq_applications (kiosk_id, application_id, session_id, requested_amount_fen, finance_product_id, lender_id, term_months, consents, applied_at, status, status_seq,
       resident_id_hmac, mobile_hmac, monthly_payment_fen, assisted_by, id_card_seen)
     SELECT $1, r."applicationId", r."sessionId", r."requestedAmountFen", r."financeProductId", r."lenderId", r."termMonths", r.consents, r.at, 'received', r._seq,
       r."residentIdHmac", r."mobileHmac", r."monthlyPaymentFen", r."assistedBy", r."idCardSeen"
     FROM jsonb_to_recordset($2::jsonb) AS r("applicationId" text, "sessionId" text, "requestedAmountFen" bigint, "financeProductId" text,
       "lenderId" text, "termMonths" integer, consents jsonb, at bigint, _seq bigint, "residentIdHmac" text, "mobileHmac" text, "monthlyPaymentFen" bigint,
       "assistedBy" text, "idCardSeen" boolean)`,
  ],
  [
    'credit.decision',
    `INSERT INTO hq_decisions (kiosk_id, item_id, application_id, status, offline, outcome, reasons, signals, score, limit_fen, amount_financed_fen, down_payment_fen,
       monthly_payment_fen, model_version, decided_at)
     SELECT $1, r._id, r."applicationId", r.status, r.offline, r.outcome, r.reasons, r.signals, r.score, r."limitFen", r."amountFinancedFen", r."downPaymentFen",
       r."monthlyPaymentFen", r."modelVersion", r.at
     FROM jsonb_to_recordset($2::jsonb) AS r(_id text, "applicationId" text, status text, offline boolean, outcome text, reasons jsonb, signals jsonb,
       score integer, "limitFen" bigint, "amountFinancedFen" bigint, "downPaymentFen" bigint, "monthlyPaymentFen" bigint, "modelVersion" text, at bigint)`,
  ],
  [
    // A challenger's decision in shadow, beside the champion's (the kiosk's own decision only carries one).
    'credit.decision',
    `INSERT INTO hq_shadow_decisions (kiosk_id, application_id, champion_version, champion_outcome, challenger_version, challenger_outcome,
       challenger_score, challenger_limit_fen, challenger_reasons, decided_at)
     SELECT $1, r."applicationId", r."modelVersion", r.outcome, r.challenger ->> 'modelVersion', r.challenger ->> 'outcome',
       (r.challenger ->> 'score')::integer, (r.challenger ->> 'limitFen')::bigint, r.challenger -> 'reasons', r.at
     FROM jsonb_to_recordset($2::jsonb) AS r("applicationId" text, "modelVersion" text, outcome text, challenger jsonb, at bigint)
     WHERE r.challenger IS NOT NULL
     ON CONFLICT (kiosk_id, application_id) DO NOTHING`,
  ],
  [
    // What HQ decides a pending application on (ingest decides it right after, same transaction).
    'credit.pending',
    `UPDATE hq_applications a SET decision_input = r.input
     FROM jsonb_to_recordset($2::jsonb) AS r("applicationId" text, input jsonb)
     WHERE a.kiosk_id = $1 AND a.application_id = r."applicationId"`,
  ],
  [
    'credit.review_requested',
    `INSERT INTO hq_review_requests (kiosk_id, review_id, application_id, requested_at)
     SELECT $1, r."reviewId", r."applicationId", r.at
     FROM jsonb_to_recordset($2::jsonb) AS r("reviewId" text, "applicationId" text, at bigint)`,
  ],
  [
    'credit.staff_decision',
    `INSERT INTO hq_staff_decisions (kiosk_id, item_id, application_id, staff_id, decision, reason, decision_input, at)
     SELECT $1, r._id, r."applicationId", r."staffId", r.decision, r.reason, r.input, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r(_id text, "applicationId" text, "staffId" text, decision text, reason text, input jsonb, at bigint)
     ON CONFLICT DO NOTHING`,
  ],
  [
    'credit.contract_signed',
    `INSERT INTO hq_contracts (kiosk_id, contract_id, application_id, contract_hash, cooling_off_until, signed_at)
     SELECT $1, r."contractId", r."applicationId", r."contractHash", r."coolingOffUntil", r.at
     FROM jsonb_to_recordset($2::jsonb) AS r("contractId" text, "applicationId" text, "contractHash" text, "coolingOffUntil" text, at bigint)`,
  ],
  [
    'credit.cancelled',
    `INSERT INTO hq_cancellations (kiosk_id, item_id, application_id, kind, reason, at)
     SELECT $1, r._id, r."applicationId", 'cancelled', r.reason, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r(_id text, "applicationId" text, reason text, at bigint)`,
  ],
  [
    'credit.cancelled',
    `INSERT INTO hq_refunds (kiosk_id, application_id, lender_id, amount_fen, due_on, state, requested_at)
     SELECT $1, r."applicationId", r.refund->>'lenderId', (r.refund->>'amountFen')::bigint, (r.refund->>'dueOn')::date, 'requested', r.at
     FROM jsonb_to_recordset($2::jsonb) AS r("applicationId" text, refund jsonb, at bigint)
     WHERE r.refund IS NOT NULL
     ON CONFLICT DO NOTHING`,
  ],
  [
    'credit.withdrawn',
    `INSERT INTO hq_cancellations (kiosk_id, item_id, application_id, kind, reason, at)
     SELECT $1, r._id, r."applicationId", 'withdrawn', r.reason, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r(_id text, "applicationId" text, reason text, at bigint)`,
  ],
  [
    'order.placed',
    `INSERT INTO hq_orders (kiosk_id, order_id, order_number, payment, application_id, fulfilment, total_fen, down_payment_fen, amount_financed_fen, discount_fen, lines, placed_at)
     SELECT $1, r."orderId", r."orderNumber", r.payment, r."applicationId", r.fulfilment, r."totalFen", r."downPaymentFen", r."amountFinancedFen", r."discountFen", r.lines, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r("orderId" text, "orderNumber" text, payment text, "applicationId" text, fulfilment jsonb,
       "totalFen" bigint, "downPaymentFen" bigint, "amountFinancedFen" bigint, "discountFen" bigint, lines jsonb, at bigint)`,
  ],
  [
    'order.cancelled',
    `UPDATE hq_orders o SET cancelled_at = r.at
     FROM jsonb_to_recordset($2::jsonb) AS r("orderId" text, at bigint)
     WHERE o.kiosk_id = $1 AND o.order_id = r."orderId"`,
  ],
  [
    'sync.publication_refused',
    `INSERT INTO hq_publication_refusals (kiosk_id, item_id, dataset, version, reason, at)
     SELECT $1, r._id, r.dataset, r.version, r.reason, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r(_id text, dataset text, version bigint, reason text, at bigint)`,
  ],
  [
    'staff.audit',
    `INSERT INTO hq_staff_audit (kiosk_id, seq, entry_id, at, staff_id, action, detail, prev_hash, hash)
     SELECT $1, r.seq, r.id, r.at, r."staffId", r.action, r.detail, r."prevHash", r.hash
     FROM jsonb_to_recordset($2::jsonb) AS r(seq bigint, id text, at bigint, "staffId" text, action text, detail jsonb, "prevHash" text, hash text)`,
  ],  // A remote command's step at the kiosk (hq/fleet-commands.ts): every report kept in the audit,
  // and the command's state set from the newest report about the message HQ sent it in (a
  // replayed copy under another message is audited and changes nothing).
  [
    'fleet.command',
    `INSERT INTO fleet_command_events (kiosk_id, command_id, message_id, state, reason, detail, at, item_id)
     SELECT $1, r."commandId", r."messageId", r.state, r.reason, r.detail, r.at, r._id
     FROM jsonb_to_recordset($2::jsonb) AS r(_id text, "commandId" uuid, "messageId" bigint, state text, reason text, detail jsonb, at bigint)`,
  ],
  [
    'fleet.command',
    `UPDATE fleet_commands c
     SET state = CASE WHEN r.state IN ('received', 'queued', 'running') THEN 'delivered' ELSE r.state END,
         reason = r.reason, result = r.detail, reported_at = r.at, report_seq = r._seq
     FROM (SELECT DISTINCT ON ("commandId", "messageId") *
           FROM jsonb_to_recordset($2::jsonb) AS x(_seq bigint, "commandId" uuid, "messageId" bigint, state text, reason text, detail jsonb, at bigint)
           ORDER BY "commandId", "messageId", _seq DESC) r
     WHERE c.kiosk_id = $1 AND c.id = r."commandId" AND c.message_id = r."messageId" AND c.report_seq < r._seq`,
  ],
];

/** What each topic says about its application's state, if anything. */
const STATUS_OF: Record<string, (payload: Record<string, unknown>) => string> = {
  'credit.decision': (p) => String(p.status),
  'credit.contract_signed': () => 'signed',
  'credit.cancelled': () => 'cancelled',
  'credit.withdrawn': () => 'withdrawn',
};

/** The topics HQ materialises: every one contract/outbox.ts defines (a test keeps the two in step). */
export const MATERIALISED_TOPICS: ReadonlySet<string> = new Set(STATEMENTS.map(([topic]) => topic));

/** Writes what HQ makes of applied items into the `hq_*` tables (the caller's transaction is open). */
export async function materialise(tx: Queryable, kioskId: string, items: readonly AppliedItem[]): Promise<void> {
  if (items.length === 0) return;
  const byTopic = new Map<string, object[]>();
  const latestStatus = new Map<string, { applicationId: string; value: string; seq: number }>();
  const latestOutcome = new Map<string, { applicationId: string; value: string; seq: number }>();
  for (const item of items) {
    const rows = byTopic.get(item.topic) ?? [];
    rows.push({ ...item.payload, _seq: item.seq, _id: item.id });
    byTopic.set(item.topic, rows);
    if (item.topic === 'credit.decision') {
      const applicationId = String(item.payload.applicationId);
      latestOutcome.set(applicationId, { applicationId, value: String(item.payload.outcome), seq: item.seq });
    }
    const status = STATUS_OF[item.topic];
    if (status) {
      const applicationId = String(item.payload.applicationId);
      latestStatus.set(applicationId, { applicationId, value: status(item.payload), seq: item.seq });
    }
  }
  for (const [topic, sql] of STATEMENTS) {
    const rows = byTopic.get(topic);
    if (rows) await tx.query(sql, [kioskId, JSON.stringify(rows)]);
  }
  // The later item wins, across batches too: a late retry of an old decision cannot undo a
  // signature; the outcome is the decision the kiosk holds now (its own, or a staff or HQ settlement).
  await setLatest(tx, kioskId, 'status', latestStatus);
  await setLatest(tx, kioskId, 'outcome', latestOutcome);
}

async function setLatest(tx: Queryable, kioskId: string, column: 'status' | 'outcome', latest: Map<string, { applicationId: string; seq: number }>): Promise<void> {
  if (latest.size === 0) return;
  await tx.query(
    `UPDATE hq_applications a SET ${column} = r.value, ${column}_seq = r.seq
     FROM jsonb_to_recordset($2::jsonb) AS r("applicationId" text, value text, seq bigint)
     WHERE a.kiosk_id = $1 AND a.application_id = r."applicationId" AND a.${column}_seq < r.seq`,
    [kioskId, JSON.stringify([...latest.values()])],
  );
}
