import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 3: finance', () => {
  it('adds lenders, finance products and daily usage that can never go below zero', () => {
    const db = databaseAt(2);
    applyMigration(db, 3);
    const objects = schemaObjects(db);
    for (const name of ['lenders', 'finance_products', 'finance_usage']) expect(objects).toContain(name);
    db.prepare("INSERT INTO lenders (id, name_zh, name_en) VALUES ('l', '银行', 'Bank')").run();
    db.prepare(
      `INSERT INTO finance_products (id, lender_id, kind, min_amount_fen, max_amount_fen, daily_quota, budget_since, offline_approvable, offline_max_amount_fen, data)
       VALUES ('f', 'l', 'interest_free', 100, 1000, 5, '2026-01-01', 1, 500, '{}')`,
    ).run();
    expect(() => db.prepare("INSERT INTO finance_usage (product_id, store_date, applications, updated_at) VALUES ('f', '2026-12-01', -1, 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO finance_usage (product_id, store_date, updated_at) VALUES ('nope', '2026-12-01', 1)").run()).toThrow(/FOREIGN KEY/);
  });
});
