import type { Logger } from 'pino';
import type { DecisionInputWire } from '../../electron/contract/credit-model.ts';
import { withCrossStore } from '../../electron/domain/credit-decision.ts';
import type { CreditCheckRequest } from '../../electron/contract/sync.ts';
import type { Queryable } from '../db/database.ts';
import { CentralBlocklist, crossStore, type CrossStore } from './checks.ts';
import { HqModels, type ModelContent } from './model.ts';

/** The model's outcome → the application's status at HQ, and the status the kiosk message says. */
const STATUS = {
  approve: { hq: 'approved', message: 'approved' },
  counter_offer: { hq: 'counter_offer', message: 'counter_offered' },
  refer: { hq: 'referred', message: 'referred' },
  decline: { hq: 'declined', message: 'declined' },
} as const;

export interface HqCreditOptions {
  /** The bundled default model (resources/decision-models), used until HQ publishes one. */
  bundledModel?: ModelContent;
  log?: Logger | false;
}

/**
 * Credit at HQ (issue 9 item 5): cross-store checks for a kiosk deciding now, and the decision on
 * an application a kiosk left pending. One per HQ process; its caches (loaded graphs, the parsed
 * blocklist) are keyed by publication id, so several processes on one database agree.
 */
export class HqCredit {
  private readonly models: HqModels;
  private readonly blocklist = new CentralBlocklist();

  constructor(private readonly o: HqCreditOptions = {}) {
    this.models = new HqModels(o.bundledModel);
  }

  check(q: Queryable, kiosk: { kioskId: string; storeId: string }, request: CreditCheckRequest, now: number): Promise<CrossStore> {
    return crossStore(q, this.blocklist, { ...kiosk, ...request, now });
  }

  /**
   * Decides a pending application, inside the push transaction that took its `credit.pending` item.
   *
   * Why there and not in a job: the decision, its hq_decisions row and the kiosk message commit
   * with the item or not at all, so every pending application is decided exactly once (a retried
   * push is a duplicate and decides nothing; the unique index on HQ decisions holds against two
   * HQ processes), with no queue, worker or schedule to run and watch (DESIGN.md §9: no home-made
   * queues). The cost is one graph evaluation (about a millisecond) per pending item in a push.
   * A model that fails to evaluate leaves the application pending at HQ, logged, and the push
   * goes on: the kiosk's stream never blocks on a decision.
   *
   * The input is the kiosk's, with HQ's cross-store counts, exposure and blocklist added to its
   * local ones; the graph is the newest published for the kiosk's store, else the bundled one.
   */
  async decidePending(tx: Queryable, kioskId: string, applicationId: string, input: DecisionInputWire, now: number): Promise<'decided' | 'undecided'> {
    const [app] = await tx.query<{ store_id: string; resident_id_hmac: string | null; mobile_hmac: string | null }>(
      `SELECT k.store_id, a.resident_id_hmac, a.mobile_hmac FROM hq_applications a JOIN kiosks k ON k.id = a.kiosk_id
        WHERE a.kiosk_id = $1 AND a.application_id = $2`,
      [kioskId, applicationId],
    );
    if (!app) return 'undecided';
    const model = await this.models.forStore(tx, app.store_id);
    if (!model) {
      this.warn({ kioskId, applicationId }, 'no decision model at HQ (none published, none bundled): the application stays pending');
      return 'undecided';
    }
    let full = input;
    if (app.resident_id_hmac && app.mobile_hmac) {
      const remote = await this.check(tx, { kioskId, storeId: app.store_id }, { residentIdHmac: app.resident_id_hmac, mobileHmac: app.mobile_hmac, windows: model.velocity }, now);
      full = withCrossStore(input, remote);
    }
    let decision;
    try {
      decision = await model.evaluate(full);
    } catch (error) {
      this.warn({ kioskId, applicationId, modelVersion: model.version, err: error }, 'the model could not decide a pending application; it stays pending');
      return 'undecided';
    }
    const status = STATUS[decision.outcome];
    const amountFinancedFen = decision.outcome === 'approve' ? input.application.amountFen : decision.outcome === 'counter_offer' ? (decision.maxFinancedFen ?? null) : null;
    const inserted = await tx.query(
      `INSERT INTO hq_decisions (kiosk_id, item_id, application_id, status, offline, outcome, reasons, signals, score, limit_fen, amount_financed_fen,
         down_payment_fen, monthly_payment_fen, model_version, decided_at, decided_by, input)
       VALUES ($1, $2, $3, $4, false, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13, $14, 'hq', $15::jsonb)
       ON CONFLICT DO NOTHING RETURNING item_id`,
      [
        kioskId,
        `hq:${applicationId}`,
        applicationId,
        status.hq,
        decision.outcome,
        JSON.stringify(decision.reasons),
        JSON.stringify(decision.signals),
        decision.score,
        decision.limitFen,
        amountFinancedFen,
        amountFinancedFen === null ? null : input.application.amountFen - amountFinancedFen,
        decision.outcome === 'approve' ? input.application.monthlyPaymentFen : null,
        decision.modelVersion,
        now,
        JSON.stringify(full),
      ],
    );
    if (inserted.length === 0) return 'decided';
    // What the kiosk reports next (its credit.decision on receiving this) moves the status on by seq.
    await tx.query("UPDATE hq_applications SET status = $3, outcome = $4 WHERE kiosk_id = $1 AND application_id = $2 AND status = 'pending'", [kioskId, applicationId, status.hq, decision.outcome]);
    const message = {
      applicationId,
      status: status.message,
      reasons: decision.reasons,
      signals: decision.signals,
      score: decision.score,
      limitFen: decision.limitFen,
      maxFinancedFen: decision.maxFinancedFen,
      modelVersion: decision.modelVersion,
      at: now,
    };
    await tx.query("INSERT INTO kiosk_messages (kiosk_id, kind, payload, created_at) VALUES ($1, 'credit.decided', $2::jsonb, $3)", [kioskId, JSON.stringify(message), now]);
    return 'decided';
  }

  dispose(): void {
    this.models.dispose();
  }

  private warn(fields: object, message: string): void {
    if (this.o.log) this.o.log.warn(fields, message);
  }
}
