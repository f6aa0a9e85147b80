import { z } from 'zod';
import { Purchase } from './cart.ts';
import type { ChannelDef } from './channel.ts';
import { Fen, LocalizedText } from './catalog.ts';

/**
 * The finance dataset (DESIGN.md §5): lenders, their installment products, the APR cap and the
 * routing ("撮合") rules. Shipped in resources/finance as the demo seed; later published by HQ.
 * Rates are plain fractions (0.006 = 0.6 % per month). All money is integer fen.
 */

export const FinanceKind = z.enum(['equal_installment', 'flat_fee', 'interest_free']);
export type FinanceKind = z.infer<typeof FinanceKind>;

const DataId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(64);

/** Why a finance product's monthly rate must stay below 10 %: anything above is a data error. */
const MAX_MONTHLY_RATE = 0.1;

export const FinanceTerm = z
  .object({
    months: z.number().int().min(2).max(60),
    /**
     * What the customer pays per month: the rate on the outstanding balance (equal_installment)
     * or the fee on the original principal (flat_fee); 0 for interest_free.
     */
    monthlyRate: z.number().min(0).lt(MAX_MONTHLY_RATE),
    /**
     * interest_free only: the discount (贴息) the merchant/brand pays the lender instead of the
     * customer, quoted like a flat fee — per month on the original principal, paid up front.
     * subsidy = principal × merchantMonthlyRate × months (rounded to the fen).
     */
    merchantMonthlyRate: z.number().gt(0).lt(MAX_MONTHLY_RATE).optional(),
  })
  .strict();
export type FinanceTerm = z.infer<typeof FinanceTerm>;

export const LenderData = z
  .object({
    id: DataId,
    name: LocalizedText,
    /** Higher first, after the product's own priority (routing rule `priority`). */
    priority: z.number().int().default(0),
  })
  .strict();
export type LenderData = z.infer<typeof LenderData>;

export const FinanceProductData = z
  .object({
    id: DataId,
    lenderId: DataId,
    kind: FinanceKind,
    name: LocalizedText,
    terms: z.array(FinanceTerm).min(1).max(12),
    minAmountFen: Fen.positive(),
    maxAmountFen: Fen.positive(),
    /** Catalog category ids this product finances; empty = every category. */
    categoryIds: z.array(z.string().min(1)).default([]),
    /** Higher first (routing rule `priority`). */
    priority: z.number().int().default(0),
    /** Applications per kiosk per store day; once used up the product is not offered that day. */
    dailyQuota: z.number().int().positive(),
    /**
     * interest_free only: what the merchant/brand can still fund (total, from the moment this
     * dataset is applied). A plan whose subsidy the remaining budget cannot cover is not offered.
     */
    subsidyBudgetFen: Fen.optional(),
    /** May be approved by the kiosk while HQ is unreachable (DESIGN.md §5), up to offlineMaxAmountFen. */
    offlineApprovable: z.boolean().default(false),
    offlineMaxAmountFen: Fen.default(0),
    active: z.boolean().default(true),
    /** Inclusive store-local dates; absent = open-ended. */
    startsOn: z.iso.date().optional(),
    endsOn: z.iso.date().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
    if (p.minAmountFen > p.maxAmountFen) issue('minAmountFen must not exceed maxAmountFen', ['minAmountFen']);
    if (p.startsOn !== undefined && p.endsOn !== undefined && p.startsOn > p.endsOn) issue('startsOn must not be after endsOn', ['endsOn']);
    const months = new Set<number>();
    p.terms.forEach((t, i) => {
      if (months.has(t.months)) issue(`term of ${t.months} months is listed twice`, ['terms', i, 'months']);
      months.add(t.months);
      if (p.kind === 'interest_free') {
        if (t.monthlyRate !== 0) issue('interest_free terms cost the customer nothing: monthlyRate must be 0', ['terms', i, 'monthlyRate']);
        if (t.merchantMonthlyRate === undefined) issue('interest_free terms need the merchant rate', ['terms', i, 'merchantMonthlyRate']);
      } else {
        if (!(t.monthlyRate > 0)) issue('monthlyRate must be in (0, 0.1)', ['terms', i, 'monthlyRate']);
        if (t.merchantMonthlyRate !== undefined) issue('merchantMonthlyRate is for interest_free terms only', ['terms', i, 'merchantMonthlyRate']);
      }
    });
    if (p.kind === 'interest_free' && p.subsidyBudgetFen === undefined) issue('interest_free products need a subsidy budget', ['subsidyBudgetFen']);
    if (p.kind !== 'interest_free' && p.subsidyBudgetFen !== undefined) issue('only interest_free products have a subsidy budget', ['subsidyBudgetFen']);
    if (p.offlineApprovable && p.offlineMaxAmountFen === 0) issue('an offline-approvable product needs an offline cap', ['offlineMaxAmountFen']);
    if (p.offlineMaxAmountFen > p.maxAmountFen) issue('offlineMaxAmountFen must not exceed maxAmountFen', ['offlineMaxAmountFen']);
  });
export type FinanceProductData = z.infer<typeof FinanceProductData>;

/**
 * How offers for the same plan are ranked across lenders, first rule first:
 * - `customer_cost`: lower total cost, then lower APR, then lower monthly payment;
 * - `subsidy_left`: more of the merchant's subsidy budget left after this plan (plans that need
 *   no subsidy leave it all);
 * - `quota_left`: more of the lender's daily quota left at this kiosk;
 * - `priority`: higher product priority, then higher lender priority.
 */
export const RoutingRule = z.enum(['customer_cost', 'subsidy_left', 'quota_left', 'priority']);
export type RoutingRule = z.infer<typeof RoutingRule>;
export const DEFAULT_ROUTING: readonly RoutingRule[] = ['customer_cost', 'subsidy_left', 'quota_left', 'priority'];

export const FinanceDataset = z
  .object({
    dataset: z.literal('finance'),
    version: z.string().min(1),
    /** Offers whose simple annualised rate (12 × monthly IRR) is above this are never shown. */
    aprCap: z.number().gt(0).max(1).default(0.24),
    /**
     * While HQ is unreachable the kiosk approves at most this much credit per store day in total
     * (each application also stays under its product's offlineMaxAmountFen); the rest is pending.
     */
    offlineDailyCapFen: Fen.default(3_000_000),
    lenders: z.array(LenderData).min(1),
    products: z.array(FinanceProductData).min(1),
    routing: z
      .object({
        order: z
          .array(RoutingRule)
          .min(1)
          .refine((order) => new Set(order).size === order.length, { message: 'a routing rule is listed twice' })
          .default([...DEFAULT_ROUTING]),
      })
      .strict()
      .default({ order: [...DEFAULT_ROUTING] }),
  })
  .strict()
  .superRefine((d, ctx) => {
    const lenders = new Set<string>();
    d.lenders.forEach((l, i) => {
      if (lenders.has(l.id)) ctx.addIssue({ code: 'custom', message: `lender ${l.id} is listed twice`, path: ['lenders', i, 'id'] });
      lenders.add(l.id);
    });
    const products = new Set<string>();
    d.products.forEach((p, i) => {
      if (products.has(p.id)) ctx.addIssue({ code: 'custom', message: `finance product ${p.id} is listed twice`, path: ['products', i, 'id'] });
      products.add(p.id);
      if (!lenders.has(p.lenderId)) ctx.addIssue({ code: 'custom', message: `no lender ${p.lenderId}`, path: ['products', i, 'lenderId'] });
    });
  });
export type FinanceDataset = z.infer<typeof FinanceDataset>;

/** One plan the shopper can choose: a finance product at one term, routed to its lender. */
export const Offer = z.object({
  productId: z.string(),
  lenderId: z.string(),
  lender: LocalizedText,
  kind: FinanceKind,
  name: LocalizedText,
  termMonths: z.number().int().positive(),
  monthlyPaymentFen: Fen,
  firstPaymentFen: Fen,
  lastPaymentFen: Fen,
  /** What the customer pays on top of the amount financed. */
  totalCostFen: Fen,
  totalPaidFen: Fen,
  /**
   * Annualised rate by IRR on the cash flows (PBOC 2021 No. 3): `simpleAnnual` = 12 × monthly
   * IRR (the figure to show, labelled as such), `compoundAnnual` = (1 + IRR)^12 − 1 alongside.
   */
  apr: z.object({ simpleAnnual: z.number().nonnegative(), compoundAnnual: z.number().nonnegative() }),
  /** interest_free: what the merchant/brand pays the lender for this plan; else 0. */
  subsidyFen: Fen,
  /** The kiosk may approve this plan while HQ is unreachable (product flag and amount under its offline cap). */
  offlineApprovable: z.boolean(),
});
export type Offer = z.infer<typeof Offer>;

/** Why the best offer is first; the renderer translates each code (finance.why.<code>). */
export const OfferReason = z.enum([
  'ONLY_OFFER',
  'INTEREST_FREE',
  'SUBSIDISED_BY_MERCHANT',
  'LOWEST_TOTAL_COST',
  'LOWEST_APR',
  'LOWEST_MONTHLY_PAYMENT',
  'MOST_SUBSIDY_LEFT',
  'MOST_QUOTA_LEFT',
  'LENDER_PRIORITY',
]);
export type OfferReason = z.infer<typeof OfferReason>;

export const financeChannels = {
  /** Installment offers for one product (its price) or a cart (its total after promotions). */
  financeOffers: {
    access: 'shopper',
    request: Purchase,
    response: z.object({
      amountFen: Fen,
      /** The routed offer per term (one lender each), shortest term first; none above the APR cap. */
      offers: z.array(Offer),
      /** The top-ranked offer, which `why` explains. */
      best: Offer.nullable(),
      why: z.array(OfferReason).max(4),
      /** The cap on the simple annualised rate (12 × monthly IRR) the offers were filtered by. */
      aprCap: z.number(),
    }),
  },
} as const satisfies Record<string, ChannelDef>;
