import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 11: assisted applications', () => {
  it('adds who helped and whether the ID card was seen; "seen" needs a staff member', () => {
    const db = databaseAt(10);
    applyMigration(db, 11);
    db.pragma('foreign_keys = OFF'); // the row's session and product are not the point here
    expect(schemaObjects(db)).toContain('credit_applications_assisted');
    // A row with every required column filled in by type, then the two new ones.
    const required = db.prepare("SELECT name, type FROM pragma_table_info('credit_applications') WHERE \"notnull\" = 1").all() as { name: string; type: string }[];
    const insert = (id: string, assistedBy: string | null, idCardSeen: number | null) =>
      db
        .prepare(`INSERT INTO credit_applications (${required.map((c) => c.name).join(', ')}, assisted_by, id_card_seen) VALUES (${required.map(() => '?').join(', ')}, ?, ?)`)
        .run(...required.map((c) => (c.name === 'id' ? id : c.name === 'request_id' ? `r-${id}` : c.name === 'status' ? 'approved' : c.type === 'INTEGER' ? 1 : c.name.endsWith('offer') || c.name === 'purchase' ? '{}' : 'x')), assistedBy, idCardSeen);
    insert('a1', null, null);
    insert('a2', '100201', 1);
    insert('a3', '100201', 0);
    expect(() => insert('a4', null, 1)).toThrow(/CHECK/);
    expect(() => insert('a5', '100201', 2)).toThrow(/CHECK/);
  });
});
