import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 15: member visits and lists', () => {
  it('adds which visits were a member’s and the lists they left with, both deleted with the member', () => {
    const db = databaseAt(14);
    applyMigration(db, 15);
    expect([...schemaObjects(db)]).toEqual(expect.arrayContaining(['member_visits', 'member_lists', 'member_visits_member']));
    db.pragma('foreign_keys = ON');
    db.prepare("INSERT INTO members (id, display_name, mobile_hmac, mobile_masked, consent_version, consent_locale, consented_at, last_seen_at) VALUES ('m1', 'x', 'h', '139****5678', 'face-2026.12-1', 'zh-CN', 0, 0)").run();
    db.prepare("INSERT INTO member_visits (session_id, member_id, recognised_at) VALUES ('s1', 'm1', 0)").run();
    expect(() => db.prepare("INSERT INTO member_lists (member_id, favourites, cart, updated_at) VALUES ('m1', 'not json', '[]', 0)").run()).toThrow();
    db.prepare("INSERT INTO member_lists (member_id, favourites, cart, updated_at) VALUES ('m1', '[\"p1\"]', '[]', 0)").run();
    // A visit cannot belong to someone who is not a member.
    expect(() => db.prepare("INSERT INTO member_visits (session_id, member_id, recognised_at) VALUES ('s2', 'nobody', 0)").run()).toThrow();
    db.prepare("DELETE FROM members WHERE id = 'm1'").run();
    expect(db.prepare('SELECT (SELECT count(*) FROM member_visits) + (SELECT count(*) FROM member_lists)').pluck().get()).toBe(0);
  });
});
