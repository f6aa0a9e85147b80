import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 20: search documents without FTS5, no sorting indexes', () => {
  it('keeps every stored search document, row for row, in a plain table and drops the FTS5 index and the sorting indexes', () => {
    const db = databaseAt(19);
    const insert = db.prepare('INSERT INTO product_search (rowid, product_id, model, name, terms) VALUES (?, ?, ?, ?, ?)');
    insert.run(1, 'p1', 'bcd470 bcd 470', '海 尔 冰 箱', 'haier bingxiang bx');
    insert.run(7, 'p2', 'kfr35gw kfr 35gw', '空 调', 'kongtiao kt');
    applyMigration(db, 20);
    const objects = schemaObjects(db);
    expect(objects).toContain('product_search');
    expect(objects).not.toContain('product_search_vocab');
    for (const index of ['products_category_popularity', 'products_category_price', 'products_category_released']) expect(objects).not.toContain(index);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'product_search'").pluck().get()).not.toMatch(/fts5/i);
    expect(db.prepare('SELECT row, product_id, model, name, terms FROM product_search ORDER BY row').all()).toEqual([
      { row: 1, product_id: 'p1', model: 'bcd470 bcd 470', name: '海 尔 冰 箱', terms: 'haier bingxiang bx' },
      { row: 7, product_id: 'p2', model: 'kfr35gw kfr 35gw', name: '空 调', terms: 'kongtiao kt' },
    ]);
    expect(() => db.prepare("INSERT INTO product_search (row, product_id, model, name, terms) VALUES (8, 'p3', NULL, '', '')").run()).toThrow(/NOT NULL/);
  });
});
