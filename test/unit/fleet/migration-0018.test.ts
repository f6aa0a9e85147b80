import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 18: commands', () => {
  it('adds remote commands, their append-only log and the settings they set; a command id is accepted once', () => {
    const db = databaseAt(17);
    applyMigration(db, 18);
    expect([...schemaObjects(db)]).toEqual(
      expect.arrayContaining(['fleet_commands', 'fleet_command_log', 'fleet_settings', 'fleet_commands_state', 'fleet_commands_once', 'fleet_command_log_no_update', 'fleet_command_log_no_delete']),
    );
    const insert = db.prepare("INSERT INTO fleet_commands (message_id, command_id, signed, state, received_at, updated_at) VALUES (?, 'c-1', 'jws', ?, 0, 0)");
    insert.run(1, 'received');
    expect(() => insert.run(2, 'exploded')).toThrow(/CHECK/);
    expect(() => insert.run(1, 'received')).toThrow(/UNIQUE/);
    // A copy of the same command may arrive and be refused, but only one may be accepted.
    insert.run(2, 'refused');
    insert.run(3, 'queued');
    expect(() => insert.run(4, 'done')).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO fleet_command_log (command, state, at) VALUES (3, 'queued', 0)").run();
    expect(() => db.prepare("UPDATE fleet_command_log SET state = 'done'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM fleet_command_log').run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO fleet_command_log (command, state, at) VALUES (99, 'queued', 0)").run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO fleet_settings (key, value, command_id, set_at) VALUES ('updates.held', 'true', 'c-1', 0)").run();
    expect(db.prepare("SELECT value FROM fleet_settings WHERE key = 'updates.held'").pluck().get()).toBe('true');
  });
});
