import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 8: sync', () => {
  it('adds the sync tables, starts the state row at message cursor 0, and replaces the unused sync_cursors', () => {
    const db = databaseAt(7);
    expect(schemaObjects(db)).toContain('sync_cursors');
    applyMigration(db, 8);
    const objects = schemaObjects(db);
    for (const table of ['sync_enrolment', 'sync_state', 'sync_dataset_cursors', 'sync_rejected', 'sync_refused', 'sync_messages', 'dataset_documents']) {
      expect(objects, table).toContain(table);
    }
    expect(objects).not.toContain('sync_cursors');
    expect(db.prepare('SELECT message_cursor, revoked_at FROM sync_state').all()).toEqual([{ message_cursor: 0, revoked_at: null }]);
  });

  it('keeps one enrolment and one state row, and one refusal per dataset, version and reason', () => {
    const db = databaseAt(8);
    const enrol = db.prepare("INSERT INTO sync_enrolment (id, kiosk_id, store_id, hq_url, hq_public_key, enrolled_at) VALUES (?, 'k', 'S001', 'https://hq/', 'x', 1)");
    enrol.run(1);
    expect(() => enrol.run(2)).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO sync_state (id) VALUES (2)').run()).toThrow(/CHECK/);
    const refuse = db.prepare("INSERT OR IGNORE INTO sync_refused (dataset, version, reason, at) VALUES ('catalog', 3, 'NOT_NEWER', 1)");
    expect(refuse.run().changes).toBe(1);
    expect(refuse.run().changes).toBe(0);
    expect(() => db.prepare("INSERT INTO sync_dataset_cursors VALUES ('catalog', 0, 'h', 1, 1, 1, 1)").run()).toThrow(/CHECK/);
  });
});
