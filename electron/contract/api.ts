import { z } from 'zod';
import { EnergyGrade, Fen, LocalizedText, SpecDef, SpecValue } from './catalog.ts';
import type { ApiResult } from './errors.ts';
import { ApplicationView, ApplyRequest, Fulfilment, KeyTerms, OrderView, DeliverySlot, SignatureImage } from './credit.ts';
import { Offer, OfferReason } from './finance.ts';
import { MAX_CART_LINES, MAX_COMPARE, MAX_QUANTITY } from './limits.ts';

/**
 * The kiosk API: one request/response schema per channel. The renderer calls
 * `kiosk.<channel>(input)`; Electron carries it over IPC, the web host over
 * `POST /api/<channel>`. Both ends validate with these schemas.
 */

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(64);

export const CategorySummary = z.object({
  id: Id,
  name: LocalizedText,
  art: z.string(),
  productCount: z.number().int().nonnegative(),
  fromPriceFen: Fen.nullable(),
});
export type CategorySummary = z.infer<typeof CategorySummary>;

export const CategoryInfo = z.object({ id: Id, name: LocalizedText, art: z.string(), specs: z.array(SpecDef) });
export type CategoryInfo = z.infer<typeof CategoryInfo>;

export const ProductCard = z.object({
  id: Id,
  model: z.string(),
  name: LocalizedText,
  brand: LocalizedText,
  priceFen: Fen,
  listPriceFen: Fen,
  energyGrade: EnergyGrade.nullable(),
  art: z.string(),
  /** Values of the category's key specs, in the category's spec order. */
  keySpecs: z.record(z.string(), SpecValue),
  stock: z.number().int().nonnegative(),
  /** "From ¥X/month": the lowest monthly payment among this product's finance offers; null when none qualifies. */
  fromMonthlyFen: Fen.nullable().optional(),
});
export type ProductCard = z.infer<typeof ProductCard>;

export const PromotionSummary = z.object({
  id: z.string(),
  kind: z.enum(['threshold', 'percent', 'bundle']),
  title: LocalizedText,
  description: LocalizedText,
  art: z.string(),
  endsOn: z.string(),
});
export type PromotionSummary = z.infer<typeof PromotionSummary>;

export const ProductDetail = ProductCard.extend({
  sku: z.string(),
  category: CategoryInfo,
  specs: z.record(z.string(), SpecValue),
  highlights: z.array(LocalizedText),
  releasedOn: z.string(),
  /** Active promotions this product takes part in. */
  promotions: z.array(PromotionSummary),
  /** Same category, similar price, most popular first (at most 6). */
  related: z.array(ProductCard),
  /** Products to buy together with this one under a bundle promotion (e.g. washer + dryer). */
  bundles: z.array(z.object({ promotion: PromotionSummary, products: z.array(ProductCard) })),
});
export type ProductDetail = z.infer<typeof ProductDetail>;

export const ProductSort = z.enum(['relevance', 'popularity', 'price_asc', 'price_desc', 'newest']);
export type ProductSort = z.infer<typeof ProductSort>;

/**
 * A filter facet with its values and how many products each would show, given every other
 * selected filter (standard faceted counts). Keys: `brand`, `price`, `energyGrade`, `inStock`,
 * and `spec.<key>` for the category's specs. Values are opaque strings the core understands:
 * an enum option, a discrete number ("1.5"), a range ("200-400", open ends "-200", "600-"),
 * or "true".
 */
export const Facet = z.object({
  key: z.string(),
  label: LocalizedText,
  values: z.array(
    z.object({ value: z.string(), label: LocalizedText, count: z.number().int().nonnegative(), selected: z.boolean() }),
  ),
});
export type Facet = z.infer<typeof Facet>;

export const ProductQuery = z
  .object({
    /** Absent: the whole store (search from the home screen). */
    categoryId: Id.optional(),
    /** Search text: Chinese characters, full pinyin, pinyin initials, English, model numbers. */
    text: z.string().trim().max(64).default(''),
    /** Selected facet values per facet key; values of one facet are OR-ed, facets AND-ed. */
    filters: z.record(z.string().max(64), z.array(z.string().max(64)).max(20)).default({}),
    /** Default: relevance when there is text, else popularity. */
    sort: ProductSort.optional(),
    offset: z.number().int().min(0).max(100_000).default(0),
    limit: z.number().int().min(1).max(100).default(24),
  })
  .strict();
export type ProductQuery = z.input<typeof ProductQuery>;

export const CartLine = z.object({ productId: Id, quantity: z.number().int().min(1).max(MAX_QUANTITY) });
export type CartLine = z.infer<typeof CartLine>;

/** What the kiosk records about shopping (no personal data); HQ learns it through the outbox. */
export const ShopperEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('product_viewed'), productId: Id }),
  z.object({ type: z.literal('search'), text: z.string().max(64), resultCount: z.number().int().nonnegative(), categoryId: Id.optional() }),
  z.object({ type: z.literal('filter_used'), categoryId: Id.optional(), facet: z.string().max(64), value: z.string().max(64) }),
  z.object({ type: z.literal('compared'), productIds: z.array(Id).min(2).max(MAX_COMPARE) }),
  z.object({ type: z.literal('cart_added'), productId: Id, quantity: z.number().int().min(1).max(MAX_QUANTITY) }),
]);
export type ShopperEvent = z.infer<typeof ShopperEvent>;

export const SessionEndReason = z.enum(['idle', 'finished', 'staff']);

export const channels = {
  appInfo: {
    request: Empty,
    response: z.object({
      version: z.string(),
      shell: z.enum(['electron', 'web']),
      store: z.object({ id: z.string(), name: LocalizedText }),
      defaultLocale: Locale,
      idle: z.object({ timeoutMs: z.number().int().positive(), warningMs: z.number().int().positive() }),
    }),
  },
  listCategories: {
    request: Empty,
    response: z.object({ categories: z.array(CategorySummary) }),
  },
  queryProducts: {
    request: ProductQuery,
    response: z.object({
      /** Present when the query named a category. */
      category: CategoryInfo.optional(),
      total: z.number().int().nonnegative(),
      items: z.array(ProductCard),
      /** The sort actually applied. */
      sort: ProductSort,
      facets: z.array(Facet),
      /** When nothing matched the text: corrected queries that would match (typo tolerance). */
      didYouMean: z.array(z.string()),
    }),
  },
  getProduct: {
    request: z.object({ id: Id }).strict(),
    response: z.object({ product: ProductDetail }),
  },
  compareProducts: {
    request: z.object({ ids: z.array(Id).min(2).max(MAX_COMPARE) }).strict(),
    response: z.object({
      products: z.array(ProductDetail),
      /** Rows to show: every spec of the compared products' categories, in category order. */
      specs: z.array(SpecDef),
      /** Row keys whose values differ: spec keys, plus 'price', 'brand', 'energyGrade'. */
      differing: z.array(z.string()),
    }),
  },
  quoteCart: {
    request: z.object({ items: z.array(CartLine).max(MAX_CART_LINES) }).strict(),
    response: z.object({
      lines: z.array(z.object({ product: ProductCard, quantity: z.number().int(), lineTotalFen: Fen })),
      subtotalFen: Fen,
      discounts: z.array(z.object({ promotion: PromotionSummary, amountFen: Fen })),
      totalFen: Fen,
    }),
  },
  listPromotions: {
    request: Empty,
    response: z.object({ promotions: z.array(PromotionSummary) }),
  },
  track: {
    request: z.object({ sessionId: Id, event: ShopperEvent }).strict(),
    response: z.object({ recorded: z.boolean() }),
  },
  startSession: {
    request: z.object({ locale: Locale }).strict(),
    response: z.object({ sessionId: z.string() }),
  },
  endSession: {
    request: z.object({ sessionId: Id, reason: SessionEndReason }).strict(),
    response: z.object({ ended: z.boolean() }),
  },
  /** Installment offers for one product (its price) or a cart (its total after promotions). */
  financeOffers: {
    request: z.union([z.object({ productId: Id }).strict(), z.object({ items: z.array(CartLine).min(1).max(MAX_CART_LINES) }).strict()]),
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
  /**
   * A credit application: validated, decided (zen-engine graph) and stored with its outbox row
   * before the answer returns. Field problems come back as ID_* / MOBILE_FORMAT errors with `field`.
   */
  applyForCredit: {
    request: ApplyRequest,
    response: z.object({ application: ApplicationView }),
  },
  /** A declined or referred application goes to a person (PIPL art. 24). */
  requestHumanReview: {
    request: z.object({ applicationId: Id }).strict(),
    response: z.object({ requested: z.boolean(), reference: z.string() }),
  },
  /** The shopper turns down an approval or counter-offer before signing; the plan's quota is freed. */
  withdrawApplication: {
    request: z.object({ applicationId: Id }).strict(),
    response: z.object({ withdrawn: z.boolean() }),
  },
  /** The key-terms contract for an approved (or counter-offered) application, in the shopper's language. */
  keyTerms: {
    request: z.object({ applicationId: Id, locale: Locale }).strict(),
    response: KeyTerms,
  },
  /** Signs exactly the contract shown (named by its hash) with the signature drawn on screen. */
  signContract: {
    request: z.object({ applicationId: Id, locale: Locale, htmlHash: z.string().regex(/^[0-9a-f]{64}$/), signature: SignatureImage }).strict(),
    response: z.object({ contractId: z.string(), signedAt: z.number().int(), contractHash: z.string() }),
  },
  /** Delivery and installation windows for a signed application's goods. */
  deliverySlots: {
    request: z.object({ applicationId: Id }).strict(),
    response: z.object({ pickupToday: z.boolean(), slots: z.array(DeliverySlot) }),
  },
  /** Turns a signed application into an order with a pickup code for the cashier. */
  placeOrder: {
    request: z.object({ applicationId: Id, fulfilment: Fulfilment }).strict(),
    response: z.object({ order: OrderView }),
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];
export type ChannelRequest<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.output<Channels[C]['response']>;

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

/** Events pushed from the core to every open renderer. */
export const events = {
  'catalog.updated': z.object({ version: z.string() }),
} as const satisfies Record<string, z.ZodType>;
export type EventName = keyof typeof events;
export type KioskEvent = { [E in EventName]: { name: E; payload: z.output<(typeof events)[E]> } }[EventName];
export const KioskEventSchema = z.discriminatedUnion(
  'name',
  Object.entries(events).map(([name, payload]) => z.object({ name: z.literal(name), payload })) as unknown as [
    z.ZodObject<{ name: z.ZodLiteral<EventName>; payload: z.ZodType }>,
  ],
);

/** What `window.kiosk` offers, whatever the transport. */
export type KioskApi = {
  [C in ChannelName]: (input: ChannelRequest<C>) => Promise<ApiResult<ChannelResponse<C>>>;
} & {
  on: (listener: (event: KioskEvent) => void) => () => void;
};

/** The raw bridge the Electron preload exposes; the renderer wraps it with validation. */
export type KioskBridge = {
  [C in ChannelName]: (input: unknown) => Promise<unknown>;
} & {
  on: (listener: (event: unknown) => void) => () => void;
};

/** IPC channel prefix shared by preload and main. */
export const IPC_PREFIX = 'kiosk:';
export const IPC_EVENT = 'kiosk-event';
