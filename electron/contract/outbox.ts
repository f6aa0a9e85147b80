import { z } from 'zod';
import { DecisionInputSchema, ShadowDecision } from './credit-model.ts';
import { CommandDetail, KioskCommandState } from './fleet-commands.ts';

const Hmac = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * What the kiosk tells HQ through the outbox (DESIGN.md §7). One payload schema per topic,
 * so HQ validates what arrives. No personal data in any payload.
 */
export const outboxTopics = {
  'session.started': z.object({ sessionId: z.string(), locale: z.string(), startedAt: z.number().int() }),
  'session.ended': z.object({
    sessionId: z.string(),
    reason: z.string(),
    startedAt: z.number().int(),
    endedAt: z.number().int(),
  }),
  /** Shopper analytics (DESIGN.md §1: HQ computes finance penetration from these). */
  'shopper.event': z.object({
    eventId: z.string(),
    sessionId: z.string(),
    at: z.number().int(),
    event: z.record(z.string(), z.unknown()),
  }),
  /**
   * A credit application as decided (or left pending offline). Amounts, plan and outcome; the
   * applicant only as the keyed HMACs of resident ID and mobile under the fleet key (DESIGN.md §4),
   * which HQ matches across stores (cross-store checks) and can never turn back into numbers.
   * The masked forms and the name stay on the kiosk. Optional: kiosks before HQ credit sent none.
   */
  'credit.application': z.object({
    applicationId: z.string(),
    sessionId: z.string(),
    requestedAmountFen: z.number().int(),
    financeProductId: z.string(),
    lenderId: z.string(),
    termMonths: z.number().int(),
    /** The requested plan's monthly payment (HQ counts a pending application's exposure with it). */
    monthlyPaymentFen: z.number().int().positive().optional(),
    residentIdHmac: Hmac.optional(),
    mobileHmac: Hmac.optional(),
    /** The staff member who helped, and whether they saw the ID card in person (assisted applications only). */
    assistedBy: z.string().optional(),
    idCardSeen: z.boolean().optional(),
    /** The versions of the consent texts accepted. */
    consents: z.record(z.string(), z.string()),
    at: z.number().int(),
  }),
  /** The kiosk's decision on an application (the model's outcome and what the kiosk made of it offline). */
  'credit.decision': z.object({
    applicationId: z.string(),
    status: z.string(),
    offline: z.boolean(),
    outcome: z.string(),
    reasons: z.array(z.string()),
    /** Why a person must look: for staff and HQ, never shown to the shopper as a reason. */
    signals: z.array(z.string()),
    score: z.number().int(),
    limitFen: z.number().int(),
    amountFinancedFen: z.number().int().nullable(),
    downPaymentFen: z.number().int().nullable(),
    /** The approved plan's monthly payment, null unless approved or counter-offered. */
    monthlyPaymentFen: z.number().int().nullable().optional(),
    modelVersion: z.string(),
    /** The challenger's decision in shadow, when this application fell in its share (the model's own decision only). */
    challenger: ShadowDecision.optional(),
    at: z.number().int(),
  }),
  /**
   * An application the kiosk left pending (offline, over an offline cap, offline approval off):
   * what HQ needs to decide it with the same model. The graph's input only, which its strict
   * schema keeps to ages, bands, counts and flags: no ID, mobile, name or address.
   */
  'credit.pending': z.object({ applicationId: z.string(), input: DecisionInputSchema, at: z.number().int() }),
  'credit.review_requested': z.object({ applicationId: z.string(), reviewId: z.string(), at: z.number().int() }),
  'credit.contract_signed': z.object({
    applicationId: z.string(),
    contractId: z.string(),
    contractHash: z.string(),
    coolingOffUntil: z.string(),
    at: z.number().int(),
  }),
  'credit.cancelled': z.object({
    applicationId: z.string(),
    reason: z.string(),
    at: z.number().int(),
    /** Money the lender paid out goes back to it on the next business day (T+1); absent when none was paid. */
    refund: z.object({ lenderId: z.string(), amountFen: z.number().int().positive(), dueOn: z.string() }).optional(),
    /** The staff member who cancelled it (absent: the kiosk, for an agreement nobody ordered). */
    staffId: z.string().optional(),
  }),
  /** Staff approved, declined or sent to HQ an application (its status change goes as credit.decision). */
  'credit.staff_decision': z.object({
    applicationId: z.string(),
    staffId: z.string(),
    decision: z.string(),
    reason: z.string(),
    /**
     * With an escalation: the graph's input the model decided on (ages, bands, counts and flags, no
     * identifier), so HQ's credit team can see the model's trace (HQ runs the same version again).
     */
    input: DecisionInputSchema.optional(),
    at: z.number().int(),
  }),
  'credit.withdrawn': z.object({ applicationId: z.string(), reason: z.string(), at: z.number().int() }),
  'order.placed': z.object({
    orderId: z.string(),
    orderNumber: z.string(),
    payment: z.enum(['till', 'installment']),
    /** The credit agreement paying for it (installment orders), else null. */
    applicationId: z.string().nullable(),
    /** Pickup, or the delivery's slot, district and services: never the address or the contact. */
    fulfilment: z.record(z.string(), z.unknown()),
    totalFen: z.number().int(),
    downPaymentFen: z.number().int(),
    amountFinancedFen: z.number().int(),
    /** Each line with its product's category, so HQ's figures need no catalog of their own. */
    lines: z.array(z.object({ productId: z.string(), categoryId: z.string(), quantity: z.number().int(), unitPriceFen: z.number().int() })),
    /** Promotions taken off the lines' total (totalFen = Σ lines − discountFen). */
    discountFen: z.number().int(),
    at: z.number().int(),
  }),
  /** A publication from HQ the kiosk would not use: bad signature, tampered body, or an older version replayed. */
  'sync.publication_refused': z.object({
    dataset: z.string(),
    version: z.number().int(),
    reason: z.enum(['SIGNATURE_INVALID', 'CLAIMS_MISMATCH', 'CONTENT_HASH_MISMATCH', 'NOT_NEWER', 'BODY_INVALID', 'WRONG_SCOPE']),
    at: z.number().int(),
  }),
  'order.cancelled': z.object({ orderId: z.string(), applicationId: z.string(), at: z.number().int() }),
  /** One entry of the staff audit log, chain hashes included, so HQ can check the chain too. */
  'staff.audit': z.object({
    seq: z.number().int().positive(),
    id: z.string(),
    at: z.number().int(),
    staffId: z.string(),
    action: z.string(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    prevHash: z.string().length(64),
    hash: z.string().length(64),
  }),
  /**
   * A remote command moved on at the kiosk (contract/fleet-commands.ts): received, queued, running,
   * done, failed, refused or expired, with why and what came of it (counts and codes only). HQ
   * keeps every report and sets its command's state from the message it sent it in.
   */
  'fleet.command': z.object({
    commandId: z.uuid(),
    messageId: z.number().int().positive(),
    state: KioskCommandState,
    reason: z.string().max(64).nullable(),
    detail: CommandDetail.nullable(),
    at: z.number().int(),
  }),
} as const satisfies Record<string, z.ZodType>;

export type OutboxTopic = keyof typeof outboxTopics;
export type OutboxMessage = {
  [T in OutboxTopic]: { topic: T; aggregateId: string; payload: z.input<(typeof outboxTopics)[T]> };
}[OutboxTopic];
