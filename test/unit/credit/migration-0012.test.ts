import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 12: refunds to the lender', () => {
  it('adds credit_refunds with a positive amount and the three states only', () => {
    const db = databaseAt(11);
    applyMigration(db, 12);
    expect(schemaObjects(db)).toContain('credit_refunds');
    db.pragma('foreign_keys = OFF'); // the application row is not the point here
    const insert = db.prepare("INSERT INTO credit_refunds VALUES (?, 'lender-a', ?, '2026-12-07', ?, 1, 1)");
    insert.run('a1', 100, 'requested');
    expect(() => insert.run('a2', 0, 'requested')).toThrow(/CHECK/);
    expect(() => insert.run('a3', 100, 'refunded')).toThrow(/CHECK/);
    expect(() => insert.run('a1', 100, 'sent')).toThrow(/UNIQUE|PRIMARY/);
  });
});
