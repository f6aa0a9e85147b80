import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CategorySummary, CategoryInfo, ProductCard, ProductDetail, ProductSort } from '../../contract/api.ts';
import { SpecDef, type CatalogDataset, type LocalizedText, type SpecValue } from '../../contract/catalog.ts';
import type { Db } from '../db/database.ts';

export type ApplyProgress = (done: number, total: number) => void;

export function datasetHash(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

/**
 * Applies a whole catalog dataset in one transaction: a crash half-way leaves the previous
 * catalog intact and the next start applies it again. Applying the same content twice is a
 * no-op. Products missing from the dataset are deactivated, not deleted (orders refer to them).
 */
export function applyCatalog(
  db: Db,
  dataset: CatalogDataset,
  hash: string,
  now: number,
  onProgress?: ApplyProgress,
): { applied: boolean } {
  const current = db.prepare("SELECT hash FROM datasets WHERE name = 'catalog'").get() as { hash: string } | undefined;
  if (current?.hash === hash) return { applied: false };

  const upsertCategory = db.prepare(
    `INSERT INTO categories (id, name_zh, name_en, art, sort_order, specs) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, art = excluded.art,
       sort_order = excluded.sort_order, specs = excluded.specs`,
  );
  const upsertBrand = db.prepare(
    `INSERT INTO brands (id, name_zh, name_en) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en`,
  );
  const upsertProduct = db.prepare(
    `INSERT INTO products (id, sku, model, category_id, brand_id, name_zh, name_en, price_fen, list_price_fen,
       energy_grade, art, specs, highlights, popularity, released_on, active)
     VALUES (@id, @sku, @model, @categoryId, @brandId, @nameZh, @nameEn, @priceFen, @listPriceFen,
       @energyGrade, @art, @specs, @highlights, @popularity, @releasedOn, 1)
     ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, model = excluded.model, category_id = excluded.category_id,
       brand_id = excluded.brand_id, name_zh = excluded.name_zh, name_en = excluded.name_en,
       price_fen = excluded.price_fen, list_price_fen = excluded.list_price_fen, energy_grade = excluded.energy_grade,
       art = excluded.art, specs = excluded.specs, highlights = excluded.highlights, popularity = excluded.popularity,
       released_on = excluded.released_on, active = 1`,
  );
  const upsertStock = db.prepare(
    `INSERT INTO stock (product_id, on_hand, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (product_id) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at`,
  );

  db.transaction(() => {
    for (const c of dataset.categories) {
      upsertCategory.run(c.id, c.name.zh, c.name.en, c.art, c.sortOrder, JSON.stringify(c.specs));
    }
    for (const b of dataset.brands) upsertBrand.run(b.id, b.name.zh, b.name.en);
    db.exec('CREATE TEMP TABLE IF NOT EXISTS incoming (id TEXT PRIMARY KEY)');
    db.exec('DELETE FROM temp.incoming');
    const markIncoming = db.prepare('INSERT INTO temp.incoming (id) VALUES (?)');
    const total = dataset.products.length;
    dataset.products.forEach((p, i) => {
      upsertProduct.run({
        id: p.id,
        sku: p.sku,
        model: p.model,
        categoryId: p.categoryId,
        brandId: p.brandId,
        nameZh: p.name.zh,
        nameEn: p.name.en,
        priceFen: p.priceFen,
        listPriceFen: p.listPriceFen,
        energyGrade: p.energyGrade,
        art: p.art,
        specs: JSON.stringify(p.specs),
        highlights: JSON.stringify(p.highlights),
        popularity: p.popularity,
        releasedOn: p.releasedOn,
      });
      upsertStock.run(p.id, p.stock, now);
      markIncoming.run(p.id);
      if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1, total);
    });
    db.exec('UPDATE products SET active = 0 WHERE id NOT IN (SELECT id FROM temp.incoming)');
    db.exec('DELETE FROM temp.incoming');
    db.prepare(
      `INSERT INTO datasets (name, version, hash, applied_at) VALUES ('catalog', ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, hash = excluded.hash, applied_at = excluded.applied_at`,
    ).run(dataset.version, hash, now);
    onProgress?.(total, total);
  }).immediate();
  return { applied: true };
}

interface CategoryRow {
  id: string;
  name_zh: string;
  name_en: string;
  art: string;
  specs: string;
}

interface ProductRow {
  id: string;
  sku: string;
  model: string;
  category_id: string;
  name_zh: string;
  name_en: string;
  brand_zh: string;
  brand_en: string;
  price_fen: number;
  list_price_fen: number;
  energy_grade: number | null;
  art: string;
  specs: string;
  highlights: string;
  released_on: string;
  on_hand: number | null;
}

const text = (zh: string, en: string): LocalizedText => ({ zh, en });

const ORDER_BY: Record<ProductSort, string> = {
  popularity: 'p.popularity DESC, p.id',
  price_asc: 'p.price_fen ASC, p.id',
  price_desc: 'p.price_fen DESC, p.id',
  newest: 'p.released_on DESC, p.id',
};

const PRODUCT_COLUMNS = `p.id, p.sku, p.model, p.category_id, p.name_zh, p.name_en, b.name_zh AS brand_zh,
  b.name_en AS brand_en, p.price_fen, p.list_price_fen, p.energy_grade, p.art, p.specs, p.highlights,
  p.released_on, s.on_hand`;

/** Read side of the catalog. Statements are prepared once per database. */
export class CatalogStore {
  private readonly categoryInfoCache = new Map<string, CategoryInfo>();
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      categories: db.prepare(
        `SELECT c.id, c.name_zh, c.name_en, c.art,
                COUNT(p.id) AS product_count, MIN(p.price_fen) AS from_price
           FROM categories c LEFT JOIN products p ON p.category_id = c.id AND p.active = 1
          GROUP BY c.id ORDER BY c.sort_order, c.id`,
      ),
      category: db.prepare('SELECT id, name_zh, name_en, art, specs FROM categories WHERE id = ?'),
      count: db.prepare('SELECT COUNT(*) AS n FROM products WHERE category_id = ? AND active = 1'),
      page: Object.fromEntries(
        Object.entries(ORDER_BY).map(([sort, order]) => [
          sort,
          db.prepare(
            `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN brands b ON b.id = p.brand_id
               LEFT JOIN stock s ON s.product_id = p.id
              WHERE p.category_id = ? AND p.active = 1 ORDER BY ${order} LIMIT ? OFFSET ?`,
          ),
        ]),
      ) as Record<ProductSort, Database.Statement>,
      product: db.prepare(
        `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN brands b ON b.id = p.brand_id
           LEFT JOIN stock s ON s.product_id = p.id WHERE p.id = ? AND p.active = 1`,
      ),
    };
  }

  /** Dataset updates change category specs; drop what was cached from the old ones. */
  invalidate(): void {
    this.categoryInfoCache.clear();
  }

  listCategories(): CategorySummary[] {
    const rows = this.statements.categories.all() as (Omit<CategoryRow, 'specs'> & {
      product_count: number;
      from_price: number | null;
    })[];
    return rows.map((r) => ({
      id: r.id,
      name: text(r.name_zh, r.name_en),
      art: r.art,
      productCount: r.product_count,
      fromPriceFen: r.from_price,
    }));
  }

  categoryInfo(id: string): CategoryInfo | undefined {
    const cached = this.categoryInfoCache.get(id);
    if (cached) return cached;
    const row = this.statements.category.get(id) as CategoryRow | undefined;
    if (!row) return undefined;
    const info: CategoryInfo = {
      id: row.id,
      name: text(row.name_zh, row.name_en),
      art: row.art,
      specs: SpecDef.array().parse(JSON.parse(row.specs)),
    };
    this.categoryInfoCache.set(id, info);
    return info;
  }

  listProducts(
    categoryId: string,
    sort: ProductSort,
    offset: number,
    limit: number,
  ): { category: CategoryInfo; total: number; items: ProductCard[] } | undefined {
    const category = this.categoryInfo(categoryId);
    if (!category) return undefined;
    const { n } = this.statements.count.get(categoryId) as { n: number };
    const rows = this.statements.page[sort].all(categoryId, limit, offset) as ProductRow[];
    const keys = category.specs.filter((s) => s.key_spec).map((s) => s.key);
    return { category, total: n, items: rows.map((r) => toCard(r, keys)) };
  }

  getProduct(id: string): ProductDetail | undefined {
    const row = this.statements.product.get(id) as ProductRow | undefined;
    if (!row) return undefined;
    const category = this.categoryInfo(row.category_id);
    if (!category) return undefined;
    const keys = category.specs.filter((s) => s.key_spec).map((s) => s.key);
    return {
      ...toCard(row, keys),
      sku: row.sku,
      category,
      specs: JSON.parse(row.specs) as Record<string, SpecValue>,
      highlights: JSON.parse(row.highlights) as LocalizedText[],
      releasedOn: row.released_on,
    };
  }
}

function toCard(r: ProductRow, keySpecKeys: readonly string[]): ProductCard {
  const specs = JSON.parse(r.specs) as Record<string, SpecValue>;
  const keySpecs: Record<string, SpecValue> = {};
  for (const key of keySpecKeys) {
    const value = specs[key];
    if (value !== undefined) keySpecs[key] = value;
  }
  return {
    id: r.id,
    model: r.model,
    name: text(r.name_zh, r.name_en),
    brand: text(r.brand_zh, r.brand_en),
    priceFen: r.price_fen,
    listPriceFen: r.list_price_fen,
    energyGrade: r.energy_grade,
    art: r.art,
    keySpecs,
    stock: r.on_hand ?? 0,
  };
}
