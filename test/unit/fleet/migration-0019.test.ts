import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 19: watchdog', () => {
  it('adds the start history; a shell, flag or end outside the rules is refused', () => {
    const db = databaseAt(18);
    applyMigration(db, 19);
    expect([...schemaObjects(db)]).toEqual(expect.arrayContaining(['app_starts', 'app_starts_at']));
    const insert = db.prepare('INSERT INTO app_starts (started_at, app_version, shell, ended_at, safe_mode) VALUES (?, ?, ?, ?, ?)');
    insert.run(1_000, '1.0.0', 'web', null, 0);
    insert.run(2_000, '1.0.0', 'electron', 2_500, 1);
    expect(() => insert.run(3_000, '1.0.0', 'browser', null, 0)).toThrow(/CHECK/);
    expect(() => insert.run(3_000, '1.0.0', 'web', null, 2)).toThrow(/CHECK/);
    expect(() => insert.run(3_000, '1.0.0', 'web', 2_999, 0)).toThrow(/CHECK/);
    expect(db.prepare('SELECT cleared FROM app_starts').pluck().all()).toEqual([0, 0]);
    expect(db.pragma('user_version', { simple: true })).toBe(19);
  });
});
