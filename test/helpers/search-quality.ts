/**
 * What "search ranks well" means for this store, as cases with a known intended answer, shared by
 * the quality unit test (ours only, must hold) and the search bench (ours against FlexSearch and
 * MiniSearch on the 20,000-product catalog). Intended categories are the generator's category ids.
 */
import type { ChannelResponse } from '../../electron/contract/api.ts';
import { SHOPPER } from '../../electron/contract/channel.ts';
import type { CatalogDataset, ProductData } from '../../electron/contract/catalog.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';

/** The shopper means a product of this category, or of this brand when the query names only a brand. */
export type Intent = { categoryId: string } | { brandId: string };

export interface QualityCase {
  text: string;
  intent: Intent;
}

/** (i) The first result should be in the intended category. */
export const TOP_RESULT: readonly QualityCase[] = [
  { text: 'haier 470', intent: { categoryId: 'refrigerators' } },
  { text: 'kongtiao', intent: { categoryId: 'air-conditioners' } },
  { text: '冰箱', intent: { categoryId: 'refrigerators' } },
  { text: 'fridge', intent: { categoryId: 'refrigerators' } },
  { text: 'washing machine', intent: { categoryId: 'washing-machines' } },
  { text: 'xiyiji', intent: { categoryId: 'washing-machines' } },
  { text: '电视 65', intent: { categoryId: 'televisions' } },
  { text: '海尔冰箱', intent: { categoryId: 'refrigerators' } },
  { text: 'haierbingxiang', intent: { categoryId: 'refrigerators' } },
  { text: 'geli kongtiao', intent: { categoryId: 'air-conditioners' } },
  { text: 'KFR-35', intent: { categoryId: 'air-conditioners' } },
  { text: 'BCD-4', intent: { categoryId: 'refrigerators' } },
  { text: 'reshuiqi', intent: { categoryId: 'water-heaters' } },
  { text: '洗碗机', intent: { categoryId: 'dishwashers' } },
  { text: 'air purifier', intent: { categoryId: 'air-purifiers' } },
  { text: 'dianshi', intent: { categoryId: 'televisions' } },
  { text: 'xichenqi', intent: { categoryId: 'vacuum-cleaners' } },
  { text: 'ganyiji', intent: { categoryId: 'dryers' } },
];

/** (ii) Pinyin initials of a category's name: how many of the top 5 are in that category. */
export const INITIALS: readonly QualityCase[] = [
  { text: 'bx', intent: { categoryId: 'refrigerators' } },
  { text: 'kt', intent: { categoryId: 'air-conditioners' } },
  { text: 'rsq', intent: { categoryId: 'water-heaters' } },
  { text: 'xyj', intent: { categoryId: 'washing-machines' } },
  { text: 'ds', intent: { categoryId: 'televisions' } },
  { text: 'xwj', intent: { categoryId: 'dishwashers' } },
  { text: 'gyj', intent: { categoryId: 'dryers' } },
  { text: 'xcq', intent: { categoryId: 'vacuum-cleaners' } },
];

/**
 * (iii) Misspelt queries. Ours passes when its first result is right, or when it finds nothing
 * and its first "did you mean" would put the right product first; a peer, with its fuzzy option
 * on, when its first result is right. `meant` is what the shopper meant to type. `ambiguous`:
 * another correction is as fair (same edit distance, a real word in the store), so the bench
 * scores the case but the unit test does not require it.
 */
export const TYPOS: readonly (QualityCase & { meant: string; ambiguous?: string })[] = [
  { text: 'bingxaing', meant: 'bingxiang', intent: { categoryId: 'refrigerators' } },
  { text: 'kongtaio', meant: 'kongtiao', intent: { categoryId: 'air-conditioners' } },
  { text: 'fidge', meant: 'fridge', intent: { categoryId: 'refrigerators' } },
  { text: 'hair', meant: 'haier', intent: { brandId: 'haier' }, ambiguous: '"air" (air conditioners, air purifiers) is one edit away too' },
  { text: 'xiyji', meant: 'xiyiji', intent: { categoryId: 'washing-machines' } },
  { text: 'refridgerator', meant: 'refrigerator', intent: { categoryId: 'refrigerators' } },
  { text: 'wahsing machine', meant: 'washing machine', intent: { categoryId: 'washing-machines' } },
  { text: 'televsion', meant: 'television', intent: { categoryId: 'televisions' } },
];

export const INITIALS_TOP = 5;

export const intentText = (intent: Intent): string => ('categoryId' in intent ? intent.categoryId : `brand ${intent.brandId}`);

export function fits(product: ProductData | undefined, intent: Intent): boolean {
  if (!product) return false;
  return 'categoryId' in intent ? product.categoryId === intent.categoryId : product.brandId === intent.brandId;
}

/** Our search through the dispatcher, with results as the dataset's products (cards carry no category). */
export interface OurSearch {
  query(text: string, limit: number): Promise<ChannelResponse<'queryProducts'>>;
  top(text: string, limit: number): Promise<ProductData[]>;
  /** A typo: the results, or when there are none, the first suggestion's results. */
  typo(text: string, limit: number): Promise<{ products: ProductData[]; suggestion?: string }>;
}

export function ourSearch(core: KioskCore, dataset: CatalogDataset): OurSearch {
  const byId = new Map(dataset.products.map((p) => [p.id, p]));
  const query = async (text: string, limit: number) => {
    const result = await core.dispatch('queryProducts', { text, limit }, SHOPPER);
    if (!result.ok) throw new Error(`${text}: ${result.error.code} ${result.error.message}`);
    return result.data as ChannelResponse<'queryProducts'>;
  };
  const products = (answer: ChannelResponse<'queryProducts'>) =>
    answer.items.map((card) => byId.get(card.id)).filter((p): p is ProductData => p !== undefined);
  return {
    query,
    top: async (text, limit) => products(await query(text, limit)),
    typo: async (text, limit) => {
      const answer = await query(text, limit);
      const suggestion = answer.didYouMean[0];
      if (answer.items.length > 0 || suggestion === undefined) return { products: products(answer) };
      return { products: products(await query(suggestion, limit)), suggestion };
    },
  };
}
