import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 13: indexes for the store figures', () => {
  it('indexes sessions by start and orders by store day, and the figures queries use them', () => {
    const db = databaseAt(12);
    applyMigration(db, 13);
    for (const index of ['sessions_started', 'orders_store_date']) expect(schemaObjects(db)).toContain(index);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT count(*) FROM sessions WHERE started_at >= 1 AND started_at < 2')).toContain('sessions_started');
    expect(plan("SELECT count(*) FROM orders WHERE status = 'placed' AND store_date BETWEEN '2026-11-02' AND '2026-12-01'")).toContain('orders_store_date');
  });
});
