import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import type { ProductCard } from '../../../electron/contract/catalog.ts';
import type { CatalogDataset, PromotionData } from '../../../electron/contract/catalog.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { differingRows } from '../../../electron/domain/compare.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';

const tempDir = tempDirs();

function data<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

const query = async (core: KioskCore, input: Record<string, unknown>) =>
  data<ChannelResponse<'queryProducts'>>(await core.dispatch('queryProducts', input, SHOPPER));

const product = async (core: KioskCore, id: string) =>
  data<ChannelResponse<'getProduct'>>(await core.dispatch('getProduct', { id }, SHOPPER)).product;

describe('catalog channels', () => {
  it('lists categories with product counts and the lowest price', async () => {
    const core = startCore(tempDir());
    const { categories } = data<ChannelResponse<'listCategories'>>(await core.dispatch('listCategories', {}, SHOPPER));
    expect(categories.length).toBeGreaterThanOrEqual(8);
    const total = categories.reduce((sum, c) => sum + c.productCount, 0);
    expect(total).toBe((core.db.prepare('SELECT COUNT(*) AS n FROM products WHERE active = 1').get() as { n: number }).n);
    for (const c of categories) {
      const min = core.db.prepare('SELECT MIN(price_fen) AS m FROM products WHERE category_id = ? AND active = 1').get(c.id) as { m: number };
      expect(c.fromPriceFen).toBe(min.m);
    }
    core.close();
  });

  it('pages through a category in each sort order without repeats, and says which sort it applied', async () => {
    const core = startCore(tempDir());
    const { categories } = data<ChannelResponse<'listCategories'>>(await core.dispatch('listCategories', {}, SHOPPER));
    const category = categories[0];
    if (!category) throw new Error('no categories');
    for (const sort of ['price_asc', 'price_desc', 'popularity', 'newest'] as const) {
      const seen: ProductCard[] = [];
      for (let offset = 0; offset < category.productCount; offset += 7) {
        const page = await query(core, { categoryId: category.id, sort, offset, limit: 7 });
        expect(page.sort).toBe(sort);
        expect(page.total).toBe(category.productCount);
        expect(page.category?.id).toBe(category.id);
        seen.push(...page.items);
      }
      expect(new Set(seen.map((p) => p.id)).size).toBe(category.productCount);
      const prices = seen.map((p) => p.priceFen);
      if (sort === 'price_asc') expect(prices).toEqual([...prices].sort((a, b) => a - b));
      if (sort === 'price_desc') expect(prices).toEqual([...prices].sort((a, b) => b - a));
      if (sort === 'popularity' || sort === 'newest') {
        const column = sort === 'popularity' ? 'popularity' : 'released_on';
        const keys = seen.map((p) => (core.db.prepare(`SELECT ${column} AS k FROM products WHERE id = ?`).get(p.id) as { k: number | string }).k);
        expect(keys).toEqual([...keys].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
      }
      // The same page twice is the same page (ties broken the same way every time).
      const again = await query(core, { categoryId: category.id, sort, offset: 7, limit: 7 });
      expect(again.items.map((p) => p.id)).toEqual(seen.slice(7, 14).map((p) => p.id));
    }
    // Popularity is the default without text; relevance without text falls back to it.
    expect((await query(core, { categoryId: category.id })).sort).toBe('popularity');
    expect((await query(core, { categoryId: category.id, sort: 'relevance' })).sort).toBe('popularity');
    expect((await query(core, { categoryId: category.id, text: 'haier' })).sort).toBe('relevance');
    core.close();
  });

  it('returns a product with its category specs, and NOT_FOUND for an unknown one', async () => {
    const core = startCore(tempDir());
    const { id } = core.db.prepare('SELECT id FROM products LIMIT 1').get() as { id: string };
    const found = await product(core, id);
    expect(found.id).toBe(id);
    for (const key of Object.keys(found.specs)) expect(found.category.specs.map((s) => s.key)).toContain(key);
    expect(await core.dispatch('getProduct', { id: 'nope' }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'id' } });
    expect(await core.dispatch('queryProducts', { categoryId: 'nope' }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'categoryId' } });
    core.close();
  });

  it('answers bad input with BAD_REQUEST naming the field, and unknown channels with UNKNOWN_CHANNEL', async () => {
    const core = startCore(tempDir());
    expect(await core.dispatch('queryProducts', { categoryId: 'refrigerators', limit: 1000 }, SHOPPER)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'limit' },
    });
    expect(await core.dispatch('queryProducts', { categoryId: 'refrigerators', extra: 1 }, SHOPPER)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await core.dispatch('listProducts', {}, SHOPPER)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await core.dispatch('dropTables', {}, SHOPPER)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    core.close();
  });
});

// ---------------------------------------------------------------------------------------------
// Product detail, compare and promotions, against a dataset with promotions of our own and a
// fixed clock (noon in the store on 2026-06-15).

const NOW = Date.UTC(2026, 5, 15, 4);
const t = (zh: string, en: string) => ({ zh, en });

function promo(p: Partial<PromotionData> & Pick<PromotionData, 'id' | 'kind'>): PromotionData {
  return {
    title: t(`促销 ${p.id}`, `Promotion ${p.id}`),
    description: t('说明', 'Details'),
    art: 'dryer',
    categoryIds: [],
    brandIds: [],
    repeat: false,
    startsOn: '2026-06-01',
    endsOn: '2026-06-30',
    priority: 0,
    ...p,
  };
}

const PROMOTIONS: PromotionData[] = [
  promo({ id: 'store-threshold', kind: 'threshold', thresholdFen: 500_000, discountFen: 30_000, priority: 1 }),
  promo({ id: 'haier-fridges', kind: 'percent', percent: 10, categoryIds: ['refrigerators'], brandIds: ['haier'], priority: 5 }),
  promo({ id: 'washer-dryer', kind: 'bundle', bundleCategoryIds: ['washing-machines', 'dryers'], discountFen: 50_000, priority: 3 }),
  promo({ id: 'ended', kind: 'percent', percent: 5, startsOn: '2026-05-01', endsOn: '2026-06-14' }),
  promo({ id: 'not-yet', kind: 'percent', percent: 5, startsOn: '2026-06-16', endsOn: '2026-07-01' }),
  promo({ id: 'today-only', kind: 'percent', percent: 5, categoryIds: ['televisions'], startsOn: '2026-06-15', endsOn: '2026-06-15' }),
];

function datasetFile(dir: string, dataset: CatalogDataset): string {
  const file = join(dir, `catalog-${dataset.version}.json`);
  writeFileSync(file, JSON.stringify(dataset));
  return file;
}

function startWithPromotions(): { core: KioskCore; dataset: CatalogDataset; dir: string } {
  const dir = tempDir();
  const dataset = { ...generateCatalog({ products: 600, seed: 11 }), promotions: PROMOTIONS };
  const core = startCore(join(dir, 'data'), { seedFiles: { catalog: datasetFile(dir, dataset) }, now: () => NOW });
  return { core, dataset, dir };
}

describe('product detail, compare and promotions', () => {
  it('lists the promotions running today, highest priority first', async () => {
    const { core } = startWithPromotions();
    const { promotions } = data<ChannelResponse<'listPromotions'>>(await core.dispatch('listPromotions', {}, SHOPPER));
    expect(promotions.map((p) => p.id)).toEqual(['haier-fridges', 'washer-dryer', 'store-threshold', 'today-only']);
    expect(promotions[0]).toEqual({
      id: 'haier-fridges',
      kind: 'percent',
      title: PROMOTIONS[1]?.title,
      description: PROMOTIONS[1]?.description,
      art: 'dryer',
      endsOn: '2026-06-30',
    });
    core.close();
  });

  it('shows on a product the promotions that apply to its category and brand', async () => {
    const { core, dataset } = startWithPromotions();
    const haierFridge = dataset.products.find((p) => p.categoryId === 'refrigerators' && p.brandId === 'haier');
    const otherFridge = dataset.products.find((p) => p.categoryId === 'refrigerators' && p.brandId !== 'haier');
    const tv = dataset.products.find((p) => p.categoryId === 'televisions');
    if (!haierFridge || !otherFridge || !tv) throw new Error('dataset lacks the products this test needs');
    expect((await product(core, haierFridge.id)).promotions.map((p) => p.id)).toEqual(['haier-fridges', 'store-threshold']);
    expect((await product(core, otherFridge.id)).promotions.map((p) => p.id)).toEqual(['store-threshold']);
    expect((await product(core, tv.id)).promotions.map((p) => p.id)).toEqual(['store-threshold', 'today-only']);
    core.close();
  });

  it('offers related products: same category, similar price, most popular first, never itself', async () => {
    const { core, dataset } = startWithPromotions();
    for (const p of dataset.products.filter((_, i) => i % 60 === 0)) {
      const detail = await product(core, p.id);
      const sameCategory = dataset.products.filter((o) => o.categoryId === p.categoryId && o.id !== p.id);
      expect(detail.related.length).toBe(Math.min(6, sameCategory.length));
      const byId = new Map(dataset.products.map((o) => [o.id, o]));
      const related = detail.related.map((r) => byId.get(r.id));
      expect(related.every((r) => r?.categoryId === p.categoryId && r.id !== p.id)).toBe(true);
      const near = related.filter((r) => r && Math.abs(r.priceFen - p.priceFen) <= p.priceFen * 0.25);
      const nearAvailable = sameCategory.filter((o) => Math.abs(o.priceFen - p.priceFen) <= p.priceFen * 0.25);
      expect(near.length).toBe(Math.min(6, nearAvailable.length));
      // The in-band ones come first, in popularity order, and are the most popular of the band.
      const pops = near.map((r) => r?.popularity ?? 0);
      expect(pops).toEqual([...pops].sort((a, b) => b - a));
      const bandTop = nearAvailable.map((o) => o.popularity).sort((a, b) => b - a).slice(0, near.length);
      expect(pops).toEqual(bandTop);
    }
    core.close();
  });

  it('offers bundle partners from the other categories of a bundle, same brand first', async () => {
    const { core, dataset } = startWithPromotions();
    const washer = dataset.products.find((p) => p.categoryId === 'washing-machines' && p.brandId === 'haier');
    if (!washer) throw new Error('no Haier washer');
    const detail = await product(core, washer.id);
    expect(detail.promotions.map((p) => p.id)).toContain('washer-dryer');
    expect(detail.bundles).toHaveLength(1);
    const bundle = detail.bundles[0];
    expect(bundle?.promotion.id).toBe('washer-dryer');
    const byId = new Map(dataset.products.map((o) => [o.id, o]));
    const partners = (bundle?.products ?? []).map((c) => byId.get(c.id));
    expect(partners.length).toBe(Math.min(4, dataset.products.filter((p) => p.categoryId === 'dryers').length));
    expect(partners.every((p) => p?.categoryId === 'dryers')).toBe(true);
    const haierDryers = dataset.products.filter((p) => p.categoryId === 'dryers' && p.brandId === 'haier');
    const expectedFirst = haierDryers.sort((a, b) => b.popularity - a.popularity).slice(0, 4).map((p) => p.id);
    expect(partners.slice(0, expectedFirst.length).map((p) => p?.id)).toEqual(expectedFirst);
    // A fridge takes part in no bundle.
    const fridge = dataset.products.find((p) => p.categoryId === 'refrigerators');
    expect((await product(core, fridge?.id ?? '')).bundles).toEqual([]);
    core.close();
  });

  it('compares 2–4 products: union of specs in category order, rows that differ', async () => {
    const { core, dataset } = startWithPromotions();
    const fridges = dataset.products.filter((p) => p.categoryId === 'refrigerators').slice(0, 3);
    const result = data<ChannelResponse<'compareProducts'>>(await core.dispatch('compareProducts', { ids: fridges.map((p) => p.id) }, SHOPPER));
    expect(result.products.map((p) => p.id)).toEqual(fridges.map((p) => p.id));
    expect(result.specs.map((s) => s.key)).toEqual(dataset.categories.find((c) => c.id === 'refrigerators')?.specs.map((s) => s.key));
    expect(result.differing).toEqual(differingRows(result.products, result.specs));
    expect(result.differing).toContain('capacity');

    const washer = dataset.products.find((p) => p.categoryId === 'washing-machines');
    const mixed = data<ChannelResponse<'compareProducts'>>(await core.dispatch('compareProducts', { ids: [fridges[0]?.id, washer?.id] }, SHOPPER));
    const keys = mixed.specs.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe('capacity');
    expect(keys).toContain('spinSpeed');

    expect(await core.dispatch('compareProducts', { ids: [fridges[0]?.id, 'nope'] }, SHOPPER)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'ids.1' },
    });
    expect(await core.dispatch('compareProducts', { ids: [fridges[0]?.id, fridges[0]?.id] }, SHOPPER)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'ids.1' },
    });
    expect(await core.dispatch('compareProducts', { ids: [fridges[0]?.id] }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'ids' } });
    core.close();
  });

  it('keeps search, facets and promotions in step with each applied dataset', async () => {
    const { core, dataset, dir } = startWithPromotions();
    const gone = dataset.products.find((p) => p.categoryId === 'refrigerators');
    if (!gone) throw new Error('no fridge');
    expect((await query(core, { text: gone.model })).items[0]?.id).toBe(gone.id);
    const fridgesBefore = (await query(core, { categoryId: 'refrigerators' })).total;

    const next: CatalogDataset = {
      ...dataset,
      version: 'next',
      products: dataset.products.filter((p) => p.id !== gone.id),
      promotions: PROMOTIONS.filter((p) => p.id !== 'haier-fridges'),
    };
    expect(core.datasets.applyFile('catalog', datasetFile(dir, next))).toMatchObject({ ok: true, applied: true });
    expect((await query(core, { text: gone.model })).items.map((p) => p.id)).not.toContain(gone.id);
    expect((await query(core, { categoryId: 'refrigerators' })).total).toBe(fridgesBefore - 1);
    expect(await core.dispatch('getProduct', { id: gone.id }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const { promotions } = data<ChannelResponse<'listPromotions'>>(await core.dispatch('listPromotions', {}, SHOPPER));
    expect(promotions.map((p) => p.id)).not.toContain('haier-fridges');
    const searchRows = (core.db.prepare('SELECT COUNT(*) AS n FROM product_search').get() as { n: number }).n;
    expect(searchRows).toBe(next.products.length);
    core.close();
  });
});

describe('differingRows', () => {
  const def = { key: 'capacity', label: t('容量', 'Capacity'), kind: 'number' as const, unit: t('升', 'L'), key_spec: true };
  const base = { dealPriceFen: 100, brand: t('海尔', 'Haier'), energyGrade: 1, specs: { capacity: 470 } };
  it('lists only rows whose shown values differ', () => {
    expect(differingRows([base, { ...base }], [def])).toEqual([]);
    expect(differingRows([base, { ...base, dealPriceFen: 200, specs: { capacity: 471 } }], [def])).toEqual(['price', 'capacity']);
    expect(differingRows([base, { ...base, brand: t('美的', 'Midea'), energyGrade: null, specs: {} }], [def])).toEqual(['brand', 'energyGrade', 'capacity']);
  });
});
