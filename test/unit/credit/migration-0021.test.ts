import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt } from '../../helpers/migrations.ts';

describe('migration 21: the challenger’s decision beside the champion’s', () => {
  it('adds credit_decisions.challenger, empty for decisions made before it and JSON when set', () => {
    const db = databaseAt(20);
    db.pragma('foreign_keys = OFF'); // the application row is not the point here
    const insert = (id: string) =>
      db.prepare("INSERT INTO credit_decisions (application_id, outcome, reasons, score, limit_fen, model_version, input, trace, decided_at) VALUES (?, 'approve', '[]', 700, 100, 'credit-2026.12-3', '{}', '{}', 1)").run(id);
    insert('before');
    applyMigration(db, 21);
    expect(db.prepare("SELECT challenger FROM credit_decisions WHERE application_id = 'before'").pluck().get()).toBeNull();
    insert('after');
    const set = db.prepare('UPDATE credit_decisions SET challenger = ? WHERE application_id = ?');
    set.run('{"modelVersion":"credit-2027.01-1","outcome":"error"}', 'after');
    expect(() => set.run('not json', 'after')).toThrow(/CHECK/);
  });
});
