import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 2: product browser', () => {
  it('adds the FTS5 search index with prefixes, promotions and shopper events, keeping the catalog', () => {
    const db = databaseAt(1);
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('kept', '1', 1)").run();
    applyMigration(db, 2);
    const objects = schemaObjects(db);
    for (const name of ['product_search', 'product_search_vocab', 'promotions', 'shopper_events']) expect(objects).toContain(name);
    db.prepare("INSERT INTO product_search (rowid, product_id, model, name, terms) VALUES (1, 'p', 'BCD-470', '冰箱', 'bingxiang bx')").run();
    expect(db.prepare("SELECT product_id FROM product_search WHERE product_search MATCH 'bi*'").pluck().all()).toEqual(['p']);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'kept'").pluck().get()).toBe('1');
  });
});
