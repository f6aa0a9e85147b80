import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 17: updates', () => {
  it('adds the updates under way and their history; a state outside the machine is refused', () => {
    const db = databaseAt(16);
    applyMigration(db, 17);
    expect([...schemaObjects(db)]).toEqual(expect.arrayContaining(['updates', 'update_history', 'updates_version', 'update_history_unreported']));
    const insert = db.prepare("INSERT INTO updates (version, from_version, manifest, state, offered_at, updated_at) VALUES ('1.1.0', '1.0.0', 'm', ?, 0, 0)");
    insert.run('offered');
    expect(() => insert.run('exploded')).toThrow(/CHECK/);
    db.prepare("INSERT INTO update_history (update_id, version, state, at) VALUES (NULL, NULL, 'refused', 0)").run();
    expect(db.prepare('SELECT reported FROM update_history').pluck().get()).toBe(0);
  });
});
