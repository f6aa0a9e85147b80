import { z } from 'zod';
import { Empty, Id, type ChannelDef } from './channel.ts';
import { MAX_COMPARE } from './limits.ts';

/** Every shopper-facing string ships in both languages; zh-CN is the default. */
export const LocalizedText = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Fen = z.number().int().nonnegative();

const SpecOption = z.object({ value: z.string().min(1), label: LocalizedText });

/** How one category describes its products (capacity in L, horsepower, screen size …). */
export const SpecDef = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
  label: LocalizedText,
  kind: z.enum(['number', 'enum', 'boolean', 'text']),
  unit: LocalizedText.optional(),
  options: z.array(SpecOption).optional(),
  /** Shown as a chip on the product card. */
  key_spec: z.boolean().default(false),
});
export type SpecDef = z.infer<typeof SpecDef>;

export const SpecValue = z.union([z.number(), z.string(), z.boolean()]);
export type SpecValue = z.infer<typeof SpecValue>;

export const EnergyGrade = z.number().int().min(1).max(5);

/** What the store's delivery team can do with the goods: install them, take the old unit away. */
export const DeliveryService = z.enum(['installation', 'haul_away']);
export type DeliveryService = z.infer<typeof DeliveryService>;

export const CategoryData = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: LocalizedText,
  art: z.string().min(1),
  sortOrder: z.number().int(),
  specs: z.array(SpecDef),
  /** Services delivery offers for this category (air conditioners and water heaters need installing). */
  services: z.array(DeliveryService).default([]),
});
export type CategoryData = z.infer<typeof CategoryData>;

export const BrandData = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), name: LocalizedText });
export type BrandData = z.infer<typeof BrandData>;

export const ProductData = z
  .object({
    id: z.uuid(),
    sku: z.string().min(1),
    model: z.string().min(1),
    categoryId: z.string(),
    brandId: z.string(),
    name: LocalizedText,
    priceFen: Fen,
    listPriceFen: Fen,
    energyGrade: EnergyGrade.nullable(),
    /** Key of a bundled product illustration (resources/product-art). */
    art: z.string().min(1),
    specs: z.record(z.string(), SpecValue),
    highlights: z.array(LocalizedText).max(5),
    popularity: z.number().int().nonnegative(),
    releasedOn: z.iso.date(),
    stock: z.number().int().nonnegative(),
  })
  .refine((p) => p.listPriceFen >= p.priceFen, { message: 'listPriceFen must be >= priceFen', path: ['listPriceFen'] });
export type ProductData = z.infer<typeof ProductData>;

/**
 * A store promotion. Kinds (all amounts in fen):
 * - `threshold` (满减): eligible items in the cart totalling ≥ thresholdFen take discountFen off,
 *   once per full threshold when `repeat` is set (每满), else once.
 * - `percent`: eligible items take `percent`% off, capped at maxDiscountFen per cart if given.
 * - `bundle` (套购): one eligible item from each of bundleCategoryIds bought together takes
 *   discountFen off, once per complete set.
 * Eligibility: categoryIds / brandIds (empty = any); dates are inclusive, in store local time.
 */
export const PromotionData = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    kind: z.enum(['threshold', 'percent', 'bundle']),
    title: LocalizedText,
    description: LocalizedText,
    art: z.string().min(1),
    categoryIds: z.array(z.string()).default([]),
    brandIds: z.array(z.string()).default([]),
    bundleCategoryIds: z.array(z.string()).min(2).optional(),
    thresholdFen: Fen.positive().optional(),
    discountFen: Fen.positive().optional(),
    repeat: z.boolean().default(false),
    percent: z.number().int().min(1).max(50).optional(),
    maxDiscountFen: Fen.positive().optional(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    priority: z.number().int().default(0),
  })
  .refine(
    (p) =>
      (p.kind === 'threshold' && p.thresholdFen !== undefined && p.discountFen !== undefined && p.discountFen < p.thresholdFen) ||
      (p.kind === 'percent' && p.percent !== undefined) ||
      (p.kind === 'bundle' && p.bundleCategoryIds !== undefined && p.discountFen !== undefined),
    { message: 'promotion fields do not fit its kind' },
  )
  .refine((p) => p.startsOn <= p.endsOn, { message: 'startsOn must not be after endsOn', path: ['endsOn'] });
export type PromotionData = z.infer<typeof PromotionData>;

/** A catalog dataset as shipped in resources/demo-store and, later, as published by HQ. */
export const CatalogDataset = z.object({
  dataset: z.literal('catalog'),
  version: z.string().min(1),
  store: z.object({
    id: z.string().min(1),
    name: LocalizedText,
    /** Where the store delivers: a shopper picks one of these for a delivery. */
    deliveryDistricts: z.array(z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), name: LocalizedText })).default([]),
  }),
  categories: z.array(CategoryData).min(1),
  brands: z.array(BrandData).min(1),
  products: z.array(ProductData),
  promotions: z.array(PromotionData).default([]),
});
export type CatalogDataset = z.infer<typeof CatalogDataset>;

/**
 * The datasets HQ publishes next to the catalog (DESIGN.md §7), each a whole snapshot for a store.
 * The publication envelope's `effectiveAt` says when a snapshot takes effect; until then the kiosk
 * keeps it (stored, surviving restarts) and goes on with what is in effect.
 *
 * - `prices`: the store's price list. A product it lists costs `priceFen`; `listPriceFen` (the
 *   crossed-out price) defaults to the catalog's list price, raised to `priceFen` when that is
 *   higher. A product it omits keeps the catalog's own price: a price list never removes a product
 *   nor makes one free, and a later catalog changes the prices of products no price list names.
 *   A product the kiosk does not know (yet) is kept in the list and priced when a catalog brings it.
 * - `stock`: units on hand per product. A product it omits keeps the quantity it had; one the
 *   kiosk does not know is ignored. Stock takes effect when applied (it describes the present).
 * - `promotions`: the store's promotions, each with its own `startsOn`/`endsOn` window as in the
 *   catalog. Once a promotions snapshot is in effect it replaces the catalog's `promotions` for
 *   good (a later catalog no longer changes them).
 */
const uniqueBy =
  <T>(key: (item: T) => string, what: string) =>
  (items: readonly T[], ctx: z.core.$RefinementCtx<readonly T[]>) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `${what} ${k} is listed twice`, path: [i] });
      seen.add(k);
    });
  };

export const PriceEntry = z
  .object({ productId: z.uuid(), priceFen: Fen, listPriceFen: Fen.optional() })
  .strict()
  .refine((p) => p.listPriceFen === undefined || p.listPriceFen >= p.priceFen, { message: 'listPriceFen must be >= priceFen', path: ['listPriceFen'] });
export type PriceEntry = z.infer<typeof PriceEntry>;

export const PricesDataset = z
  .object({
    dataset: z.literal('prices'),
    version: z.string().min(1).max(64),
    prices: z.array(PriceEntry).superRefine(uniqueBy((p: PriceEntry) => p.productId, 'product')),
  })
  .strict();
export type PricesDataset = z.infer<typeof PricesDataset>;

export const StockEntry = z.object({ productId: z.uuid(), quantity: z.number().int().nonnegative() }).strict();
export type StockEntry = z.infer<typeof StockEntry>;

export const StockDataset = z
  .object({
    dataset: z.literal('stock'),
    version: z.string().min(1).max(64),
    stock: z.array(StockEntry).superRefine(uniqueBy((s: StockEntry) => s.productId, 'product')),
  })
  .strict();
export type StockDataset = z.infer<typeof StockDataset>;

export const PromotionsDataset = z
  .object({
    dataset: z.literal('promotions'),
    version: z.string().min(1).max(64),
    promotions: z.array(PromotionData).superRefine(uniqueBy((p: PromotionData) => p.id, 'promotion')),
  })
  .strict();
export type PromotionsDataset = z.infer<typeof PromotionsDataset>;

// The catalog as the kiosk API serves it.

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
  /**
   * 到手价: one unit's price after today's promotions — what the cart charges for it and what a
   * plan finances. The one price to show as "the price"; equal to priceFen when no promotion applies.
   */
  dealPriceFen: Fen,
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

export const catalogChannels = {
  listCategories: {
    access: 'shopper',
    request: Empty,
    response: z.object({ categories: z.array(CategorySummary) }),
  },
  queryProducts: {
    access: 'shopper',
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
    access: 'shopper',
    request: z.object({ id: Id }).strict(),
    response: z.object({ product: ProductDetail }),
  },
  compareProducts: {
    access: 'shopper',
    request: z.object({ ids: z.array(Id).min(2).max(MAX_COMPARE) }).strict(),
    response: z.object({
      products: z.array(ProductDetail),
      /** Rows to show: every spec of the compared products' categories, in category order. */
      specs: z.array(SpecDef),
      /** Row keys whose values differ: spec keys, plus 'price', 'brand', 'energyGrade'. */
      differing: z.array(z.string()),
    }),
  },
  listPromotions: {
    access: 'shopper',
    request: Empty,
    response: z.object({ promotions: z.array(PromotionSummary) }),
  },
} as const satisfies Record<string, ChannelDef>;
