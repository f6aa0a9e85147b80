import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt } from '../../helpers/migrations.ts';

describe('migration 5: delivery services per category', () => {
  it('gives every existing category an empty list of services, and keeps them valid JSON', () => {
    const db = databaseAt(4);
    db.prepare("INSERT INTO categories (id, name_zh, name_en, art, sort_order, specs) VALUES ('fridges', '冰箱', 'Fridges', 'f', 1, '[]')").run();
    applyMigration(db, 5);
    expect(db.prepare("SELECT services FROM categories WHERE id = 'fridges'").pluck().get()).toBe('[]');
    expect(() => db.prepare("UPDATE categories SET services = 'install' WHERE id = 'fridges'").run()).toThrow(/CHECK/);
  });
});
