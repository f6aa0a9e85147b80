import { describe, expect, it } from 'vitest';
import { applyMigration, databaseAt, schemaObjects } from '../../helpers/migrations.ts';

describe('migration 16: application face checks', () => {
  it('adds one encrypted face per application, bound to its ID HMAC, with the consent it was kept under', () => {
    const db = databaseAt(15);
    applyMigration(db, 16);
    expect([...schemaObjects(db)]).toEqual(expect.arrayContaining(['application_faces', 'application_faces_created']));
    const insert = db.prepare("INSERT INTO application_faces (application_id, id_hmac, consent_version, nonce, tag, ciphertext, created_at) VALUES (?, 'h', 'face-check-2026.12-1', ?, ?, ?, 0)");
    // Only AES-256-GCM's output for 128 float32s fits: nothing else can be stored there.
    expect(() => insert.run('a1', Buffer.alloc(12), Buffer.alloc(16), Buffer.alloc(128))).toThrow();
    insert.run('a1', Buffer.alloc(12), Buffer.alloc(16), Buffer.alloc(512));
    expect(() => insert.run('a1', Buffer.alloc(12), Buffer.alloc(16), Buffer.alloc(512))).toThrow();
  });
});
