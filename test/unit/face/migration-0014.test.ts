import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 14: members and their face templates', () => {
  it('adds members, their encrypted templates (deleted with the member) and deletion receipts', () => {
    const db = databaseAt(13);
    applyMigration(db, 14);
    expect([...schemaObjects(db)]).toEqual(expect.arrayContaining(['members', 'face_templates', 'face_deletions', 'face_templates_member', 'members_last_seen']));
    db.pragma('foreign_keys = ON');
    db.prepare("INSERT INTO members (id, display_name, mobile_hmac, mobile_masked, consent_version, consent_locale, consented_at, last_seen_at) VALUES ('m1', 'x', 'h', '139****5678', 'face-2026.12-1', 'zh-CN', 0, 0)").run();
    const insert = db.prepare("INSERT INTO face_templates (id, member_id, nonce, tag, ciphertext, created_at) VALUES ('t1', 'm1', ?, ?, ?, 0)");
    // Only what AES-256-GCM makes of 128 float32s fits: a 12-byte nonce, a 16-byte tag, 512 bytes.
    expect(() => insert.run(Buffer.alloc(12), Buffer.alloc(16), Buffer.alloc(100))).toThrow();
    insert.run(Buffer.alloc(12), Buffer.alloc(16), Buffer.alloc(512));
    db.prepare("DELETE FROM members WHERE id = 'm1'").run();
    expect(db.prepare('SELECT count(*) FROM face_templates').pluck().get()).toBe(0);
  });
});
