import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CatalogDataset, PromotionData } from '../../../electron/contract/catalog.ts';
import { CATALOG_ART_KEYS, generateCatalog } from '../../../tools/catalog-generator.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ART_DIR = join(ROOT, 'resources', 'product-art');
const DEMO_FILE = join(ROOT, 'resources', 'demo-store', 'catalog.json');
const DEMO = { products: 360, seed: 20261122 } as const;

const demo = generateCatalog(DEMO);

describe('catalog generator', () => {
  it('produces a valid dataset', () => {
    expect(() => CatalogDataset.parse(demo)).not.toThrow();
    expect(demo.dataset).toBe('catalog');
    expect(demo.version).toBe('demo-20261122-360');
    expect(demo.store.id).toBe('demo-store-001');
  });

  it('the demo dataset has ≥300 products in ≥8 categories, every category and brand used', () => {
    expect(demo.products.length).toBeGreaterThanOrEqual(300);
    expect(demo.categories.length).toBeGreaterThanOrEqual(10);
    const usedCategories = new Set(demo.products.map((p) => p.categoryId));
    expect(usedCategories.size).toBeGreaterThanOrEqual(8);
    expect(usedCategories.size).toBe(demo.categories.length);
    expect(new Set(demo.products.map((p) => p.brandId)).size).toBe(demo.brands.length);
  });

  it('is deterministic: same seed gives the same output, another seed a different one', () => {
    expect(generateCatalog(DEMO)).toStrictEqual(demo);
    const other = generateCatalog({ ...DEMO, seed: DEMO.seed + 1 });
    expect(other.products.map((p) => p.id)).not.toEqual(demo.products.map((p) => p.id));
    expect(other.products.map((p) => p.name.zh)).not.toEqual(demo.products.map((p) => p.name.zh));
    expect(generateCatalog({ products: 5, version: 'x' }).version).toBe('x');
  });

  it('every product spec is defined by its category, with a value of the right kind', () => {
    const categories = new Map(demo.categories.map((c) => [c.id, c]));
    const brandIds = new Set(demo.brands.map((b) => b.id));
    for (const cat of demo.categories) {
      const keySpecs = cat.specs.filter((s) => s.key_spec).length;
      expect(keySpecs, cat.id).toBeGreaterThanOrEqual(2);
      expect(keySpecs, cat.id).toBeLessThanOrEqual(3);
      for (const s of cat.specs.filter((d) => d.kind === 'enum')) expect(s.options?.length, `${cat.id}.${s.key}`).toBeGreaterThan(1);
    }
    for (const p of generateCatalog({ products: 3000, seed: 11 }).products.concat(demo.products)) {
      const cat = categories.get(p.categoryId);
      expect(cat, p.categoryId).toBeDefined();
      expect(brandIds.has(p.brandId)).toBe(true);
      expect(Object.keys(p.specs).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(p.specs)) {
        const def = cat?.specs.find((s) => s.key === key);
        expect(def, `${p.categoryId}.${key}`).toBeDefined();
        if (!def) continue;
        if (def.kind === 'enum') expect(def.options?.map((o) => o.value), `${p.categoryId}.${key}`).toContain(value);
        else if (def.kind === 'number') expect(typeof value === 'number' && Number.isFinite(value), `${p.categoryId}.${key}`).toBe(true);
        else if (def.kind === 'boolean') expect(typeof value, `${p.categoryId}.${key}`).toBe('boolean');
        else expect(typeof value).toBe('string');
      }
    }
  });

  it('prices are store prices: whole yuan ending in 9, list price ≥ price, in sensible ranges', () => {
    for (const p of demo.products) {
      expect(p.priceFen % 100).toBe(0);
      expect((p.priceFen / 100) % 10).toBe(9);
      expect((p.listPriceFen / 100) % 10).toBe(9);
      expect(p.listPriceFen).toBeGreaterThanOrEqual(p.priceFen);
      expect(p.highlights.length).toBeGreaterThanOrEqual(2);
      expect(p.highlights.length).toBeLessThanOrEqual(4);
      expect(p.releasedOn >= '2023-01-01' && p.releasedOn <= '2026-10-31').toBe(true);
      expect(p.stock).toBeLessThanOrEqual(40);
    }
    expect(demo.products.some((p) => p.listPriceFen > p.priceFen)).toBe(true);
    expect(demo.products.some((p) => p.stock === 0)).toBe(true);
    const fridges = demo.products.filter((p) => p.categoryId === 'refrigerators');
    const big = fridges.filter((p) => Number(p.specs.capacity) >= 450);
    const small = fridges.filter((p) => Number(p.specs.capacity) < 300);
    const avg = (xs: typeof fridges) => xs.reduce((a, p) => a + p.priceFen, 0) / xs.length;
    expect(avg(big)).toBeGreaterThan(avg(small));
    const smallApp = demo.products.filter((p) => p.categoryId === 'small-appliances');
    expect(Math.max(...smallApp.map((p) => p.priceFen))).toBeLessThanOrEqual(1999_00);
  });

  it('ids, skus and models are unique', () => {
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    expect(unique(demo.products.map((p) => p.id))).toBe(true);
    expect(unique(demo.products.map((p) => p.sku))).toBe(true);
    expect(unique(demo.products.map((p) => p.model))).toBe(true);
    for (const p of demo.products) expect(p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('generates 20,000 products with unique ids, skus and models', () => {
    const big = generateCatalog({ products: 20_000, seed: 5 });
    expect(big.products).toHaveLength(20_000);
    expect(new Set(big.products.map((p) => p.id)).size).toBe(20_000);
    expect(new Set(big.products.map((p) => p.sku)).size).toBe(20_000);
    expect(new Set(big.products.map((p) => p.model)).size).toBe(20_000);
    expect(() => CatalogDataset.parse(big)).not.toThrow();
  });

  it('the committed demo catalog equals the generator output for its seed', () => {
    const committed: unknown = JSON.parse(readFileSync(DEMO_FILE, 'utf8'));
    expect(committed).toEqual(demo);
    expect(readFileSync(DEMO_FILE).length).toBeLessThan(400 * 1024);
  });
});

describe('promotions', () => {
  const STORE_DATE = '2026-11-22';
  const active = (today: string) => demo.promotions.filter((p) => p.startsOn <= today && today <= p.endsOn);

  it('each promotion is valid, with a unique id', () => {
    expect(demo.promotions.length).toBeGreaterThanOrEqual(6);
    for (const p of demo.promotions) expect(() => PromotionData.parse(p), p.id).not.toThrow();
    expect(new Set(demo.promotions.map((p) => p.id)).size).toBe(demo.promotions.length);
  });

  it('covers every kind on the store date, plus one promotion already over and one still to come', () => {
    expect(new Set(active(STORE_DATE).map((p) => p.kind))).toEqual(new Set(['threshold', 'percent', 'bundle']));
    expect(demo.promotions.some((p) => p.endsOn < STORE_DATE)).toBe(true);
    expect(demo.promotions.some((p) => p.startsOn > STORE_DATE)).toBe(true);
    expect(demo.promotions.some((p) => p.kind === 'threshold' && p.repeat)).toBe(true);
    expect(demo.promotions.some((p) => p.kind === 'percent' && p.brandIds.length > 0 && p.maxDiscountFen !== undefined)).toBe(true);
  });

  it('names only categories and brands that exist, and each active one has products to apply to', () => {
    const categoryIds = new Set(demo.categories.map((c) => c.id));
    const brandIds = new Set(demo.brands.map((b) => b.id));
    for (const p of demo.promotions) {
      for (const id of [...p.categoryIds, ...(p.bundleCategoryIds ?? [])]) expect(categoryIds.has(id), `${p.id}: ${id}`).toBe(true);
      for (const id of p.brandIds) expect(brandIds.has(id), `${p.id}: ${id}`).toBe(true);
    }
    for (const p of active(STORE_DATE)) {
      const eligible = demo.products.filter(
        (x) => (p.categoryIds.length === 0 || p.categoryIds.includes(x.categoryId)) && (p.brandIds.length === 0 || p.brandIds.includes(x.brandId)),
      );
      for (const categoryId of p.bundleCategoryIds ?? [undefined]) {
        expect(eligible.some((x) => categoryId === undefined || x.categoryId === categoryId), `${p.id}: ${categoryId ?? 'any'}`).toBe(true);
      }
    }
  });

  it('every promotion has bilingual text and an illustration that exists', () => {
    for (const p of demo.promotions) {
      for (const text of [p.title, p.description]) {
        expect(text.zh, p.id).toMatch(/\p{Script=Han}/u);
        expect(text.en, p.id).not.toMatch(/\p{Script=Han}/u);
      }
      expect(existsSync(join(ART_DIR, `${p.art}.svg`)), `${p.id}: ${p.art}`).toBe(true);
    }
  });

  it('the scale catalog keeps the same promotions', () => {
    expect(generateCatalog({ products: 20_000, seed: 5 }).promotions).toEqual(demo.promotions);
    expect(generateCatalog({ products: 0 }).promotions).toEqual(demo.promotions);
  });
});

describe('product art', () => {
  it('every art key used by products and categories has an SVG', () => {
    const used = new Set<string>();
    for (const c of demo.categories) used.add(c.art);
    for (const p of demo.promotions) used.add(p.art);
    for (const p of generateCatalog({ products: 5000, seed: 1 }).products) used.add(p.art);
    for (const key of used) {
      expect(CATALOG_ART_KEYS, key).toContain(key);
      expect(existsSync(join(ART_DIR, `${key}.svg`)), key).toBe(true);
    }
    for (const key of CATALOG_ART_KEYS) expect(existsSync(join(ART_DIR, `${key}.svg`)), key).toBe(true);
  });

  it('SVGs are CSP-safe, text-free vector drawings on a 400×400 viewBox', () => {
    const files = readdirSync(ART_DIR).filter((f) => f.endsWith('.svg'));
    expect(files.length).toBeGreaterThanOrEqual(CATALOG_ART_KEYS.length);
    for (const f of files) {
      const svg = readFileSync(join(ART_DIR, f), 'utf8');
      expect(svg, f).toContain('viewBox="0 0 400 400"');
      expect(svg, f).not.toMatch(/style\s*=/i);
      expect(svg, f).not.toMatch(/<style/i);
      expect(svg, f).not.toMatch(/<image/i);
      expect(svg, f).not.toMatch(/<text/i);
      expect(svg, f).not.toMatch(/<script|\bon[a-z]+\s*=|href\s*=\s*"(?!#)/i);
    }
  });
});
