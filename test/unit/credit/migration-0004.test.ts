import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 4: credit', () => {
  it('adds applications (one per session and request id), consents, decisions, reviews, contracts, orders and the blocklist', () => {
    const db = databaseAt(3);
    applyMigration(db, 4);
    const objects = schemaObjects(db);
    for (const name of ['credit_applications', 'credit_consents', 'credit_decisions', 'credit_reviews', 'credit_contracts', 'orders', 'credit_blocklist']) {
      expect(objects).toContain(name);
    }
    expect(objects).toContain('credit_applications_request');
    expect(objects).toContain('orders_open_pickup_code');
    expect(() =>
      db.prepare("INSERT INTO credit_blocklist (kind, hmac, reason, added_at) VALUES ('passport', 'x', 'r', 1)").run(),
    ).toThrow(/CHECK/);
  });
});
