import { createHash, randomInt } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { ChannelResponse } from '../../contract/api.ts';
import { LocalizedText } from '../../contract/catalog.ts';
import {
  CONSENTS,
  type ApplicationStatus,
  type ApplicationView,
  type ApplyRequest,
  type CancelReason,
  type DecisionReason,
  type DeliverySlot,
  type Fulfilment,
  type OrderView,
  type WithdrawReason,
} from '../../contract/credit.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import { Offer } from '../../contract/finance.ts';
import { addDays } from '../../domain/calendar.ts';
import { deliveryEstimate, firstDeliveryDay } from '../../domain/delivery.ts';
import { ageOn, checkResidentId, maskMobile, maskResidentId, normaliseMobile } from '../../domain/identity.ts';
import { storeDate } from '../../domain/promotions.ts';
import { pricePurchase } from '../cart/quote.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox } from '../db/outbox.ts';
import type { FinanceStore } from '../finance/finance-store.ts';
import type { Logger } from '../logger.ts';
import { COOLING_OFF_DAYS, renderContract } from './contract-html.ts';
import type { DecisionModel } from './decision-engine.ts';
import type { DecisionInput, DecisionResult } from './decision-types.ts';
import type { IdentityHasher } from './identity-key.ts';

export interface CreditDeps {
  db: Db;
  now: () => number;
  log: Logger;
  catalog: CatalogStore;
  finance: FinanceStore;
  model: DecisionModel;
  hasher: IdentityHasher;
  /** False while HQ is unreachable: offline rules apply (DESIGN.md §5). */
  online: () => boolean;
  store: () => { name: LocalizedText };
}

type ApplyInput = z.output<typeof ApplyRequest>;

const Approved = z.object({ amountFinancedFen: z.number().int(), downPaymentFen: z.number().int(), offer: Offer });
type Approved = z.infer<typeof Approved>;
/** What was bought, priced when applying, as the contract and the order repeat it. */
const StoredPurchase = z.object({
  lines: z.array(z.object({ productId: z.string(), name: LocalizedText, quantity: z.number().int(), unitPriceFen: z.number().int() })),
  subtotalFen: z.number().int(),
  discounts: z.array(z.object({ title: LocalizedText, amountFen: z.number().int() })),
  totalFen: z.number().int(),
});
type StoredPurchase = z.infer<typeof StoredPurchase>;

interface Assessment {
  purchase: StoredPurchase;
  amountFen: number;
  categoryIds: string[];
  offer: Offer;
  idHmac: string;
  mobileHmac: string;
  /** Normalised; only its mask is ever stored. */
  mobile: string;
  input: DecisionInput;
  decision: DecisionResult;
}

interface ApplicationRow {
  id: string;
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
  created_at: number;
  reasons: string;
  model_version: string;
  decided_at: number;
}

const MAX_REASONS = 4;
/** Statuses whose approved credit counts against the kiosk's offline daily cap. */
const LIVE = "('approved', 'counter_offer', 'signed', 'ordered')";
/** Statuses that took the finance product's daily quota (and subsidy) when recorded. */
const HOLDS_USAGE: readonly ApplicationStatus[] = ['approved', 'counter_offer', 'pending'];
/** Automated outcomes a person can be asked to look at again (PIPL art. 24). */
const REVIEWABLE: readonly ApplicationStatus[] = ['declined', 'referred', 'counter_offer'];
/** Delivery windows bookable per day, and how many days ahead a shopper may book. */
const WINDOWS = ['morning', 'afternoon', 'evening'] as const;
const BOOKING_DAYS = 7;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Credit at the kiosk (issue 4): application → decision → key terms → signature → order, and the
 * cooling-off cancellation. Each step's business rows and outbox row commit in one transaction
 * (synchronous=FULL) before the answer goes back, so what the shopper sees is on disk.
 */
export class CreditService {
  private readonly q;

  constructor(private readonly d: CreditDeps) {
    const { db } = d;
    this.q = {
      blocked: db.prepare('SELECT 1 FROM credit_blocklist WHERE kind = ? AND hmac = ?').pluck(),
      idCount: db.prepare('SELECT COUNT(*) FROM credit_applications WHERE resident_id_hmac = ? AND created_at >= ?').pluck(),
      idPhones: db.prepare('SELECT COUNT(DISTINCT mobile_hmac) FROM credit_applications WHERE resident_id_hmac = ? AND created_at >= ?').pluck(),
      phoneCount: db.prepare('SELECT COUNT(*) FROM credit_applications WHERE mobile_hmac = ? AND created_at >= ?').pluck(),
      kioskCount: db.prepare('SELECT COUNT(*) FROM credit_applications WHERE created_at >= ?').pluck(),
      offlineUsed: db
        .prepare(
          `SELECT COALESCE(SUM(json_extract(approved, '$.amountFinancedFen')), 0) FROM credit_applications
            WHERE store_date = ? AND offline = 1 AND status IN ${LIVE}`,
        )
        .pluck(),
      view: db.prepare(
        `SELECT a.*, d.reasons, d.model_version, d.decided_at FROM credit_applications a
           JOIN credit_decisions d ON d.application_id = a.id WHERE a.id = ?`,
      ),
      byRequest: db.prepare('SELECT id FROM credit_applications WHERE session_id = ? AND request_id = ?').pluck(),
      unsignedOf: db.prepare("SELECT id FROM credit_applications WHERE session_id = ? AND status IN ('approved', 'counter_offer')").pluck(),
      lapsed: db.prepare("SELECT id FROM credit_applications WHERE store_date < ? AND status IN ('approved', 'counter_offer')").pluck(),
      insertApplication: db.prepare(
        `INSERT INTO credit_applications (id, session_id, request_id, locale, status, offline, applicant_name, resident_id_hmac, resident_id_masked,
           mobile_hmac, mobile_masked, age, employment, income_band, purchase, requested_amount_fen, finance_product_id, lender_id,
           term_months, requested_offer, approved, store_date, subsidy_fen, created_at, updated_at)
         VALUES (@id, @sessionId, @requestId, @locale, @status, @offline, @name, @idHmac, @idMasked, @mobileHmac, @mobileMasked, @age, @employment,
           @incomeBand, @purchase, @amount, @productId, @lenderId, @term, @requested, @approved, @storeDate, @subsidy, @at, @at)`,
      ),
      insertConsent: db.prepare('INSERT INTO credit_consents (application_id, kind, version, locale, accepted_at) VALUES (?, ?, ?, ?, ?)'),
      insertDecision: db.prepare(
        `INSERT INTO credit_decisions (application_id, outcome, reasons, score, limit_fen, model_version, input, trace, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      setStatus: db.prepare('UPDATE credit_applications SET status = ?, updated_at = ? WHERE id = ?'),
      contract: db.prepare('SELECT id, cooling_off_until AS coolingOffUntil, signed_at AS signedAt FROM credit_contracts WHERE application_id = ?'),
      order: db.prepare('SELECT * FROM orders WHERE application_id = ?'),
    };
  }

  /**
   * Everything up to the decision, writing nothing: consents, identity checks, pricing, the plan
   * re-quoted now, local history (blocklist, velocity) and the decision graph.
   */
  async assess(req: ApplyInput): Promise<ApiResult<Assessment>> {
    const { d } = this;
    for (const kind of ['credit_assessment', 'personal_data'] as const) {
      if (req.consents[kind] !== CONSENTS[kind].version) return fail('CONSENT_OUTDATED', `consent ${kind} is not the current text`, `consents.${kind}`);
    }
    const at = d.now();
    const today = storeDate(at);
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
    const mobileHmac = d.hasher.mobile(mobile);
    const input = this.decisionInput(req, amountFen, offer, ageOn(id.birthDate, today), idHmac, mobileHmac, at);
    const decision = await d.model.evaluate(input);
    return ok({ purchase, amountFen, categoryIds, offer, idHmac, mobileHmac, mobile, input, decision });
  }

  async apply(req: ApplyInput): Promise<ApiResult<ChannelResponse<'applyForCredit'>>> {
    const { d } = this;
    // A retry of a request that was answered (or committed and then lost) gets the same application.
    const earlier = this.q.byRequest.get(req.sessionId, req.requestId) as string | undefined;
    if (earlier) return this.answer(earlier);
    const assessed = await this.assess(req);
    if (!assessed.ok) return assessed;
    const { purchase, amountFen, categoryIds, offer, idHmac, mobileHmac, mobile, input, decision } = assessed.data;

    const offline = !d.online();
    const applicationId = uuidv7();
    // Settled inside the transaction: quota, subsidy budget and the offline daily cap are read and
    // taken with nothing in between (the decision above awaited the engine).
    const settled = writeWithOutbox(d.db, d.now, (emit) => {
      const decidedAt = d.now();
      const today = storeDate(decidedAt);
      if (!d.finance.offer(amountFen, categoryIds, offer.productId, offer.termMonths)) return null;
      const outcome = this.settle(decision, offer, amountFen, categoryIds, offline, today);
      const q = this.q;
      q.insertApplication.run({
        id: applicationId,
        sessionId: req.sessionId,
        requestId: req.requestId,
        locale: req.locale,
        status: outcome.status,
        offline: offline ? 1 : 0,
        name: req.applicant.name,
        idHmac,
        idMasked: maskResidentId(req.applicant.residentId),
        mobileHmac,
        mobileMasked: maskMobile(mobile),
        age: input.applicant.age,
        employment: req.applicant.employment,
        incomeBand: req.applicant.incomeBand,
        purchase: JSON.stringify(purchase),
        amount: amountFen,
        productId: offer.productId,
        lenderId: offer.lenderId,
        term: offer.termMonths,
        requested: JSON.stringify(offer),
        approved: outcome.approved ? JSON.stringify(outcome.approved) : null,
        storeDate: today,
        subsidy: outcome.subsidyFen,
        at: decidedAt,
      });
      for (const kind of ['credit_assessment', 'personal_data'] as const) q.insertConsent.run(applicationId, kind, req.consents[kind], req.locale, decidedAt);
      q.insertDecision.run(
        applicationId,
        decision.outcome,
        JSON.stringify(outcome.reasons),
        decision.score,
        decision.limitFen,
        decision.modelVersion,
        JSON.stringify(input),
        JSON.stringify(decision.trace ?? null),
        decidedAt,
      );
      // Quota and subsidy are taken by every application that goes to the lender.
      if (HOLDS_USAGE.includes(outcome.status)) d.finance.recordApplication(offer.productId, outcome.subsidyFen);
      emit({
        topic: 'credit.application',
        aggregateId: applicationId,
        payload: {
          applicationId,
          sessionId: req.sessionId,
          requestedAmountFen: amountFen,
          financeProductId: offer.productId,
          lenderId: offer.lenderId,
          termMonths: offer.termMonths,
          consents: { ...req.consents },
          at: decidedAt,
        },
      });
      emit({
        topic: 'credit.decision',
        aggregateId: applicationId,
        payload: {
          applicationId,
          status: outcome.status,
          offline,
          outcome: decision.outcome,
          reasons: outcome.reasons,
          score: decision.score,
          limitFen: decision.limitFen,
          amountFinancedFen: outcome.approved?.amountFinancedFen ?? null,
          downPaymentFen: outcome.approved?.downPaymentFen ?? null,
          modelVersion: decision.modelVersion,
          at: decidedAt,
        },
      });
      return outcome;
    });
    if (!settled) return fail('PLAN_UNAVAILABLE', 'the plan was taken up while the application was decided', 'plan');
    // No ID or phone in the log, masked or not: the application id is enough to find the row.
    d.log.info({ applicationId, status: settled.status, outcome: decision.outcome, offline }, 'credit application decided');
    return this.answer(applicationId);
  }

  private answer(applicationId: string): ApiResult<ChannelResponse<'applyForCredit'>> {
    const view = this.view(applicationId);
    if (!view) throw new Error(`application ${applicationId} vanished after commit`);
    return ok({ application: view });
  }

  /** The application as the shopper may see it (masks only), or null. */
  view(applicationId: string): ApplicationView | null {
    const row = this.q.view.get(applicationId) as ApplicationRow | undefined;
    if (!row) return null;
    const status = row.status;
    return {
      applicationId: row.id,
      reference: reference(row.id),
      status,
      requestedAmountFen: row.requested_amount_fen,
      requested: Offer.parse(JSON.parse(row.requested_offer)),
      approved: row.approved ? Approved.parse(JSON.parse(row.approved)) : null,
      reasons: JSON.parse(row.reasons) as DecisionReason[],
      humanReviewAvailable: REVIEWABLE.includes(status),
      offline: row.offline === 1,
      applicant: { name: row.applicant_name, residentIdMasked: row.resident_id_masked, mobileMasked: row.mobile_masked },
      modelVersion: row.model_version,
      decidedAt: row.decided_at,
    };
  }

  requestReview(applicationId: string): ApiResult<ChannelResponse<'requestHumanReview'>> {
    const { d } = this;
    const view = this.view(applicationId);
    if (!view) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (!view.humanReviewAvailable) return fail('APPLICATION_STATE', `application is ${view.status}`, 'applicationId');
    const existing = d.db.prepare('SELECT id FROM credit_reviews WHERE application_id = ?').pluck().get(applicationId) as string | undefined;
    const reviewId = existing ?? uuidv7();
    if (!existing) {
      writeWithOutbox(d.db, d.now, (emit) => {
        const at = d.now();
        d.db.prepare('INSERT INTO credit_reviews (id, application_id, requested_at) VALUES (?, ?, ?)').run(reviewId, applicationId, at);
        emit({ topic: 'credit.review_requested', aggregateId: applicationId, payload: { applicationId, reviewId, at } });
      });
    }
    return ok({ requested: true, reference: reference(reviewId) });
  }

  keyTerms(applicationId: string, locale: 'zh-CN' | 'en'): ApiResult<ChannelResponse<'keyTerms'>> {
    const terms = this.contractFor(applicationId, locale);
    if (!terms.ok) return terms;
    return ok({ applicationId, html: terms.data.html, htmlHash: sha256(terms.data.html), coolingOffDays: COOLING_OFF_DAYS });
  }

  /**
   * Signs the contract the shopper read: the hash they send must be that of the text the core
   * renders now (a catalog or finance change in between means they must read it again).
   */
  sign(applicationId: string, locale: 'zh-CN' | 'en', htmlHash: string, signature: string): ApiResult<ChannelResponse<'signContract'>> {
    const { d } = this;
    const terms = this.contractFor(applicationId, locale);
    if (!terms.ok) return terms;
    const { html } = terms.data;
    if (sha256(html) !== htmlHash) return fail('CONTRACT_CHANGED', 'the contract changed since it was shown', 'htmlHash');
    const png = Buffer.from(signature.slice(signature.indexOf(',') + 1), 'base64');
    if (!isSignatureImage(png)) return fail('BAD_REQUEST', 'signature is not a PNG image of a signature pad', 'signature');
    const contractId = uuidv7();
    const signedAt = d.now();
    const coolingOffUntil = addDays(storeDate(signedAt), COOLING_OFF_DAYS);
    // One hash over both, so neither the text nor the signature can be swapped afterwards.
    const contractHash = sha256(Buffer.concat([Buffer.from(`${htmlHash}\n`), Buffer.from(sha256(png))]));
    writeWithOutbox(d.db, d.now, (emit) => {
      d.db
        .prepare(
          `INSERT INTO credit_contracts (id, application_id, locale, html, html_hash, signature_png, contract_hash, cooling_off_until, signed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(contractId, applicationId, locale, html, htmlHash, png, contractHash, coolingOffUntil, signedAt);
      this.q.setStatus.run('signed', signedAt, applicationId);
      emit({ topic: 'credit.contract_signed', aggregateId: applicationId, payload: { applicationId, contractId, contractHash, coolingOffUntil, at: signedAt } });
    });
    return ok({ contractId, signedAt, contractHash });
  }

  /** A signed contract's exact HTML and signature image, for the shell's PDF copy. */
  signedContract(contractId: string): { html: string; locale: string; signaturePng: Buffer } | null {
    const row = this.d.db.prepare('SELECT html, locale, signature_png AS signaturePng FROM credit_contracts WHERE id = ?').get(contractId);
    return (row as { html: string; locale: string; signaturePng: Buffer } | undefined) ?? null;
  }

  deliverySlots(applicationId: string): ApiResult<ChannelResponse<'deliverySlots'>> {
    const row = this.q.view.get(applicationId) as ApplicationRow | undefined;
    if (!row) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (row.status !== 'signed') return fail('APPLICATION_STATE', `application is ${row.status}`, 'applicationId');
    return ok(this.slotsFor(row));
  }

  placeOrder(applicationId: string, fulfilment: Fulfilment): ApiResult<ChannelResponse<'placeOrder'>> {
    const { d } = this;
    const row = this.q.view.get(applicationId) as ApplicationRow | undefined;
    if (!row) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (row.status !== 'signed') return fail('APPLICATION_STATE', `application is ${row.status}`, 'applicationId');
    const slots = this.slotsFor(row);
    const bookable =
      fulfilment.kind === 'pickup'
        ? slots.pickupToday
        : slots.slots.some((s) => s.date === fulfilment.slot.date && s.window === fulfilment.slot.window);
    if (!bookable) return fail('SLOT_UNAVAILABLE', 'that pickup or delivery slot cannot be booked', 'fulfilment');
    const approved = Approved.parse(JSON.parse(row.approved ?? 'null'));
    const purchase = StoredPurchase.parse(JSON.parse(row.purchase));
    const orderId = uuidv7();
    const createdAt = d.now();
    const pickupCode = writeWithOutbox(d.db, d.now, (emit) => {
      const code = this.freshPickupCode();
      d.db
        .prepare(
          `INSERT INTO orders (id, application_id, pickup_code, status, fulfilment, total_fen, down_payment_fen, amount_financed_fen, created_at, updated_at)
           VALUES (?, ?, ?, 'placed', ?, ?, ?, ?, ?, ?)`,
        )
        .run(orderId, applicationId, code, JSON.stringify(fulfilment), row.requested_amount_fen, approved.downPaymentFen, approved.amountFinancedFen, createdAt, createdAt);
      this.q.setStatus.run('ordered', createdAt, applicationId);
      emit({
        topic: 'order.placed',
        aggregateId: orderId,
        payload: {
          orderId,
          applicationId,
          fulfilment: { ...fulfilment },
          totalFen: row.requested_amount_fen,
          downPaymentFen: approved.downPaymentFen,
          amountFinancedFen: approved.amountFinancedFen,
          lines: purchase.lines.map(({ productId, quantity, unitPriceFen }) => ({ productId, quantity, unitPriceFen })),
          discountFen: purchase.subtotalFen - purchase.totalFen,
          at: createdAt,
        },
      });
      return code;
    });
    const contract = this.q.contract.get(applicationId) as { coolingOffUntil: string } | undefined;
    if (!contract) throw new Error(`signed application ${applicationId} has no contract`);
    const order: OrderView = {
      orderId,
      applicationId,
      pickupCode,
      pickupQr: pickupQr(orderId, pickupCode),
      fulfilment,
      totalFen: row.requested_amount_fen,
      downPaymentFen: approved.downPaymentFen,
      amountFinancedFen: approved.amountFinancedFen,
      createdAt,
      coolingOffUntil: contract.coolingOffUntil,
    };
    return ok({ order });
  }

  /**
   * Gives up an approval or counter-offer that was not signed, freeing the plan's daily quota,
   * subsidy and the offline daily cap it held. False when there is nothing unsigned to withdraw.
   */
  withdraw(applicationId: string, reason: WithdrawReason): boolean {
    const { d } = this;
    return writeWithOutbox(d.db, d.now, (emit) => {
      const row = this.q.view.get(applicationId) as ApplicationRow | undefined;
      if (!row || (row.status !== 'approved' && row.status !== 'counter_offer')) return false;
      const at = d.now();
      this.q.setStatus.run('withdrawn', at, applicationId);
      d.finance.releaseApplication(row.finance_product_id, row.subsidy_fen, row.store_date);
      emit({ topic: 'credit.withdrawn', aggregateId: applicationId, payload: { applicationId, reason, at } });
      return true;
    });
  }

  /** At the end of a visit (idle reset, done, staff): its unsigned approvals go. */
  withdrawUnsigned(sessionId: string): number {
    const ids = this.q.unsignedOf.all(sessionId) as string[];
    return ids.filter((id) => this.withdraw(id, 'session_ended')).length;
  }

  /** Approvals from earlier store days (the kiosk was off at midnight, say): they lapse. */
  withdrawLapsed(): number {
    const ids = this.q.lapsed.all(storeDate(this.d.now())) as string[];
    return ids.filter((id) => this.withdraw(id, 'lapsed')).length;
  }

  /**
   * Withdrawal within the cooling-off period (staff screen): the application and its order are
   * cancelled and the finance product's daily quota and subsidy are given back, in one transaction.
   */
  cancel(applicationId: string, reason: CancelReason): ApiResult<{ cancelled: true }> {
    const { d } = this;
    const row = this.q.view.get(applicationId) as ApplicationRow | undefined;
    if (!row) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (row.status !== 'signed' && row.status !== 'ordered') return fail('APPLICATION_STATE', `application is ${row.status}`, 'applicationId');
    const contract = this.q.contract.get(applicationId) as { coolingOffUntil: string } | undefined;
    const at = d.now();
    if (!contract || storeDate(at) > contract.coolingOffUntil) return fail('COOLING_OFF_OVER', `cooling-off ended ${contract?.coolingOffUntil ?? 'never signed'}`, 'applicationId');
    writeWithOutbox(d.db, d.now, (emit) => {
      this.q.setStatus.run('cancelled', at, applicationId);
      d.finance.releaseApplication(row.finance_product_id, row.subsidy_fen, row.store_date);
      const order = this.q.order.get(applicationId) as { id: string } | undefined;
      if (order) {
        d.db.prepare("UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ?").run(at, order.id);
        emit({ topic: 'order.cancelled', aggregateId: order.id, payload: { orderId: order.id, applicationId, at } });
      }
      emit({ topic: 'credit.cancelled', aggregateId: applicationId, payload: { applicationId, reason, at } });
    });
    d.log.info({ applicationId }, 'credit agreement cancelled in the cooling-off period');
    return ok({ cancelled: true });
  }

  private decisionInput(req: ApplyInput, amountFen: number, offer: Offer, age: number, idHmac: string, mobileHmac: string, at: number): DecisionInput {
    const { velocity } = this.d.model;
    const q = this.q;
    const idSince = at - velocity.idWindowHours * 3_600_000;
    return {
      application: { amountFen, termMonths: offer.termMonths, monthlyPaymentFen: offer.monthlyPaymentFen, kind: offer.kind },
      applicant: { age, employment: req.applicant.employment, incomeBand: req.applicant.incomeBand },
      fraud: {
        idBlocklisted: q.blocked.get('resident_id', idHmac) !== undefined,
        phoneBlocklisted: q.blocked.get('mobile', mobileHmac) !== undefined,
        idApplications: q.idCount.get(idHmac, idSince) as number,
        phoneApplications: q.phoneCount.get(mobileHmac, at - velocity.phoneWindowHours * 3_600_000) as number,
        kioskApplications: q.kioskCount.get(at - velocity.kioskWindowMinutes * 60_000) as number,
        idDistinctPhones: q.idPhones.get(idHmac, idSince) as number,
      },
    };
  }

  /**
   * From the model's outcome to the application's status. Offline, an approval stands only for an
   * offline-approvable product under its cap and the kiosk's daily cap; otherwise it is pending
   * until HQ decides. Declines and referrals stand offline too: they need no lender.
   */
  private settle(
    decision: DecisionResult,
    offer: Offer,
    amountFen: number,
    categoryIds: string[],
    offline: boolean,
    today: string,
  ): { status: ApplicationStatus; approved: Approved | null; reasons: DecisionReason[]; subsidyFen: number } {
    const reasons = decision.reasons.slice(0, MAX_REASONS);
    if (decision.outcome === 'decline') return { status: 'declined', approved: null, reasons, subsidyFen: 0 };
    if (decision.outcome === 'refer') return { status: 'referred', approved: null, reasons, subsidyFen: 0 };

    let approved: Approved = { amountFinancedFen: amountFen, downPaymentFen: 0, offer };
    if (decision.outcome === 'counter_offer') {
      const financed = Math.min(decision.maxFinancedFen ?? 0, amountFen);
      const counter = financed > 0 ? this.d.finance.offer(financed, categoryIds, offer.productId, offer.termMonths) : null;
      // The lender's product cannot finance the smaller amount: a person has to look at it.
      if (!counter) return { status: 'referred', approved: null, reasons: withFirst('MANUAL_REVIEW', reasons), subsidyFen: 0 };
      approved = { amountFinancedFen: financed, downPaymentFen: amountFen - financed, offer: counter };
    }
    if (offline) {
      const blocked: DecisionReason[] = [];
      const cap = this.d.finance.offlineCapFen(offer.productId);
      if (cap === null) blocked.push('OFFLINE_PRODUCT_NOT_ELIGIBLE');
      else if (approved.amountFinancedFen > cap) blocked.push('OFFLINE_AMOUNT_OVER_CAP');
      const used = this.q.offlineUsed.get(today) as number;
      if (used + approved.amountFinancedFen > this.d.finance.offlineDailyCapFen()) blocked.push('OFFLINE_DAILY_CAP_REACHED');
      // The model's own reasons (e.g. a down payment) are not what the shopper is waiting for.
      if (blocked.length > 0) return { status: 'pending', approved: null, reasons: blocked, subsidyFen: offer.subsidyFen };
    }
    return { status: decision.outcome === 'approve' ? 'approved' : 'counter_offer', approved, reasons, subsidyFen: approved.offer.subsidyFen };
  }

  /** The contract text for an application the shopper may sign. */
  private contractFor(applicationId: string, locale: 'zh-CN' | 'en'): ApiResult<{ html: string }> {
    const row = this.q.view.get(applicationId) as ApplicationRow | undefined;
    if (!row) return fail('NOT_FOUND', `No application ${applicationId}`, 'applicationId');
    if (row.status !== 'approved' && row.status !== 'counter_offer') return fail('APPLICATION_STATE', `application is ${row.status}`, 'applicationId');
    // An approval is for today's prices and today's quota: one not signed by the end of its store day has lapsed.
    if (row.store_date !== storeDate(this.d.now())) return fail('APPLICATION_STATE', 'the approval has lapsed', 'applicationId');
    const approved = Approved.parse(JSON.parse(row.approved ?? 'null'));
    const purchase = StoredPurchase.parse(JSON.parse(row.purchase));
    const html = renderContract(
      {
        applicationId,
        appliedOn: row.store_date,
        storeName: this.d.store().name,
        borrower: { name: row.applicant_name, residentIdMasked: row.resident_id_masked, mobileMasked: row.mobile_masked },
        lines: purchase.lines,
        discounts: purchase.discounts,
        totalFen: purchase.totalFen,
        downPaymentFen: approved.downPaymentFen,
        amountFinancedFen: approved.amountFinancedFen,
        offer: approved.offer,
      },
      locale,
    );
    return ok({ html });
  }

  /** Every line in the store: take it home today, or delivery from tomorrow; else once the slowest line can come. */
  private slotsFor(row: ApplicationRow): { pickupToday: boolean; slots: DeliverySlot[] } {
    const { lines } = StoredPurchase.parse(JSON.parse(row.purchase));
    const stock = new Map(this.d.catalog.sellable(lines.map((l) => l.productId)).map((i) => [i.card.id, i.card.stock]));
    const estimates = lines.map((l) => deliveryEstimate(stock.get(l.productId) ?? 0, l.quantity));
    const firstDay = Math.max(...estimates.map(firstDeliveryDay));
    const today = storeDate(this.d.now());
    const slots = Array.from({ length: BOOKING_DAYS }, (_, i) => addDays(today, firstDay + i)).flatMap((date) => WINDOWS.map((window) => ({ date, window })));
    return { pickupToday: estimates.every((e) => e.kind === 'in_store'), slots };
  }

  /** Eight random digits not held by another open order (the partial unique index is the final guard). */
  private freshPickupCode(): string {
    const taken = this.d.db.prepare("SELECT 1 FROM orders WHERE pickup_code = ? AND status = 'placed'").pluck();
    for (;;) {
      const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
      if (taken.get(code) === undefined) return code;
    }
  }
}

function withFirst(reason: DecisionReason, reasons: readonly DecisionReason[]): DecisionReason[] {
  return [reason, ...reasons.filter((r) => r !== reason)].slice(0, MAX_REASONS);
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Signature, IHDR, one IDAT and IEND: no valid PNG is shorter. */
const SMALLEST_PNG = 67;
/** The pad is at least this big on any kiosk screen; a smaller image is not from it. */
const MIN_PAD = { width: 300, height: 120 };

/** A PNG (magic, then the IHDR chunk's width and height) the size of the signature pad. */
function isSignatureImage(png: Buffer): boolean {
  if (png.length < SMALLEST_PNG || !png.subarray(0, 8).equals(PNG_MAGIC) || png.toString('latin1', 12, 16) !== 'IHDR') return false;
  return png.readUInt32BE(16) >= MIN_PAD.width && png.readUInt32BE(20) >= MIN_PAD.height;
}

/** What the till scans: the order and its code, so a photo of someone else's code alone is not enough. */
function pickupQr(orderId: string, pickupCode: string): string {
  return `KIOSK-ORDER:${orderId}:${pickupCode}`;
}

/** A short reference a person can read out to the service desk. */
function reference(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase();
}

