import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigration, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 1: platform', () => {
  it('creates settings, datasets, the catalog tables, sessions and the outbox with a contiguous seq', () => {
    const db = new Database(':memory:');
    applyMigration(db, 1);
    const objects = schemaObjects(db);
    for (const name of ['settings', 'datasets', 'categories', 'brands', 'products', 'stock', 'sessions', 'outbox']) expect(objects).toContain(name);
    db.prepare("INSERT INTO outbox (id, topic, aggregate_id, payload, created_at) VALUES ('a', 't', 'x', '{}', 1), ('b', 't', 'x', '{}', 2)").run();
    expect(db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all()).toEqual([1, 2]);
    expect(() => db.prepare("INSERT INTO sessions (id, started_at, locale, end_reason) VALUES ('s', 1, 'en', 'lunch')").run()).toThrow(/CHECK/);
  });
});
