import { describe, expect, it } from 'vitest';
import type { CatalogDataset } from '../../../electron/contract/catalog.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();

function apply(core: KioskCore, dataset: CatalogDataset): void {
  const result = core.datasets.apply('catalog', JSON.stringify(dataset));
  expect(result).toMatchObject({ ok: true, applied: true });
}

/** What a catalog write leaves behind for the dataset's products, and the whole search index. */
function state(core: KioskCore, dataset: CatalogDataset) {
  const ids = dataset.products.map((p) => p.id);
  const products = core.db
    .prepare(`SELECT * FROM products WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .all(JSON.stringify(ids));
  const active = core.db.prepare('SELECT id FROM products WHERE active = 1 ORDER BY id').pluck().all();
  const search = core.db.prepare('SELECT rowid, product_id, model, name, terms FROM product_search ORDER BY rowid').all();
  const stock = core.db.prepare(`SELECT product_id, on_hand FROM stock WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY product_id`).all(JSON.stringify(ids));
  return { products, active, search, stock };
}

describe('catalog writer: a catalog applied over an earlier one', () => {
  it('leaves the same rows and search index as applying it to a fresh kiosk', () => {
    const first = generateCatalog({ products: 80, seed: 3, version: 'a' }) as CatalogDataset;
    const second = structuredClone(first);
    second.version = 'b';
    const [dropped] = second.products.splice(5, 1); // deactivated
    second.products[0]!.name = { zh: `${second.products[0]!.name.zh} 新款`, en: `${second.products[0]!.name.en} New` }; // search text changes
    second.products[1]!.priceFen -= 100; // price only
    second.products[2]!.stock += 3;
    [second.products[10], second.products[20]] = [second.products[20]!, second.products[10]!]; // order changes rowids
    const shorter = structuredClone(second);
    shorter.version = 'c';
    shorter.products.length = 60; // fewer search rows than before
    const again = structuredClone(first);
    again.version = 'd'; // brings the dropped product back

    const core = startCore(tempDir());
    apply(core, first);
    for (const next of [second, shorter, again]) {
      apply(core, next);
      const fresh = startCore(tempDir());
      apply(fresh, next);
      const got = state(core, next);
      const want = state(fresh, next);
      expect(got.products).toEqual(want.products);
      expect(got.search).toEqual(want.search);
      expect(got.stock).toEqual(want.stock);
      // Active: exactly the dataset's products on both (the fresh kiosk's demo store is deactivated).
      expect(got.active).toEqual([...next.products.map((p) => p.id)].sort());
      expect(want.active).toEqual(got.active);
      fresh.close();
    }
    expect(state(core, again).active).toContain(dropped!.id);
    core.close();
  });
});
