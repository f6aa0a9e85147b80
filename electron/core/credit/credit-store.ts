import type { ShadowDecision } from '../../contract/credit-model.ts';
import { z } from 'zod';
import { LocalizedText } from '../../contract/catalog.ts';
import { DecisionReason, type ApplicationStatus, type BlocklistDataset, type ConsentKind, type DecisionOutcome, type DecisionSignal, type Employment, type IncomeBand } from '../../contract/credit.ts';
import { Offer } from '../../contract/finance.ts';
import { addMonths } from '../../domain/calendar.ts';
import type { Db } from '../db/database.ts';
import type { Emit } from '../db/outbox.ts';
import type { DecisionFacts } from './decision-input.ts';

/** What the shopper may sign: the requested plan (approve) or the counter-offer. */
export const Approved = z.object({ amountFinancedFen: z.number().int(), downPaymentFen: z.number().int(), offer: Offer });
export type Approved = z.infer<typeof Approved>;

/** What was bought, priced when applying, as the contract and the order repeat it. */
export const StoredPurchase = z.object({
  lines: z.array(z.object({ productId: z.string(), name: LocalizedText, quantity: z.number().int(), unitPriceFen: z.number().int() })),
  subtotalFen: z.number().int(),
  discounts: z.array(z.object({ title: LocalizedText, amountFen: z.number().int() })),
  totalFen: z.number().int(),
});
export type StoredPurchase = z.infer<typeof StoredPurchase>;

/** An application with its decision, as stored. */
export interface ApplicationRecord {
  id: string;
  sessionId: string;
  status: ApplicationStatus;
  offline: boolean;
  locale: string;
  applicantName: string;
  residentIdMasked: string;
  mobileMasked: string;
  purchase: StoredPurchase;
  requestedAmountFen: number;
  financeProductId: string;
  requested: Offer;
  approved: Approved | null;
  storeDate: string;
  subsidyFen: number;
  reasons: DecisionReason[];
  modelVersion: string;
  decidedAt: number;
  /** When staff sent it to HQ's credit team, if they did. */
  escalatedAt: number | null;
}

/** A decision on an application the model left open, by HQ or by staff. */
export interface Settlement {
  outcome: DecisionOutcome;
  status: ApplicationStatus;
  approved: Approved | null;
  reasons: DecisionReason[];
  signals: DecisionSignal[];
  score: number;
  limitFen: number;
  modelVersion: string;
  at: number;
}

/**
 * Settles an application the model left open and tells HQ (its `credit.decision`), inside the
 * caller's transaction: how HQ's decisions and staff's are recorded alike.
 */
export function recordSettlement(store: CreditStore, emit: Emit, id: string, s: Settlement, decidedBy: Record<string, string>): void {
  store.settle(id, s, decidedBy);
  emit({
    topic: 'credit.decision',
    aggregateId: id,
    payload: {
      applicationId: id,
      status: s.status,
      offline: false,
      outcome: s.outcome,
      reasons: s.reasons,
      signals: s.signals,
      score: s.score,
      limitFen: s.limitFen,
      amountFinancedFen: s.approved?.amountFinancedFen ?? null,
      downPaymentFen: s.approved?.downPaymentFen ?? null,
      monthlyPaymentFen: s.approved?.offer.monthlyPaymentFen ?? null,
      modelVersion: s.modelVersion,
      at: s.at,
    },
  });
}

/** An application about to be recorded, with its decision. */
export interface NewApplication {
  id: string;
  sessionId: string;
  requestId: string;
  locale: string;
  status: ApplicationStatus;
  offline: boolean;
  applicantName: string;
  residentIdHmac: string;
  residentIdMasked: string;
  mobileHmac: string;
  mobileMasked: string;
  age: number;
  employment: Employment;
  incomeBand: IncomeBand;
  purchase: StoredPurchase;
  requested: Offer;
  approved: Approved | null;
  storeDate: string;
  subsidyFen: number;
  consents: Record<ConsentKind, string>;
  /** Floor staff who helped, and whether they saw the ID card in person; null when the shopper applied alone. */
  assist: { staffId: string; idCardSeen: boolean } | null;
  decision: {
    outcome: string;
    reasons: DecisionReason[];
    signals: DecisionSignal[];
    score: number;
    limitFen: number;
    modelVersion: string;
    input: unknown;
    trace: unknown;
    /** The challenger's decision in shadow, if the application fell in its share. */
    challenger: ShadowDecision | null;
  };
  at: number;
}

/**
 * What local history says about an applicant at one moment: blocklist hits, velocity counts over
 * the model's windows, and the credit the same person already holds or has asked for. Read once
 * for the decision and again inside the transaction that records it; the two must be equal.
 */
export type CreditHistory = DecisionFacts['history'] & Pick<DecisionFacts, 'exposure'>;

export interface HistoryQuery {
  idHmac: string;
  mobileHmac: string;
  /** Window starts, epoch ms. */
  idSince: number;
  phoneSince: number;
  kioskSince: number;
  /** The store date the application is decided on (exposure: plans whose term has not run out by then). */
  today: string;
}

/** Statuses whose approved credit counts against the kiosk's offline daily cap. */
const LIVE = "('approved', 'counter_offer', 'signed', 'ordered')";

interface ApplicationRow {
  id: string;
  session_id: string;
  status: ApplicationStatus;
  offline: number;
  locale: string;
  applicant_name: string;
  resident_id_masked: string;
  mobile_masked: string;
  purchase: string;
  requested_amount_fen: number;
  finance_product_id: string;
  requested_offer: string;
  approved: string | null;
  store_date: string;
  subsidy_fen: number;
  reasons: string;
  model_version: string;
  decided_at: number;
  escalated_at: number | null;
}

const REFERRAL = `SELECT a.id, a.status, a.requested_amount_fen, a.requested_offer, a.applicant_name, a.mobile_masked, a.created_at,
                          a.escalated_at, a.assisted_by, d.reasons, d.signals,
                          (s.id IS NOT NULL AND s.ended_at IS NULL) AS visit_open, (r.id IS NOT NULL) AS review
                     FROM credit_applications a
                     JOIN credit_decisions d ON d.application_id = a.id
                     LEFT JOIN sessions s ON s.id = a.session_id
                     LEFT JOIN credit_reviews r ON r.application_id = a.id`;

/** An application staff may look at: its decision's reasons and signals, whether its visit is open, whether a review was asked. */
export interface ReferralRow {
  id: string;
  status: ApplicationStatus;
  requested_amount_fen: number;
  requested_offer: string;
  applicant_name: string;
  mobile_masked: string;
  created_at: number;
  escalated_at: number | null;
  assisted_by: string | null;
  reasons: string;
  signals: string;
  visit_open: number;
  review: number;
}

/** The only place credit's SQL lives (applications, consents, decisions, reviews, contracts, blocklist). */
export class CreditStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      blocked: db.prepare('SELECT 1 FROM credit_blocklist WHERE kind = ? AND hmac = ?').pluck(),
      idCount: db.prepare('SELECT COUNT(*) FROM credit_applications WHERE resident_id_hmac = ? AND created_at >= ?').pluck(),
      idOtherMobiles: db
        .prepare('SELECT COUNT(DISTINCT mobile_hmac) FROM credit_applications WHERE resident_id_hmac = ? AND created_at >= ? AND mobile_hmac <> ?')
        .pluck(),
      phoneCount: db.prepare('SELECT COUNT(*) FROM credit_applications WHERE mobile_hmac = ? AND created_at >= ?').pluck(),
      kioskCount: db.prepare('SELECT COUNT(*) FROM credit_applications WHERE created_at >= ?').pluck(),
      // Plans of one identity that still hold credit; pending ones at the amount and payment asked for.
      exposure: db.prepare(
        `SELECT store_date AS storeDate, term_months AS termMonths,
                CASE WHEN status = 'pending' THEN requested_amount_fen ELSE json_extract(approved, '$.amountFinancedFen') END AS financedFen,
                CASE WHEN status = 'pending' THEN json_extract(requested_offer, '$.monthlyPaymentFen') ELSE json_extract(approved, '$.offer.monthlyPaymentFen') END AS monthlyFen
           FROM credit_applications
          WHERE resident_id_hmac = ? AND status IN ('approved', 'counter_offer', 'signed', 'ordered', 'pending')`,
      ),
      offlineUsed: db
        .prepare(
          `SELECT COALESCE(SUM(json_extract(approved, '$.amountFinancedFen')), 0) FROM credit_applications
            WHERE store_date = ? AND offline = 1 AND status IN ${LIVE}`,
        )
        .pluck(),
      record: db.prepare(
        `SELECT a.*, d.reasons, d.model_version, d.decided_at FROM credit_applications a
           JOIN credit_decisions d ON d.application_id = a.id WHERE a.id = ?`,
      ),
      byRequest: db.prepare('SELECT id FROM credit_applications WHERE session_id = ? AND request_id = ?').pluck(),
      unsignedOf: db.prepare("SELECT id FROM credit_applications WHERE session_id = ? AND status IN ('approved', 'counter_offer')").pluck(),
      signedOf: db.prepare("SELECT id FROM credit_applications WHERE session_id = ? AND status = 'signed'").pluck(),
      lapsed: db.prepare("SELECT id FROM credit_applications WHERE store_date < ? AND status IN ('approved', 'counter_offer')").pluck(),
      insertApplication: db.prepare(
        `INSERT INTO credit_applications (id, session_id, request_id, locale, status, offline, applicant_name, resident_id_hmac, resident_id_masked,
           mobile_hmac, mobile_masked, age, employment, income_band, purchase, requested_amount_fen, finance_product_id, lender_id,
           term_months, requested_offer, approved, store_date, subsidy_fen, assisted_by, id_card_seen, created_at, updated_at)
         VALUES (@id, @sessionId, @requestId, @locale, @status, @offline, @name, @idHmac, @idMasked, @mobileHmac, @mobileMasked, @age, @employment,
           @incomeBand, @purchase, @amount, @productId, @lenderId, @term, @requested, @approved, @storeDate, @subsidy, @assistedBy, @idCardSeen, @at, @at)`,
      ),
      insertConsent: db.prepare('INSERT INTO credit_consents (application_id, kind, version, locale, accepted_at) VALUES (?, ?, ?, ?, ?)'),
      decisionInput: db.prepare('SELECT input FROM credit_decisions WHERE application_id = ?').pluck(),
      insertDecision: db.prepare(
        `INSERT INTO credit_decisions (application_id, outcome, reasons, signals, score, limit_fen, model_version, input, trace, challenger, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      setStatus: db.prepare('UPDATE credit_applications SET status = ?, updated_at = ? WHERE id = ?'),
      settleApplication: db.prepare('UPDATE credit_applications SET status = ?, approved = ?, offline = 0, updated_at = ? WHERE id = ?'),
      settleDecision: db.prepare(
        `UPDATE credit_decisions SET outcome = ?, reasons = ?, signals = ?, score = ?, limit_fen = ?, model_version = ?, trace = ?, decided_at = ? WHERE application_id = ?`,
      ),
      review: db.prepare('SELECT id FROM credit_reviews WHERE application_id = ?').pluck(),
      insertReview: db.prepare('INSERT INTO credit_reviews (id, application_id, requested_at) VALUES (?, ?, ?)'),
      contract: db.prepare('SELECT id, cooling_off_until AS coolingOffUntil, signed_at AS signedAt FROM credit_contracts WHERE application_id = ?'),
      signed: db.prepare('SELECT html, locale, signature_png AS signaturePng FROM credit_contracts WHERE id = ?'),
      insertContract: db.prepare(
        `INSERT INTO credit_contracts (id, application_id, locale, html, html_hash, signature_png, contract_hash, cooling_off_until, signed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertRefund: db.prepare(
        `INSERT INTO credit_refunds (application_id, lender_id, amount_fen, due_on, state, requested_at, updated_at) VALUES (?, ?, ?, ?, 'requested', ?, ?)`,
      ),
      // States only move forward: a late copy of "sent" cannot undo "settled".
      advanceRefund: db.prepare(
        `UPDATE credit_refunds SET state = ?, updated_at = ?
          WHERE application_id = ? AND (state = 'requested' OR (state = 'sent' AND ? = 'settled'))`,
      ),
      referrals: db.prepare(
        `${REFERRAL} WHERE a.created_at >= ? AND (a.status IN ('referred', 'pending') OR (a.status = 'declined' AND r.id IS NOT NULL))
          ORDER BY a.created_at DESC LIMIT ?`,
      ),
      referral: db.prepare(`${REFERRAL} WHERE a.id = ?`),
      escalate: db.prepare('UPDATE credit_applications SET escalated_at = ?, updated_at = ? WHERE id = ?'),
      clearBlocklist: db.prepare('DELETE FROM credit_blocklist'),
      insertBlocked: db.prepare('INSERT OR REPLACE INTO credit_blocklist (kind, hmac, reason, added_at) VALUES (?, ?, ?, ?)'),
    };
  }

  history(query: HistoryQuery): CreditHistory {
    const q = this.q;
    return {
      idBlocklisted: q.blocked.get('resident_id', query.idHmac) !== undefined,
      phoneBlocklisted: q.blocked.get('mobile', query.mobileHmac) !== undefined,
      idApplications: q.idCount.get(query.idHmac, query.idSince) as number,
      phoneApplications: q.phoneCount.get(query.mobileHmac, query.phoneSince) as number,
      kioskApplications: q.kioskCount.get(query.kioskSince) as number,
      idOtherMobiles: q.idOtherMobiles.get(query.idHmac, query.idSince, query.mobileHmac) as number,
      exposure: this.exposure(query.idHmac, query.today),
    };
  }

  /** The kiosk sees no repayments, so a plan counts in full until its last installment is due. */
  private exposure(idHmac: string, today: string): CreditHistory['exposure'] {
    const plans = this.q.exposure.all(idHmac) as { storeDate: string; termMonths: number; financedFen: number; monthlyFen: number }[];
    const running = plans.filter((plan) => addMonths(plan.storeDate, plan.termMonths) > today);
    return {
      outstandingFen: running.reduce((sum, plan) => sum + plan.financedFen, 0),
      monthlyPaymentsFen: running.reduce((sum, plan) => sum + plan.monthlyFen, 0),
    };
  }

  /** Credit approved offline on a store date and still live (the kiosk's offline daily cap). */
  offlineApprovedFen(storeDate: string): number {
    return this.q.offlineUsed.get(storeDate) as number;
  }

  applicationFor(sessionId: string, requestId: string): string | undefined {
    return this.q.byRequest.get(sessionId, requestId) as string | undefined;
  }

  application(id: string): ApplicationRecord | null {
    const row = this.q.record.get(id) as ApplicationRow | undefined;
    if (!row) return null;
    return {
      id: row.id,
      sessionId: row.session_id,
      status: row.status,
      offline: row.offline === 1,
      locale: row.locale,
      applicantName: row.applicant_name,
      residentIdMasked: row.resident_id_masked,
      mobileMasked: row.mobile_masked,
      purchase: StoredPurchase.parse(JSON.parse(row.purchase)),
      requestedAmountFen: row.requested_amount_fen,
      financeProductId: row.finance_product_id,
      requested: Offer.parse(JSON.parse(row.requested_offer)),
      approved: row.approved ? Approved.parse(JSON.parse(row.approved)) : null,
      storeDate: row.store_date,
      subsidyFen: row.subsidy_fen,
      // Decisions of an earlier model may hold codes that are signals now: the shopper is shown reasons only.
      reasons: (JSON.parse(row.reasons) as string[]).filter((r): r is DecisionReason => DecisionReason.safeParse(r).success),
      modelVersion: row.model_version,
      decidedAt: row.decided_at,
      escalatedAt: row.escalated_at,
    };
  }

  /** The application, its consents and its decision; call inside the transaction that emits their outbox rows. */
  insertApplication(a: NewApplication): void {
    const q = this.q;
    q.insertApplication.run({
      id: a.id,
      sessionId: a.sessionId,
      requestId: a.requestId,
      locale: a.locale,
      status: a.status,
      offline: a.offline ? 1 : 0,
      name: a.applicantName,
      idHmac: a.residentIdHmac,
      idMasked: a.residentIdMasked,
      mobileHmac: a.mobileHmac,
      mobileMasked: a.mobileMasked,
      age: a.age,
      employment: a.employment,
      incomeBand: a.incomeBand,
      purchase: JSON.stringify(a.purchase),
      amount: a.purchase.totalFen,
      productId: a.requested.productId,
      lenderId: a.requested.lenderId,
      term: a.requested.termMonths,
      requested: JSON.stringify(a.requested),
      approved: a.approved ? JSON.stringify(a.approved) : null,
      storeDate: a.storeDate,
      subsidy: a.subsidyFen,
      assistedBy: a.assist?.staffId ?? null,
      idCardSeen: a.assist ? (a.assist.idCardSeen ? 1 : 0) : null,
      at: a.at,
    });
    for (const [kind, version] of Object.entries(a.consents)) q.insertConsent.run(a.id, kind, version, a.locale, a.at);
    const d = a.decision;
    q.insertDecision.run(a.id, d.outcome, JSON.stringify(d.reasons), JSON.stringify(d.signals), d.score, d.limitFen, d.modelVersion, JSON.stringify(d.input), JSON.stringify(d.trace ?? null), d.challenger ? JSON.stringify(d.challenger) : null, a.at);
  }

  /**
   * HQ or staff decided an application the model left open: its status and what may be signed,
   * and the decision row rewritten with that outcome. The kiosk's input stays (HQ holds the input
   * with its cross-store checks added); the trace says who decided. Call inside the transaction
   * that emits the outbox row.
   */
  settle(
    id: string,
    d: Settlement,
    /** Who decided, in place of the model's trace: `{ decidedBy: 'hq' }`, or staff with their reason. */
    decidedBy: Record<string, string>,
  ): void {
    this.q.settleApplication.run(d.status, d.approved ? JSON.stringify(d.approved) : null, d.at, id);
    this.q.settleDecision.run(d.outcome, JSON.stringify(d.reasons), JSON.stringify(d.signals), d.score, d.limitFen, d.modelVersion, JSON.stringify(decidedBy), d.at, id);
  }

  /** The lender's money for a cancelled agreement, due back on `dueOn` (call inside the cancellation's transaction). */
  insertRefund(applicationId: string, refund: { lenderId: string; amountFen: number; dueOn: string }, at: number): void {
    this.q.insertRefund.run(applicationId, refund.lenderId, refund.amountFen, refund.dueOn, at, at);
  }

  /** HQ sent the refund in the lender's file, or the lender settled it. False when it moved no state. */
  advanceRefund(applicationId: string, state: 'sent' | 'settled', at: number): boolean {
    return this.q.advanceRefund.run(state, at, applicationId, state).changes > 0;
  }

  /** Since `since`: referred and pending applications, and declines whose customer asked for a person; the newest first. */
  referrals(since: number, max: number): ReferralRow[] {
    return this.q.referrals.all(since, max) as ReferralRow[];
  }

  referral(id: string): ReferralRow | undefined {
    return this.q.referral.get(id) as ReferralRow | undefined;
  }

  /** Sent up to HQ's credit team. */
  escalate(id: string, at: number): void {
    this.q.escalate.run(at, at, id);
  }

  /** The graph's input the model decided an application on (JSON as stored), if it has a decision. */
  decisionInput(id: string): unknown {
    const input = this.q.decisionInput.get(id) as string | undefined;
    return input === undefined ? undefined : JSON.parse(input);
  }

  /** HQ moved a refund on: recorded in the transaction that marks its message handled. */
  refundUpdated(message: { applicationId: string; state: 'sent' | 'settled' }, handled: () => void, at: number): void {
    this.db.transaction(() => {
      handled();
      this.advanceRefund(message.applicationId, message.state, at);
    })();
  }

  setStatus(id: string, status: ApplicationStatus, at: number): void {
    this.q.setStatus.run(status, at, id);
  }

  unsignedOfSession(sessionId: string): string[] {
    return this.q.unsignedOf.all(sessionId) as string[];
  }

  /** Agreements of a visit signed but not (yet) turned into an order. */
  signedOfSession(sessionId: string): string[] {
    return this.q.signedOf.all(sessionId) as string[];
  }

  /** Approvals left unsigned from a store day before `today`. */
  lapsedBefore(today: string): string[] {
    return this.q.lapsed.all(today) as string[];
  }

  reviewOf(applicationId: string): string | undefined {
    return this.q.review.get(applicationId) as string | undefined;
  }

  insertReview(id: string, applicationId: string, at: number): void {
    this.q.insertReview.run(id, applicationId, at);
  }

  contractOf(applicationId: string): { id: string; coolingOffUntil: string; signedAt: number } | undefined {
    return this.q.contract.get(applicationId) as { id: string; coolingOffUntil: string; signedAt: number } | undefined;
  }

  insertContract(c: { id: string; applicationId: string; locale: string; html: string; htmlHash: string; signaturePng: Buffer; contractHash: string; coolingOffUntil: string; signedAt: number }): void {
    this.q.insertContract.run(c.id, c.applicationId, c.locale, c.html, c.htmlHash, c.signaturePng, c.contractHash, c.coolingOffUntil, c.signedAt);
  }

  signedContract(contractId: string): { html: string; locale: string; signaturePng: Buffer } | null {
    return (this.q.signed.get(contractId) as { html: string; locale: string; signaturePng: Buffer } | undefined) ?? null;
  }

  replaceBlocklist(entries: BlocklistDataset['entries'], at: number): void {
    this.q.clearBlocklist.run();
    for (const e of entries) this.q.insertBlocked.run(e.kind, e.hmac, e.reason, at);
  }
}
