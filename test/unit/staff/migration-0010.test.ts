import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 10: staff roster, PIN lockouts, audit log', () => {
  it('adds the staff tables on top of 9 and keeps the roster and lockouts sane', () => {
    const db = databaseAt(9);
    applyMigration(db, 10);
    const objects = schemaObjects(db);
    for (const table of ['staff', 'staff_pin_failures', 'staff_audit']) expect(objects).toContain(table);
    const member = db.prepare("INSERT INTO staff (id, store_id, name, role, pin_hash, active, approval_limit_fen) VALUES (?, 'S001', 'n', ?, 'h', ?, ?)");
    member.run('1001', 'associate', 1, null);
    expect(() => member.run('1002', 'owner', 1, null)).toThrow(/CHECK/);
    expect(() => member.run('1003', 'manager', 2, null)).toThrow(/CHECK/);
    expect(() => member.run('1004', 'manager', 1, -1)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO staff_pin_failures VALUES ('1001', 0, NULL)").run()).toThrow(/CHECK/);
  });

  it('makes the audit log append-only', () => {
    const db = databaseAt(10);
    db.prepare("INSERT INTO staff_audit (seq, id, at, staff_id, action, detail, prev_hash, hash) VALUES (1, 'a', 1, '1001', 'signed_in', '{}', 'p', 'h')").run();
    expect(() => db.prepare("UPDATE staff_audit SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM staff_audit').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT count(*) FROM staff_audit').pluck().get()).toBe(1);
  });
});
