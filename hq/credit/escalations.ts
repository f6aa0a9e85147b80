import { ZenEngine } from '@gorules/zen-engine';
import { DecisionInputSchema, DecisionManifest } from '../../electron/contract/credit-model.ts';
import { DecisionModelDataset } from '../../electron/contract/datasets.ts';
import { readableTrace } from '../../electron/domain/decision-trace.ts';
import type { HqDb, Queryable } from '../db/database.ts';
import type { ModelContent } from './model.ts';

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
export async function openEscalations(db: Queryable, limit = 200, only?: { kioskId: string; applicationId: string }): Promise<EscalationRow[]> {
  const rows = await db.query<Omit<EscalationRow, 'escalatedAt' | 'requestedAmountFen'> & { escalatedAt: string | number; requestedAmountFen: string | number }>(
    `SELECT e.kiosk_id AS "kioskId", k.store_id AS "storeId", e.application_id AS "applicationId", e.staff_id AS "staffId", e.reason,
            e.at AS "escalatedAt", a.requested_amount_fen AS "requestedAmountFen", a.term_months AS "termMonths", a.assisted_by AS "assistedBy",
            coalesce(d.reasons, '[]'::jsonb) AS reasons, coalesce(d.signals, '[]'::jsonb) AS signals
       FROM hq_staff_decisions e
       JOIN kiosks k ON k.id = e.kiosk_id
       JOIN hq_applications a ON a.kiosk_id = e.kiosk_id AND a.application_id = e.application_id
       LEFT JOIN LATERAL (SELECT reasons, signals FROM hq_decisions x WHERE x.kiosk_id = e.kiosk_id AND x.application_id = e.application_id ORDER BY decided_at DESC, decided_by = 'hq' DESC LIMIT 1) d ON true
      WHERE e.decision = 'escalate' AND e.hq_decided_at IS NULL
        AND ($2::uuid IS NULL OR (e.kiosk_id = $2 AND e.application_id = $3::text))
      ORDER BY e.at LIMIT $1`,
    [limit, only?.kioskId ?? null, only?.applicationId ?? null],
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

/** One node of the model's trace as a reviewer reads it: what the node added, and the table rows that matched. */
export interface TraceStep {
  node: string;
  output: unknown;
  rules: string[];
}

/** Why HQ shows no trace for a decision: it never had the input, or no longer has the model version that decided. */
export type TraceMissing = 'no_input' | 'model_unavailable';

export interface EscalationDetail {
  escalation: EscalationRow;
  application: { appliedAt: number; financeProductId: string; lenderId: string; monthlyPaymentFen: number | null; idCardSeen: boolean | null; status: string };
  /** The model's decision that referred it (the latest before the escalation), as HQ holds it. */
  decision: {
    outcome: string;
    status: string;
    offline: boolean;
    decidedBy: 'kiosk' | 'hq';
    score: number;
    limitFen: number;
    amountFinancedFen: number | null;
    modelVersion: string;
    decidedAt: number;
    reasons: string[];
    signals: string[];
  } | null;
  /** The graph's input (ages, bands, counts, flags: its strict schema holds no ID, mobile or name). */
  input: Record<string, unknown> | null;
  trace: TraceStep[] | null;
  traceMissing: TraceMissing | null;
}

interface DetailRow {
  applied_at: string | number;
  finance_product_id: string;
  lender_id: string;
  monthly_payment_fen: string | number | null;
  id_card_seen: boolean | null;
  app_status: string;
  decision_input: Record<string, unknown> | null;
  escalated_input: Record<string, unknown> | null;
  outcome: string | null;
  d_status: string | null;
  offline: boolean | null;
  decided_by: 'kiosk' | 'hq' | null;
  score: number | null;
  limit_fen: string | number | null;
  amount_financed_fen: string | number | null;
  model_version: string | null;
  decided_at: string | number | null;
  reasons: string[] | null;
  signals: string[] | null;
  d_input: Record<string, unknown> | null;
  store_id: string;
}

/**
 * An open escalation with what the credit team decides it on: the model's decision that referred
 * it (reasons, signals, score) and, where HQ holds the graph's input, the model's trace.
 *
 * HQ keeps no trace of its own: a kiosk sends its decision's reasons and signals, and the graph's
 * input only with what it sends up (a pending application, an escalation); HQ's own decisions keep
 * theirs. So the trace is the model
 * run again, with tracing, on the input HQ holds, by the version that decided (a graph is a pure
 * function of its input: the same version on the same input traces the same path). Undecided
 * escalations only (a decided one has left the credit team's list).
 */
export async function escalationDetail(db: Queryable, key: { kioskId: string; applicationId: string }, models: { bundled?: ModelContent }): Promise<EscalationDetail | null> {
  const [open] = await openEscalations(db, 1, key);
  if (!open) return null;
  const [row] = await db.query<DetailRow>(
    `SELECT a.applied_at, a.finance_product_id, a.lender_id, a.monthly_payment_fen, a.id_card_seen, a.status AS app_status, a.decision_input, k.store_id,
            (SELECT e.decision_input FROM hq_staff_decisions e WHERE e.kiosk_id = a.kiosk_id AND e.application_id = a.application_id AND e.decision = 'escalate' LIMIT 1) AS escalated_input,
            d.outcome, d.status AS d_status, d.offline, d.decided_by, d.score, d.limit_fen, d.amount_financed_fen, d.model_version, d.decided_at,
            d.reasons, d.signals, d.input AS d_input
       FROM hq_applications a
       JOIN kiosks k ON k.id = a.kiosk_id
       LEFT JOIN LATERAL (SELECT * FROM hq_decisions x WHERE x.kiosk_id = a.kiosk_id AND x.application_id = a.application_id ORDER BY decided_at DESC, decided_by = 'hq' DESC LIMIT 1) d ON true
      WHERE a.kiosk_id = $1 AND a.application_id = $2`,
    [key.kioskId, key.applicationId],
  );
  if (!row) return null;
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  const decision =
    row.outcome === null
      ? null
      : {
          outcome: row.outcome,
          status: row.d_status ?? '',
          offline: row.offline ?? false,
          decidedBy: row.decided_by ?? 'kiosk',
          score: row.score ?? 0,
          limitFen: num(row.limit_fen) ?? 0,
          amountFinancedFen: num(row.amount_financed_fen),
          modelVersion: row.model_version ?? '',
          decidedAt: num(row.decided_at) ?? 0,
          reasons: row.reasons ?? [],
          signals: row.signals ?? [],
        };
  // HQ's own decision holds the input with its cross-store checks added: what the model saw. A
  // referral the kiosk decided comes with the input it decided on, sent up with the escalation.
  const input = row.d_input ?? row.decision_input ?? row.escalated_input;
  let trace: TraceStep[] | null = null;
  let traceMissing: TraceMissing | null = null;
  if (!input || !decision) traceMissing = 'no_input';
  else {
    const content = await modelOfVersion(db, row.store_id, decision.modelVersion, models.bundled);
    trace = content ? await traceOf(content, input) : null;
    if (!trace) traceMissing = 'model_unavailable';
  }
  return {
    escalation: open,
    application: {
      appliedAt: Number(row.applied_at),
      financeProductId: row.finance_product_id,
      lenderId: row.lender_id,
      monthlyPaymentFen: num(row.monthly_payment_fen),
      idCardSeen: row.id_card_seen,
      status: row.app_status,
    },
    decision,
    input,
    trace,
    traceMissing,
  };
}

/** The decision_models publication (for the store, or all) carrying `version`, else the bundled model when it is that version. */
async function modelOfVersion(db: Queryable, storeId: string, version: string, bundled: ModelContent | undefined): Promise<ModelContent | null> {
  const rows = await db.query<{ body: string }>(
    "SELECT body FROM publications WHERE dataset = 'decision_models' AND scope IN ('all', $1) AND body::jsonb -> 'manifest' ->> 'version' = $2 ORDER BY id DESC LIMIT 1",
    [storeId, version],
  );
  for (const { body } of rows) {
    const parsed = DecisionModelDataset.safeParse(JSON.parse(body));
    if (parsed.success) return { manifest: parsed.data.manifest, graph: parsed.data.graph };
  }
  const manifest = bundled && DecisionManifest.safeParse(bundled.manifest);
  return bundled && manifest?.success && manifest.data.version === version ? bundled : null;
}

/**
 * The graph run on `input` with zen's trace, kept as the kiosk keeps its own (core/credit's
 * decision engine): per node in evaluation order, only what the node added to the context and the
 * rows a decision table matched; the input and output nodes only echo the request and the answer.
 * Null when the graph does not load or the input does not pass the model's schema.
 */
async function traceOf(content: ModelContent, input: Record<string, unknown>): Promise<TraceStep[] | null> {
  const checked = DecisionInputSchema.safeParse(input);
  if (!checked.success) return null;
  const engine = new ZenEngine();
  try {
    const graph = content.graph as { nodes?: Array<{ id: string; type: string }> };
    const edges = new Set((graph.nodes ?? []).filter((n) => n.type === 'inputNode' || n.type === 'outputNode').map((n) => n.id));
    const response = await engine.createDecision(content.graph as object).evaluate(checked.data, { trace: true });
    return readableTrace(response.trace ?? {}, edges).map((step) => ({ ...step, rules: step.rules ?? [] }));
  } catch {
    return null;
  } finally {
    engine.dispose();
  }
}

export interface UndecidedRow {
  kioskId: string;
  storeId: string;
  applicationId: string;
  requestedAmountFen: number;
  termMonths: number;
  appliedAt: number;
  assistedBy: string | null;
}

/**
 * Applications a kiosk left pending whose input reached HQ but that HQ's model did not decide:
 * decidePending (hq/credit/credit.ts) leaves one pending when HQ has no model (none published, none
 * bundled) or the model fails on its input, logs it, and the push goes on. Nothing decides it
 * later by itself (a retried push is a duplicate), so these are the pending applications that need
 * a person at HQ. Oldest first.
 */
export async function undecidedPending(db: Queryable, limit = 200): Promise<UndecidedRow[]> {
  const rows = await db.query<Omit<UndecidedRow, 'requestedAmountFen' | 'appliedAt'> & { requestedAmountFen: string | number; appliedAt: string | number }>(
    `SELECT a.kiosk_id AS "kioskId", k.store_id AS "storeId", a.application_id AS "applicationId", a.requested_amount_fen AS "requestedAmountFen",
            a.term_months AS "termMonths", a.applied_at AS "appliedAt", a.assisted_by AS "assistedBy"
       FROM hq_applications a JOIN kiosks k ON k.id = a.kiosk_id
      WHERE a.status = 'pending' AND a.decision_input IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hq_decisions d WHERE d.kiosk_id = a.kiosk_id AND d.application_id = a.application_id AND d.decided_by = 'hq')
      ORDER BY a.applied_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ ...r, requestedAmountFen: Number(r.requestedAmountFen), appliedAt: Number(r.appliedAt) }));
}
