import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { ChannelResponse } from '../../contract/api.ts';
import { CONSENTS, DecisionReason, DecisionSignal, type ApplicationStatus, type ApplicationView, type ApplyRequest, type WithdrawReason } from '../../contract/credit.ts';
import type { KioskMessageOf } from '../../contract/sync.ts';
import { withCrossStore } from '../../domain/credit-decision.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import type { Offer } from '../../contract/finance.ts';
import { checkResidentId, maskMobile, maskResidentId, normaliseMobile } from '../../domain/identity.ts';
import { storeDate } from '../../domain/promotions.ts';
import { pricePurchase } from '../cart/quote.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox, type Emit } from '../db/outbox.ts';
import type { FinanceStore } from '../finance/finance-store.ts';
import type { Logger } from '../logger.ts';
import type { StaffAudit } from '../staff/audit.ts';
import type { Sessions } from '../session/sessions.ts';
import type { CreditCheck } from '../sync/sync-service.ts';
import { recordSettlement, type Approved, type CreditHistory, type CreditStore, type HistoryQuery, type StoredPurchase } from './credit-store.ts';
import type { ShadowDecision } from '../../contract/credit-model.ts';
import type { ModelSlot } from './model-slot.ts';
import { decisionInput } from './decision-input.ts';
import type { FaceFacts } from './decision-types.ts';
import type { DecisionInput, DecisionResult } from './decision-types.ts';
import type { IdentityHasher } from './identity-key.ts';

export interface ApplicationDeps {
  db: Db;
  now: () => number;
  log: Logger;
  store: CreditStore;
  sessions: Sessions;
  catalog: CatalogStore;
  finance: FinanceStore;
  model: ModelSlot;
  hasher: IdentityHasher;
  /**
   * HQ's cross-store checks for the applicant (identity HMACs under the fleet key), waited for a
   * short time: `offline` when HQ did not answer in time, and the offline rules apply (DESIGN.md §5);
   * `standalone` for a kiosk with no HQ, which decides on local history alone, as before.
   */
  hqCheck: (request: { residentIdHmac: string; mobileHmac: string; windows: { idWindowHours: number; phoneWindowHours: number } }) => Promise<CreditCheck>;
  /**
   * Whether offline approval is allowed at all (fail closed, DESIGN.md §7): not while the kiosk is
   * not enrolled, revoked, or its blocklist or model is older than HQ's policy. Read inside the
   * transaction that records the decision.
   */
  offlineApproval: () => { allowed: true } | { allowed: false; reason: string };
  /** Where an assisted application is recorded as the staff member's action. */
  staffAudit: StaffAudit;
  /**
   * The face check (core/face): judged before any history is read, and its face kept in the
   * application's transaction. Without the shopper's agreement it says `not_used`.
   */
  face: FaceCheck;
}

export interface FaceCheck {
  check(sessionId: string, idHmac: string, face: ApplyInput['face']): ApiResult<FaceChecked>;
}

export interface FaceChecked {
  facts: FaceFacts;
  /** Inside the application's write: keeps what core/face keeps of the check with the application. */
  keep(applicationId: string, at: number): void;
}

/** The staff member helping with an application (from the staff session) and what they confirmed. */
interface Assist {
  staffId: string;
  idCardSeen: boolean;
}

type ApplyInput = z.output<typeof ApplyRequest>;

/** An application checked and priced, before any history is read. */
interface Checked {
  purchase: StoredPurchase;
  amountFen: number;
  categoryIds: string[];
  offer: Offer;
  /** From the checked resident ID: the decision input derives ages from it. */
  birthDate: string;
  idHmac: string;
  mobileHmac: string;
  /** Normalised; only its mask is ever stored. */
  mobile: string;
  face: FaceChecked;
}

type Recorded =
  | { kind: 'recorded'; id: string; status: ApplicationStatus }
  /** The same submission was recorded meanwhile (a double tap, a retried request). */
  | { kind: 'earlier'; id: string }
  /** History changed between the decision and the write (another process): decide again. */
  | { kind: 'stale' }
  | { kind: 'refused'; result: ApiResult<never> };

const MAX_REASONS = 4;
/** Statuses that took the finance product's daily quota (and subsidy) when recorded. */
const HOLDS_USAGE: readonly ApplicationStatus[] = ['approved', 'counter_offer', 'pending'];
/** Automated outcomes a person can be asked to look at again (PIPL art. 24). */
const REVIEWABLE: readonly ApplicationStatus[] = ['declined', 'referred', 'counter_offer'];
/** Attempts at deciding against history that keeps changing under us before giving up. */
const MAX_ATTEMPTS = 3;

/**
 * Credit applications (DESIGN.md §5): checked, decided by the model against local history, and
 * recorded with their outbox rows before the answer goes back.
 *
 * Anything that decides (velocity, exposure, quota, the offline cap) is read inside the
 * transaction that records the decision. The model is awaited, so applications are decided one
 * at a time in this process, and the history the decision used is read again inside the write:
 * if another writer changed it in between, the application is decided again.
 */
export class Applications {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: ApplicationDeps) {}

  /** `staffId`: the signed-in staff member making the call, if any (an assisted application needs one). */
  async apply(req: ApplyInput, staffId: string | null = null): Promise<ApiResult<ChannelResponse<'applyForCredit'>>> {
    if (req.assist && staffId === null) return fail('FORBIDDEN', 'an assisted application needs a staff session', 'assist');
    const assist = req.assist && staffId !== null ? { staffId, idCardSeen: req.assist.idCardSeen } : null;
    // A retry of a request that was answered (or committed and then lost) gets the same application.
    const earlier = this.d.store.applicationFor(req.sessionId, req.requestId);
    if (earlier) return this.answer(earlier);
    const checked = this.check(req);
    if (!checked.ok) return checked;
    return this.serially(() => this.decideAndRecord(req, checked.data, assist));
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Everything that needs no history: consents, identity checks, pricing, the plan re-quoted now. */
  private check(req: ApplyInput): ApiResult<Checked> {
    const { d } = this;
    for (const kind of ['credit_assessment', 'personal_data'] as const) {
      if (req.consents[kind] !== CONSENTS[kind].version) return fail('CONSENT_OUTDATED', `consent ${kind} is not the current text`, `consents.${kind}`);
    }
    const today = storeDate(d.now());
    const id = checkResidentId(req.applicant.residentId, today);
    if (!id.ok) return fail(id.code, 'resident ID rejected', 'applicant.residentId');
    const mobile = normaliseMobile(req.applicant.mobile);
    if (mobile === null) return fail('MOBILE_FORMAT', 'mobile number rejected', 'applicant.mobile');

    const priced = pricePurchase(d.catalog, d.now, req.purchase);
    if (!priced.ok) return fail(priced.error.code, priced.error.message, priced.error.field ? `purchase.${priced.error.field}` : 'purchase');
    const { categoryIds, ...purchase } = priced.data;
    const amountFen = purchase.totalFen;
    const offer = d.finance.offer(amountFen, categoryIds, req.plan.productId, req.plan.termMonths);
    if (!offer) return fail('PLAN_UNAVAILABLE', `plan ${req.plan.productId}/${req.plan.termMonths} is not offered for this amount`, 'plan');
    const idHmac = d.hasher.residentId(req.applicant.residentId);
    const face = d.face.check(req.sessionId, idHmac, req.face);
    if (!face.ok) return face;
    return ok({
      purchase,
      amountFen,
      categoryIds,
      offer,
      birthDate: id.birthDate,
      idHmac,
      mobileHmac: d.hasher.mobile(mobile),
      mobile,
      face: face.data,
    });
  }

  /** The decision the model would make now, writing nothing (what the decision benchmark times). */
  async assess(req: ApplyInput): Promise<ApiResult<{ input: DecisionInput; decision: DecisionResult; challenger: ShadowDecision | null }>> {
    const checked = this.check(req);
    if (!checked.ok) return checked;
    const { input, decision, challenger } = await this.decide(req, checked.data, null);
    return ok({ input, decision, challenger });
  }

  /** HQ's signals from every other kiosk, added to the local ones; null when HQ did not answer (or there is none). */
  private async decide(req: ApplyInput, c: Checked, remote: Extract<CreditCheck, { kind: 'online' }>['remote'] | null) {
    const query = this.historyQuery(c, this.d.now());
    const history = this.d.store.history(query);
    const { idOtherMobiles, exposure, ...counts } = history;
    const local = decisionInput({
      storeDate: query.today,
      amountFen: c.amountFen,
      offer: c.offer,
      applicant: { birthDate: c.birthDate, employment: req.applicant.employment, incomeBand: req.applicant.incomeBand },
      history: { ...counts, idOtherMobiles },
      exposure,
      face: c.face.facts,
    });
    const input = remote ? withCrossStore(local, remote) : local;
    // The challenger (if this application is in its share) runs beside the champion, not after it.
    const [decision, challenger] = await Promise.all([this.d.model.evaluate(input), this.d.model.shadow(input, `${req.sessionId}/${req.requestId}`)]);
    return { query, history, input, decision, challenger };
  }

  private async decideAndRecord(req: ApplyInput, c: Checked, assist: Assist | null): Promise<ApiResult<ChannelResponse<'applyForCredit'>>> {
    const { d } = this;
    // Asked once per application, before deciding: HQ's view changes only as other stores push, so
    // a retry after a local race (stale) reuses it. Only an enrolled kiosk asks, and enrolment
    // put it on the fleet key, so HQ matches the hashes and the demo key's never leave.
    const { velocity } = d.model;
    const check = await d.hqCheck({ residentIdHmac: c.idHmac, mobileHmac: c.mobileHmac, windows: { idWindowHours: velocity.idWindowHours, phoneWindowHours: velocity.phoneWindowHours } });
    const offline = check.kind === 'offline';
    const remote = check.kind === 'online' ? check.remote : null;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { query, history, input, decision, challenger } = await this.decide(req, c, remote);
      const recorded = writeWithOutbox(d.db, d.now, (emit) => this.record(req, c, query, history, input, { ...decision, challenger }, offline, assist, emit));
      if (recorded.kind === 'stale') continue;
      if (recorded.kind === 'refused') return recorded.result;
      if (recorded.kind === 'recorded') {
        // No ID or phone in the log, masked or not: the application id is enough to find the row.
        d.log.info({ applicationId: recorded.id, status: recorded.status, outcome: decision.outcome, offline }, 'credit application decided');
      }
      return this.answer(recorded.id);
    }
    d.log.warn({ attempts: MAX_ATTEMPTS }, 'credit history kept changing while deciding; application not recorded');
    return fail('UNAVAILABLE', 'the kiosk is busy; try again');
  }

  private historyQuery(c: Checked, at: number): HistoryQuery {
    const { velocity } = this.d.model;
    return {
      idHmac: c.idHmac,
      mobileHmac: c.mobileHmac,
      idSince: at - velocity.idWindowHours * 3_600_000,
      phoneSince: at - velocity.phoneWindowHours * 3_600_000,
      kioskSince: at - velocity.kioskWindowMinutes * 60_000,
      today: storeDate(at),
    };
  }

  /** Inside the write transaction: re-checks what the decision assumed, then records it. */
  private record(
    req: ApplyInput,
    c: Checked,
    query: HistoryQuery,
    history: CreditHistory,
    input: DecisionInput,
    decision: DecisionResult & { challenger: ShadowDecision | null },
    offline: boolean,
    assist: Assist | null,
    emit: Emit,
  ): Recorded {
    const { d } = this;
    const earlier = d.store.applicationFor(req.sessionId, req.requestId);
    if (earlier) return { kind: 'earlier', id: earlier };
    if (!d.sessions.isOpen(req.sessionId)) return { kind: 'refused', result: fail('SESSION_ENDED', 'the visit this application belongs to has ended', 'sessionId') };
    if (!sameHistory(history, d.store.history(query))) return { kind: 'stale' };
    const at = d.now();
    const today = storeDate(at);
    // Quota, subsidy budget and the offline daily cap are read and taken with nothing in between.
    if (!d.finance.offer(c.amountFen, c.categoryIds, c.offer.productId, c.offer.termMonths)) {
      return { kind: 'refused', result: fail('PLAN_UNAVAILABLE', 'the plan was taken up while the application was decided', 'plan') };
    }
    const outcome = this.settle(decision, c, offline, today);
    const id = uuidv7();
    d.store.insertApplication({
      id,
      sessionId: req.sessionId,
      requestId: req.requestId,
      locale: req.locale,
      status: outcome.status,
      offline,
      applicantName: req.applicant.name,
      residentIdHmac: c.idHmac,
      residentIdMasked: maskResidentId(req.applicant.residentId),
      mobileHmac: c.mobileHmac,
      mobileMasked: maskMobile(c.mobile),
      age: input.applicant.age,
      employment: req.applicant.employment,
      incomeBand: req.applicant.incomeBand,
      purchase: c.purchase,
      requested: c.offer,
      approved: outcome.approved,
      storeDate: today,
      subsidyFen: outcome.subsidyFen,
      consents: { ...req.consents },
      assist,
      decision: {
        outcome: decision.outcome,
        reasons: outcome.reasons,
        signals: outcome.signals,
        score: decision.score,
        limitFen: decision.limitFen,
        modelVersion: decision.modelVersion,
        input,
        trace: decision.trace,
        challenger: decision.challenger,
      },
      at,
    });
    c.face.keep(id, at);
    // Quota and subsidy are taken by every application that goes to the lender.
    if (HOLDS_USAGE.includes(outcome.status)) d.finance.recordApplication(c.offer.productId, outcome.subsidyFen);
    emit({
      topic: 'credit.application',
      aggregateId: id,
      payload: {
        applicationId: id,
        sessionId: req.sessionId,
        requestedAmountFen: c.amountFen,
        financeProductId: c.offer.productId,
        lenderId: c.offer.lenderId,
        termMonths: c.offer.termMonths,
        monthlyPaymentFen: c.offer.monthlyPaymentFen,
        // HQ matches these across stores; hashes under the demo key (shipped in the app) stay here.
        ...(d.hasher.onFleetKey ? { residentIdHmac: c.idHmac, mobileHmac: c.mobileHmac } : {}),
        ...(assist ? { assistedBy: assist.staffId, idCardSeen: assist.idCardSeen } : {}),
        consents: { ...req.consents },
        at,
      },
    });
    if (assist) d.staffAudit.record(emit, at, assist.staffId, 'assisted_application', { applicationId: id, idCardSeen: assist.idCardSeen });
    emit({
      topic: 'credit.decision',
      aggregateId: id,
      payload: {
        applicationId: id,
        status: outcome.status,
        offline,
        outcome: decision.outcome,
        reasons: outcome.reasons,
        signals: outcome.signals,
        score: decision.score,
        limitFen: decision.limitFen,
        amountFinancedFen: outcome.approved?.amountFinancedFen ?? null,
        downPaymentFen: outcome.approved?.downPaymentFen ?? null,
        monthlyPaymentFen: outcome.approved?.offer.monthlyPaymentFen ?? null,
        modelVersion: decision.modelVersion,
        ...(decision.challenger ? { challenger: decision.challenger } : {}),
        at,
      },
    });
    // HQ decides it with the same model once it arrives; the graph's input is all it needs, and
    // its strict schema (contract/credit-model.ts) keeps any identifier out.
    if (outcome.status === 'pending') emit({ topic: 'credit.pending', aggregateId: id, payload: { applicationId: id, input, at } });
    return { kind: 'recorded', id, status: outcome.status };
  }

  /**
   * From the model's outcome to the application's status. Offline, an approval stands only for an
   * offline-approvable product under its cap and the kiosk's daily cap; otherwise it is pending
   * until HQ decides. Declines and referrals stand offline too: they need no lender.
   */
  private settle(
    decision: DecisionResult,
    c: Checked,
    offline: boolean,
    today: string,
  ): { status: ApplicationStatus; approved: Approved | null; reasons: DecisionReason[]; signals: DecisionSignal[]; subsidyFen: number } {
    const { offer, amountFen, categoryIds } = c;
    const reasons = decision.reasons.slice(0, MAX_REASONS);
    const { signals } = decision;
    if (decision.outcome === 'decline') return { status: 'declined', approved: null, reasons, signals, subsidyFen: 0 };
    if (decision.outcome === 'refer') return { status: 'referred', approved: null, reasons, signals, subsidyFen: 0 };

    let approved: Approved = { amountFinancedFen: amountFen, downPaymentFen: 0, offer };
    if (decision.outcome === 'counter_offer') {
      const financed = Math.min(decision.maxFinancedFen ?? 0, amountFen);
      const counter = financed > 0 ? this.d.finance.offer(financed, categoryIds, offer.productId, offer.termMonths) : null;
      // The lender's product cannot finance the smaller amount: a person has to look at it.
      if (!counter) return { status: 'referred', approved: null, reasons, signals: [...signals, 'MANUAL_REVIEW'], subsidyFen: 0 };
      approved = { amountFinancedFen: financed, downPaymentFen: amountFen - financed, offer: counter };
    }
    if (offline && !this.d.offlineApproval().allowed) {
      return { status: 'pending', approved: null, reasons: ['OFFLINE_APPROVAL_OFF'], signals, subsidyFen: offer.subsidyFen };
    }
    if (offline) {
      const blocked: DecisionReason[] = [];
      const cap = this.d.finance.offlineCapFen(offer.productId);
      if (cap === null) blocked.push('OFFLINE_PRODUCT_NOT_ELIGIBLE');
      else if (approved.amountFinancedFen > cap) blocked.push('OFFLINE_AMOUNT_OVER_CAP');
      const used = this.d.store.offlineApprovedFen(today);
      if (used + approved.amountFinancedFen > this.d.finance.offlineDailyCapFen()) blocked.push('OFFLINE_DAILY_CAP_REACHED');
      // The model's own reasons (e.g. a down payment) are not what the shopper is waiting for.
      if (blocked.length > 0) return { status: 'pending', approved: null, reasons: blocked, signals, subsidyFen: offer.subsidyFen };
    }
    return { status: decision.outcome === 'approve' ? 'approved' : 'counter_offer', approved, reasons, signals, subsidyFen: approved.offer.subsidyFen };
  }

  private answer(applicationId: string): ApiResult<ChannelResponse<'applyForCredit'>> {
    const view = this.view(applicationId);
    if (!view) throw new Error(`application ${applicationId} vanished after commit`);
    return ok({ application: view });
  }

  /** The application as the shopper may see it (masks only), or null. */
  view(applicationId: string): ApplicationView | null {
    const a = this.d.store.application(applicationId);
    if (!a) return null;
    return {
      applicationId: a.id,
      reference: reference(a.id),
      status: a.status,
      requestedAmountFen: a.requestedAmountFen,
      requested: a.requested,
      approved: a.approved,
      reasons: a.reasons,
      humanReviewAvailable: REVIEWABLE.includes(a.status),
      offline: a.offline,
      applicant: { name: a.applicantName, residentIdMasked: a.residentIdMasked, mobileMasked: a.mobileMasked },
      modelVersion: a.modelVersion,
      decidedAt: a.decidedAt,
    };
  }

  /**
   * HQ's decision on an application this kiosk left pending (a `credit.decided` message), applied
   * in one transaction with its outbox row and the message marked handled. Settled as the kiosk
   * settles its own online decisions: an approval is the plan applied for, a counter-offer is
   * re-quoted at the smaller amount (referred when the product cannot finance it); a decline or
   * referral gives back the daily quota and subsidy the pending application held. Anything not
   * pending any more (withdrawn, or this message seen before) is left as it is.
   */
  decidedAtHq(message: KioskMessageOf<'credit.decided'>, handled: () => void): void {
    const { d } = this;
    const settled = writeWithOutbox(d.db, d.now, (emit) => {
      handled();
      const a = d.store.application(message.applicationId);
      // Pending: decided by HQ's model; referred and sent up by staff: by HQ's credit team.
      if (!a || !(a.status === 'pending' || (a.status === 'referred' && a.escalatedAt !== null))) return null;
      const at = d.now();
      const reasons = message.reasons.filter((r): r is DecisionReason => DecisionReason.safeParse(r).success).slice(0, MAX_REASONS);
      const signals = (message.signals ?? []).filter((s): s is DecisionSignal => DecisionSignal.safeParse(s).success);
      let status: ApplicationStatus;
      let approved: Approved | null = null;
      let outcome: 'approve' | 'counter_offer' | 'refer' | 'decline';
      switch (message.status) {
        case 'approved':
          outcome = 'approve';
          status = 'approved';
          approved = { amountFinancedFen: a.requestedAmountFen, downPaymentFen: 0, offer: a.requested };
          break;
        case 'counter_offered': {
          outcome = 'counter_offer';
          const financed = Math.min(message.maxFinancedFen ?? 0, a.requestedAmountFen);
          const categoryIds = [...new Set(d.catalog.sellable(a.purchase.lines.map((l) => l.productId)).map((p) => p.categoryId))];
          const counter = financed > 0 ? d.finance.offer(financed, categoryIds, a.requested.productId, a.requested.termMonths) : null;
          if (counter) {
            status = 'counter_offer';
            approved = { amountFinancedFen: financed, downPaymentFen: a.requestedAmountFen - financed, offer: counter };
          } else {
            status = 'referred';
            signals.push('MANUAL_REVIEW');
          }
          break;
        }
        case 'referred':
          outcome = 'refer';
          status = 'referred';
          break;
        case 'declined':
          outcome = 'decline';
          status = 'declined';
          break;
      }
      // A pending application held the plan's quota and subsidy; a referral sent up held none.
      const held = a.status === 'pending';
      const holds = status === 'approved' || status === 'counter_offer';
      if (held && !holds) d.finance.releaseApplication(a.financeProductId, a.subsidyFen, a.storeDate);
      if (!held && holds) d.finance.recordApplication(a.financeProductId, a.subsidyFen);
      const decision = { outcome, status, approved, reasons, signals, score: message.score ?? 0, limitFen: message.limitFen ?? 0, modelVersion: message.modelVersion, at };
      recordSettlement(d.store, emit, a.id, decision, { decidedBy: 'hq' });
      return status;
    });
    if (settled) d.log.info({ applicationId: message.applicationId, status: settled, modelVersion: message.modelVersion }, 'pending credit application decided at HQ');
  }

  requestReview(applicationId: string): ApiResult<ChannelResponse<'requestHumanReview'>> {
    const { d } = this;
    const view = this.view(applicationId);
    if (!view) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (!view.humanReviewAvailable) return fail('APPLICATION_STATE', `application is ${view.status}`, 'applicationId');
    const reviewId = writeWithOutbox(d.db, d.now, (emit) => {
      const existing = d.store.reviewOf(applicationId);
      if (existing) return existing;
      const id = uuidv7();
      const at = d.now();
      d.store.insertReview(id, applicationId, at);
      emit({ topic: 'credit.review_requested', aggregateId: applicationId, payload: { applicationId, reviewId: id, at } });
      return id;
    });
    return ok({ requested: true, reference: reference(reviewId) });
  }

  /**
   * Gives up an approval or counter-offer that was not signed, freeing the plan's daily quota,
   * subsidy and the offline daily cap it held. False when there is nothing unsigned to withdraw.
   */
  withdraw(applicationId: string, reason: WithdrawReason): boolean {
    const { d } = this;
    return writeWithOutbox(d.db, d.now, (emit) => {
      const a = d.store.application(applicationId);
      if (!a || (a.status !== 'approved' && a.status !== 'counter_offer')) return false;
      const at = d.now();
      d.store.setStatus(applicationId, 'withdrawn', at);
      d.finance.releaseApplication(a.financeProductId, a.subsidyFen, a.storeDate);
      emit({ topic: 'credit.withdrawn', aggregateId: applicationId, payload: { applicationId, reason, at } });
      return true;
    });
  }

  /** At the end of a visit (idle reset, done, staff, restart): its unsigned approvals go. */
  withdrawUnsigned(sessionId: string): number {
    return this.d.store.unsignedOfSession(sessionId).filter((id) => this.withdraw(id, 'session_ended')).length;
  }

  /** Approvals from earlier store days (the kiosk was off at midnight, say): they lapse. */
  withdrawLapsed(): number {
    return this.d.store.lapsedBefore(storeDate(this.d.now())).filter((id) => this.withdraw(id, 'lapsed')).length;
  }
}

function sameHistory(a: CreditHistory, b: CreditHistory): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A short reference a person can read out to the service desk. */
export function reference(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase();
}
