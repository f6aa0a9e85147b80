import { SpecDef, type CatalogDataset, type LocalizedText, type SpecValue } from '../../contract/catalog.ts';
import { formatSpec } from '../../domain/specs.ts';
import type { Db } from '../db/database.ts';
import type { ApplyProgress } from '../db/datasets.ts';
import { applyStorePrices, replacePromotions, SnapshotSchedule } from './schedule.ts';
import { PinyinCache, searchDocument } from './search-text.ts';

/**
 * What a product's specs add to its search text: option labels of enum specs, the label of
 * each feature it has ("变频"), and its key numbers as shoppers say them ("470升", "470 L").
 */
function specTexts(defs: readonly SpecDef[], specs: Record<string, SpecValue>): LocalizedText[] {
  const out: LocalizedText[] = [];
  for (const def of defs) {
    const value = specs[def.key];
    if (value === undefined) continue;
    if (def.kind === 'boolean') {
      if (value === true) out.push(def.label);
    } else if (def.kind !== 'number' || def.key_spec) {
      out.push({ zh: formatSpec(def, value, 'zh'), en: formatSpec(def, value, 'en') });
    }
  }
  return out;
}

/**
 * Writes a whole catalog dataset, inside the registry's transaction: a crash half-way leaves the
 * previous catalog intact and the next start applies it again. Products missing from the dataset
 * are deactivated, not deleted (orders refer to them), and leave the search index. The dataset's
 * prices become the catalog prices (the store price list in effect still wins where it names a
 * product), its stock the stock unless HQ publishes stock on its own, and its promotions replace
 * the stored ones until HQ publishes promotions on their own; the store it describes becomes the
 * kiosk's store.
 */
export function writeCatalog(db: Db, dataset: CatalogDataset, now: number, onProgress?: ApplyProgress): void {
  const upsertCategory = db.prepare(
    `INSERT INTO categories (id, name_zh, name_en, art, sort_order, specs, services) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, art = excluded.art,
       sort_order = excluded.sort_order, specs = excluded.specs, services = excluded.services`,
  );
  const upsertBrand = db.prepare(
    `INSERT INTO brands (id, name_zh, name_en) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en`,
  );
  // Products are written as an UPDATE of a known row or a plain INSERT of a new one, not as one
  // INSERT … ON CONFLICT DO UPDATE: an upsert is a "multi-write" statement to SQLite, so with
  // foreign keys on every row inserted into products (the parent of stock) also searched the
  // child table, which made the upsert ~10× slower than the insert and grew with the stock
  // table. Rows whose content is unchanged are not written at all (a re-publication of a mostly
  // unchanged catalog then writes little). price_fen / list_price_fen are not compared: they are
  // the prices in effect, recomputed for every product by applyStorePrices below.
  const PRODUCT_COLUMNS = [
    'sku', 'model', 'category_id', 'brand_id', 'name_zh', 'name_en', 'catalog_price_fen', 'catalog_list_price_fen',
    'energy_grade', 'art', 'specs', 'highlights', 'popularity', 'released_on', 'active',
  ] as const;
  const insertProduct = db.prepare(
    `INSERT INTO products (id, ${PRODUCT_COLUMNS.join(', ')}, price_fen, list_price_fen)
     VALUES (?, ${PRODUCT_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
  );
  const updateProduct = db.prepare(
    `UPDATE products SET ${PRODUCT_COLUMNS.map((c) => `${c} = ?`).join(', ')}, price_fen = ?, list_price_fen = ? WHERE id = ?`,
  );
  const stored = new Map<string, unknown[]>();
  for (const row of db.prepare(`SELECT id, ${PRODUCT_COLUMNS.join(', ')} FROM products`).raw().all() as unknown[][]) {
    stored.set(row[0] as string, row.slice(1));
  }
  // Once HQ publishes stock on its own, the catalog's numbers only start products it never counted.
  const stockDataset = db.prepare("SELECT 1 FROM datasets WHERE name = 'stock'").get() !== undefined;
  const upsertStock = db.prepare(
    stockDataset
      ? 'INSERT INTO stock (product_id, on_hand, updated_at) VALUES (?, ?, ?) ON CONFLICT (product_id) DO NOTHING'
      : `INSERT INTO stock (product_id, on_hand, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (product_id) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at`,
  );
  const writeSearch = db.prepare('INSERT OR REPLACE INTO product_search (row, product_id, model, name, terms) VALUES (?, ?, ?, ?, ?)');
  const deleteSearch = db.prepare('DELETE FROM product_search WHERE row = ?');

  for (const c of dataset.categories) {
    upsertCategory.run(c.id, c.name.zh, c.name.en, c.art, c.sortOrder, JSON.stringify(c.specs), JSON.stringify(c.services));
  }
  for (const b of dataset.brands) upsertBrand.run(b.id, b.name.zh, b.name.en);
  // Products may name categories and brands an earlier dataset brought: read them back whole.
  const categories = new Map(
    (db.prepare('SELECT id, name_zh, name_en, specs FROM categories').all() as { id: string; name_zh: string; name_en: string; specs: string }[]).map(
      (r) => [r.id, { name: { zh: r.name_zh, en: r.name_en }, specs: SpecDef.array().parse(JSON.parse(r.specs)) }],
    ),
  );
  const brands = new Map(
    (db.prepare('SELECT id, name_zh, name_en FROM brands').all() as { id: string; name_zh: string; name_en: string }[]).map((r) => [
      r.id,
      { zh: r.name_zh, en: r.name_en },
    ]),
  );
  // The search documents end up as row 1, 2, … in dataset order, as when rewritten whole; a row
  // already holding the same product and text is not written again.
  const searchRows = new Map<number, unknown[]>();
  for (const row of db.prepare('SELECT row, product_id, model, name, terms FROM product_search').raw().all() as unknown[][]) {
    searchRows.set(row[0] as number, row.slice(1));
  }
  const pinyinCache = new PinyinCache();
  const total = dataset.products.length;
  dataset.products.forEach((p, i) => {
    const values: unknown[] = [
      p.sku, p.model, p.categoryId, p.brandId, p.name.zh, p.name.en, p.priceFen, p.listPriceFen,
      p.energyGrade, p.art, JSON.stringify(p.specs), JSON.stringify(p.highlights), p.popularity, p.releasedOn, 1,
    ];
    const before = stored.get(p.id);
    if (before === undefined) insertProduct.run(p.id, ...values, p.priceFen, p.listPriceFen);
    else if (values.some((v, c) => v !== before[c])) updateProduct.run(...values, p.priceFen, p.listPriceFen, p.id);
    stored.set(p.id, values);
    upsertStock.run(p.id, p.stock, now);
    const category = categories.get(p.categoryId);
    const doc = searchDocument(
      {
        model: p.model,
        name: p.name,
        brand: brands.get(p.brandId) ?? { zh: p.brandId, en: p.brandId },
        category: category?.name ?? { zh: p.categoryId, en: p.categoryId },
        specTexts: specTexts(category?.specs ?? [], p.specs),
      },
      pinyinCache,
    );
    const row = searchRows.get(i + 1);
    if (row === undefined || row[0] !== p.id || row[1] !== doc.model || row[2] !== doc.name || row[3] !== doc.terms) {
      writeSearch.run(i + 1, p.id, doc.model, doc.name, doc.terms);
    }
    if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1, total);
  });
  for (const rowid of searchRows.keys()) if (rowid > total) deleteSearch.run(rowid);
  // One statement with every id, not one insert per product into a table of them.
  db.prepare('UPDATE products SET active = 0 WHERE active = 1 AND id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(dataset.products.map((p) => p.id)));
  // The store price list in effect stays over the catalog's prices; HQ's promotions dataset, once
  // in effect, over the catalog's promotions (core/catalog/schedule.ts).
  applyStorePrices(db);
  const schedule = new SnapshotSchedule(db);
  if (!schedule.inEffect('promotions')) replacePromotions(db, dataset.promotions);
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES ('store', ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(JSON.stringify(dataset.store), now);
  onProgress?.(total, total);
}

/** Stock on hand for the products listed; the count of those this kiosk does not have (ignored). */
export function writeStock(db: Db, stock: readonly { productId: string; quantity: number }[], now: number): number {
  const set = db.prepare(
    `INSERT INTO stock (product_id, on_hand, updated_at) SELECT id, ?, ? FROM products WHERE id = ?
     ON CONFLICT (product_id) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at`,
  );
  let unknown = 0;
  for (const s of stock) if (set.run(s.quantity, now, s.productId).changes === 0) unknown++;
  return unknown;
}
