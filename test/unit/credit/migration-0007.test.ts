import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 7: decision signals', () => {
  it('gives every earlier decision an empty list of signals and indexes identities by status', () => {
    const db = databaseAt(6);
    applyMigration(db, 7);
    const columns = db.prepare("SELECT name, dflt_value FROM pragma_table_info('credit_decisions') WHERE name = 'signals'").all();
    expect(columns).toEqual([{ name: 'signals', dflt_value: "'[]'" }]);
    expect(schemaObjects(db)).toContain('credit_applications_id_status');
  });
});
