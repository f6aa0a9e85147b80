import { z } from 'zod';

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

export const CategoryData = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: LocalizedText,
  art: z.string().min(1),
  sortOrder: z.number().int(),
  specs: z.array(SpecDef),
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
  store: z.object({ id: z.string().min(1), name: LocalizedText }),
  categories: z.array(CategoryData).min(1),
  brands: z.array(BrandData).min(1),
  products: z.array(ProductData),
  promotions: z.array(PromotionData).default([]),
});
export type CatalogDataset = z.infer<typeof CatalogDataset>;
