import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 9: prices, stock and promotions as datasets', () => {
  it('keeps each existing product’s prices as its catalog prices and adds the schedule and the store price list', () => {
    const db = databaseAt(8);
    db.prepare("INSERT INTO categories (id, name_zh, name_en, art, sort_order, specs) VALUES ('fridges', '冰箱', 'Fridges', 'f', 1, '[]')").run();
    db.prepare("INSERT INTO brands (id, name_zh, name_en) VALUES ('haier', '海尔', 'Haier')").run();
    db.prepare(
      `INSERT INTO products (id, sku, model, category_id, brand_id, name_zh, name_en, price_fen, list_price_fen, art, specs, highlights, released_on)
       VALUES ('p1', 'S1', 'M1', 'fridges', 'haier', '冰箱', 'Fridge', 299900, 329900, 'a', '{}', '[]', '2026-01-01')`,
    ).run();
    applyMigration(db, 9);
    expect(db.prepare('SELECT price_fen, list_price_fen, catalog_price_fen, catalog_list_price_fen FROM products').get()).toEqual({
      price_fen: 299900,
      list_price_fen: 329900,
      catalog_price_fen: 299900,
      catalog_list_price_fen: 329900,
    });
    const objects = schemaObjects(db);
    expect(objects).toContain('scheduled_snapshots');
    expect(objects).toContain('store_prices');
  });

  it('holds one snapshot per dataset and moment, only for the effective-dated datasets, and sane store prices', () => {
    const db = databaseAt(9);
    const put = db.prepare("INSERT INTO scheduled_snapshots (dataset, effective_at, version, body, received_at) VALUES (?, ?, 'v', '{}', 1)");
    put.run('prices', 10);
    put.run('promotions', 10);
    expect(() => put.run('prices', 10)).toThrow(/UNIQUE/);
    expect(() => put.run('stock', 10)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO scheduled_snapshots (dataset, effective_at, version, body, received_at) VALUES ('prices', 11, 'v', 'nope', 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO store_prices VALUES ('p', 100, 99)").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO store_prices VALUES ('unknown-yet', 100, NULL)").run();
  });
});
