import { z } from 'zod';
import { Purchase } from './cart.ts';
import { Id, type ChannelDef } from './channel.ts';
import { APPLICANT_NAME_MAX, APPLICANT_NAME_MIN, MOBILE_MAX_LENGTH, RESIDENT_ID_LENGTH } from './limits.ts';
import { Locale } from './session.ts';
import type { LocalizedText } from './catalog.ts';
import { Fen } from './catalog.ts';
import { Offer } from './finance.ts';
import { ApplicationFace } from './face.ts';

/**
 * A credit application at the kiosk (issue 4, DESIGN.md §5): consents, applicant, plan, the
 * decision, the signed contract and the order. The raw resident ID and mobile number cross the
 * boundary once, in the application request; everything the core returns carries masks only.
 */

export const Employment = z.enum(['employed', 'self_employed', 'retired', 'student', 'unemployed']);
export type Employment = z.infer<typeof Employment>;

/** Monthly income after tax, in yuan bands: people answer a band faster and more honestly than a figure. */
export const IncomeBand = z.enum(['under_3k', '3k_6k', '6k_10k', '10k_20k', 'over_20k']);
export type IncomeBand = z.infer<typeof IncomeBand>;

export const ConsentKind = z.enum(['credit_assessment', 'personal_data']);
export type ConsentKind = z.infer<typeof ConsentKind>;

/**
 * The consent texts the shopper reads, one per purpose (PIPL art. 14: separate, specific). The
 * version is stored with the application, so what was agreed to can always be shown again;
 * change the text, change the version.
 */
export const CONSENTS: Record<ConsentKind, { version: string; title: LocalizedText; text: LocalizedText }> = {
  credit_assessment: {
    version: 'credit-assessment-2026-12-01',
    title: { zh: '授权信用评估', en: 'Credit assessment' },
    text: {
      zh: '本人授权本店及所选分期机构，为审批本次分期申请，查询并使用本人在本店的申请记录和本次填写的信息进行信用评估。评估结果仅用于本次申请。',
      en: 'I authorise this store and the lender I choose to assess my credit for this installment application, using what I enter here and my earlier applications at this store. The result is used for this application only.',
    },
  },
  personal_data: {
    version: 'personal-data-2026-12-01',
    title: { zh: '个人信息处理同意', en: 'Personal data' },
    text: {
      zh: '本人同意本店为办理本次分期处理本人的姓名、身份证号和手机号。身份证号和手机号仅以加密摘要和遮盖形式保存，不用于营销；本人可随时要求查阅或删除。',
      en: 'I agree that this store processes my name, resident ID number and mobile number to arrange this installment plan. The ID and mobile numbers are kept only as a keyed digest and a masked form, never used for marketing; I may ask to see or delete them at any time.',
    },
  },
};

export const Applicant = z
  .object({
    name: z.string().trim().min(APPLICANT_NAME_MIN).max(APPLICANT_NAME_MAX),
    /** 18 characters, GB 11643 checksum; checked by the core (and by the form as the shopper types). */
    residentId: z.string().trim().max(RESIDENT_ID_LENGTH),
    mobile: z.string().trim().max(MOBILE_MAX_LENGTH),
    employment: Employment,
    incomeBand: IncomeBand,
  })
  .strict();
export type Applicant = z.infer<typeof Applicant>;


export const ApplyRequest = z
  .object({
    sessionId: z.string().min(1).max(64),
    /** Made by the form once per submission: a retried request returns the same application. */
    requestId: z.string().min(8).max(64),
    purchase: Purchase,
    /** The plan the shopper chose from the offers panel: finance product and term. */
    plan: z.object({ productId: z.string().min(1).max(64), termMonths: z.number().int().min(2).max(60) }).strict(),
    applicant: Applicant,
    /** The versions of the consent texts the shopper accepted; both are required. */
    consents: z.object({ credit_assessment: z.string().max(64), personal_data: z.string().max(64) }).strict(),
    locale: Locale,
    /**
     * Floor staff helped (needs a staff session; the staff member is the session's, never named
     * here): whether they saw the customer's ID card in person. The customer still consents and
     * signs themselves.
     */
    assist: z.object({ idCardSeen: z.boolean() }).strict().optional(),
    /** The face check, when the shopper agreed to it (features/face, contract/face.ts ApplicationFace); never required. */
    face: ApplicationFace.optional(),
  })
  .strict();
export type ApplyRequest = z.input<typeof ApplyRequest>;

/**
 * Why a decision went the way it did, told to the shopper (at most four, most important first;
 * the renderer translates each as credit.reason.<code>). Each is about this applicant and this
 * application: what other shoppers did, or what staff still have to check, is a DecisionSignal.
 */
export const DecisionReason = z.enum([
  'UNDER_MIN_AGE',
  'OVER_MAX_AGE',
  'NO_INCOME',
  'BLOCKLISTED',
  'ID_VELOCITY',
  'PHONE_VELOCITY',
  'LOW_SCORE',
  'PAYMENT_TOO_HIGH_FOR_INCOME',
  'AMOUNT_OVER_LIMIT',
  /** The applicant's other credit with us (approved, signed, pending) is what put the amount or the payments over. */
  'EXISTING_CREDIT',
  'DOWN_PAYMENT_REQUIRED',
  'OFFLINE_PRODUCT_NOT_ELIGIBLE',
  'OFFLINE_AMOUNT_OVER_CAP',
  'OFFLINE_DAILY_CAP_REACHED',
  /**
   * Offline approval is off for this kiosk (not enrolled with HQ, revoked, or its blocklist or
   * decision model is older than HQ's policy): HQ decides when it is reachable again.
   */
  'OFFLINE_APPROVAL_OFF',
]);
export type DecisionReason = z.infer<typeof DecisionReason>;

/**
 * Why an application was routed to a person: for the staff view and the stored trace, never a
 * shopper's reason (staff screens translate each as credit.signal.<code>). A signal alone
 * refers; it never declines.
 */
export const DecisionSignal = z.enum([
  /** Full-time student: since 2021 lending to university students needs checks only a person can make. */
  'STUDENT',
  /** Income under ¥3,000 a month: the band's lower bound is nothing, so a person confirms the income. */
  'INCOME_UNVERIFIED',
  /** One resident ID with three or more mobiles within the velocity window. */
  'ID_MANY_MOBILES',
  /** Many applications at this kiosk within minutes: about the kiosk, not the shopper. */
  'KIOSK_VELOCITY',
  /** A person has to look, for a reason the model or core/credit could not decide on. */
  'MANUAL_REVIEW',
  /** The face check (blink, turn left, turn right) failed: a still image, a photo, no face, too slow. */
  'LIVENESS_FAILED',
  /** The shopper agreed to the face check but it did not happen (skipped, or the camera was unavailable). */
  'LIVENESS_SKIPPED',
  /** The face check was passed faster than a person turns their head: a replay is suspected. */
  'LIVENESS_TOO_FAST',
  /** The live face applied at this store under another resident ID: a person checks the ID card. */
  'FACE_OTHER_IDS',
]);
export type DecisionSignal = z.infer<typeof DecisionSignal>;

export const DecisionOutcome = z.enum(['approve', 'counter_offer', 'refer', 'decline']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

/**
 * Where an application stands. `pending`: recorded offline, decided by HQ once it arrives there.
 * `withdrawn`: approved or counter-offered but not signed (the shopper said no, left, or the store
 * day ended). `cancelled`: signed, then withdrawn within the cooling-off period.
 */
export const ApplicationStatus = z.enum(['approved', 'counter_offer', 'referred', 'declined', 'pending', 'signed', 'ordered', 'cancelled', 'withdrawn']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export const ApplicationView = z.object({
  applicationId: z.string(),
  /** Eight characters a person can read out at the service desk. */
  reference: z.string(),
  status: ApplicationStatus,
  /** What the shopper asked to finance. */
  requestedAmountFen: Fen,
  /** The plan that was applied for, re-quoted by the core at the requested amount. */
  requested: Offer,
  /**
   * What the shopper may sign: the requested plan (approve) or the counter-offer, which finances
   * less with the rest paid as a down payment at the till. Null unless approved or counter-offered.
   */
  approved: z.object({ amountFinancedFen: Fen, downPaymentFen: Fen, offer: Offer }).nullable(),
  reasons: z.array(DecisionReason).max(4),
  /** A person can look at a decline or referral again (PIPL art. 24): true for `declined` and `referred`. */
  humanReviewAvailable: z.boolean(),
  /** The kiosk decided without HQ (offline rules applied). */
  offline: z.boolean(),
  applicant: z.object({ name: z.string(), residentIdMasked: z.string(), mobileMasked: z.string() }),
  modelVersion: z.string(),
  decidedAt: z.number().int(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

/** Why staff cancel an agreement in the cooling-off period: codes, never free text (it would reach HQ). */
export const CancelReason = z.enum(['shopper_withdrew', 'goods_returned', 'entered_in_error']);
export type CancelReason = z.infer<typeof CancelReason>;

/** Why an unsigned approval was given up. */
export const WithdrawReason = z.enum(['shopper_declined', 'session_ended', 'lapsed']);
export type WithdrawReason = z.infer<typeof WithdrawReason>;

export const KeyTerms = z.object({
  applicationId: z.string(),
  /** The contract as the shopper sees and signs it: self-contained, escaped HTML (no scripts, no inline styles). */
  html: z.string(),
  /** sha256 (hex) of `html`; signing names it, so the signature binds to exactly this text. */
  htmlHash: z.string().regex(/^[0-9a-f]{64}$/),
  coolingOffDays: z.number().int().positive(),
});
export type KeyTerms = z.infer<typeof KeyTerms>;

/** A PNG data URL of the signature as drawn; 300 kB is far above any real signature at kiosk size. */
export const SignatureImage = z
  .string()
  .max(400_000)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);

/**
 * The blocklist HQ publishes: keyed HMACs (hex) of resident ID or mobile numbers under the fleet
 * identity key, never the numbers themselves. The demo store ships one for synthetic test IDs.
 */
export const BlocklistDataset = z
  .object({
    dataset: z.literal('blocklist'),
    version: z.string().min(1),
    entries: z.array(
      z.object({ kind: z.enum(['resident_id', 'mobile']), hmac: z.string().regex(/^[0-9a-f]{64}$/), reason: z.string().min(1).max(64) }).strict(),
    ),
  })
  .strict();
export type BlocklistDataset = z.infer<typeof BlocklistDataset>;

/**
 * Why staff decided an application themselves or sent it to HQ: codes, never free text (it goes
 * to HQ and into the audit log). Each decision has its own reasons.
 */
export const STAFF_DECISION_REASONS = {
  approve: ['income_proof_seen', 'identity_confirmed', 'existing_customer'],
  decline: ['could_not_verify', 'affordability_concern', 'customer_withdrew'],
  escalate: ['needs_credit_team', 'above_authority'],
} as const;
export const StaffDecision = z.enum(['approve', 'decline', 'escalate']);
export type StaffDecision = z.infer<typeof StaffDecision>;
export const StaffDecisionReason = z.enum([...STAFF_DECISION_REASONS.approve, ...STAFF_DECISION_REASONS.decline, ...STAFF_DECISION_REASONS.escalate]);
export type StaffDecisionReason = z.infer<typeof StaffDecisionReason>;

/** An application for staff to look at (referred, pending at HQ, or a decline whose review was asked for). */
export const StaffApplicationItem = z.object({
  applicationId: z.string(),
  reference: z.string(),
  status: ApplicationStatus,
  requestedAmountFen: Fen,
  termMonths: z.number().int(),
  monthlyPaymentFen: Fen,
  /** The applicant as the screen shows them: name, and the masked mobile. */
  applicant: z.object({ name: z.string(), mobileMasked: z.string() }),
  reasons: z.array(DecisionReason),
  /** Why a person must look (staff only). */
  signals: z.array(DecisionSignal),
  createdAt: z.number().int(),
  /** The customer's visit is still open: an approval can be signed now. */
  visitOpen: z.boolean(),
  reviewRequested: z.boolean(),
  /** Sent to HQ's credit team by staff, waiting for its decision. */
  escalatedAt: z.number().int().nullable(),
  assistedBy: z.string().nullable(),
});
export type StaffApplicationItem = z.infer<typeof StaffApplicationItem>;

export const creditChannels = {
  /**
   * A credit application: validated, decided (zen-engine graph) and stored with its outbox row
   * before the answer returns. Field problems come back as ID_* / MOBILE_FORMAT errors with `field`.
   */
  applyForCredit: {
    access: 'shopper',
    request: ApplyRequest,
    response: z.object({ application: ApplicationView }),
  },
  /**
   * Where an application stands now, by the id the shopper holds (on the screen or the slip):
   * a `pending` one shows HQ's decision once it came down, masks only, as applyForCredit answers.
   */
  applicationStatus: {
    access: 'shopper',
    request: z.object({ applicationId: Id }).strict(),
    response: z.object({ application: ApplicationView }),
  },
  /** What staff have to look at in this store, newest first, and how much they may approve. */
  staffApplications: {
    access: 'staff',
    request: z.object({}).strict(),
    response: z.object({ applications: z.array(StaffApplicationItem), approvalLimitFen: Fen.nullable() }),
  },
  /**
   * Staff approve or decline a referral within their authority (the roster's amount limit), or
   * send it to HQ's credit team. An approval needs the customer's visit open (they sign next).
   */
  staffDecideApplication: {
    access: 'staff',
    request: z
      .object({ applicationId: Id, decision: StaffDecision, reason: StaffDecisionReason })
      .strict()
      .refine((r) => (STAFF_DECISION_REASONS[r.decision] as readonly string[]).includes(r.reason), { message: 'this reason is not one for this decision', path: ['reason'] }),
    response: z.object({ application: StaffApplicationItem }),
  },
  /** A declined or referred application goes to a person (PIPL art. 24). */
  requestHumanReview: {
    access: 'shopper',
    request: z.object({ applicationId: Id }).strict(),
    response: z.object({ requested: z.boolean(), reference: z.string() }),
  },
  /** The shopper turns down an approval or counter-offer before signing; the plan's quota is freed. */
  withdrawApplication: {
    access: 'shopper',
    request: z.object({ applicationId: Id }).strict(),
    response: z.object({ withdrawn: z.boolean() }),
  },
  /** The key-terms contract for an approved (or counter-offered) application, in the shopper's language. */
  keyTerms: {
    access: 'shopper',
    request: z.object({ applicationId: Id, locale: Locale }).strict(),
    response: KeyTerms,
  },
  /** Signs exactly the contract shown (named by its hash) with the signature drawn on screen. */
  signContract: {
    access: 'shopper',
    request: z.object({ applicationId: Id, locale: Locale, htmlHash: z.string().regex(/^[0-9a-f]{64}$/), signature: SignatureImage }).strict(),
    response: z.object({ contractId: z.string(), signedAt: z.number().int(), contractHash: z.string() }),
  },
} as const satisfies Record<string, ChannelDef>;
