import type { Migration } from '../../db/migration.ts';

/**
 * Members who enrolled their face (issue 10, DESIGN.md §4, §6): a display name and the mobile as
 * HMAC and mask, the consent's version, and 3–5 face descriptors, each AES-256-GCM encrypted under
 * the kiosk's face key with its own nonce and bound to its member and row (the GCM additional
 * data). No picture is ever stored. Shipped: never edit; add the next migration instead.
 */
export const migration: Migration = {
  version: 14,
  name: 'face: members and their encrypted face templates',
  sql: `
    CREATE TABLE members (
      id              TEXT PRIMARY KEY,
      display_name    TEXT NOT NULL,
      mobile_hmac     TEXT NOT NULL UNIQUE,
      mobile_masked   TEXT NOT NULL,
      consent_version TEXT NOT NULL,
      consent_locale  TEXT NOT NULL,
      consented_at    INTEGER NOT NULL,
      -- Recognised last (or enrolled): templates unseen for the retention period are deleted.
      last_seen_at    INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX members_last_seen ON members (last_seen_at);

    CREATE TABLE face_templates (
      id         TEXT PRIMARY KEY,
      member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
      nonce      BLOB NOT NULL CHECK (length(nonce) = 12),
      tag        BLOB NOT NULL CHECK (length(tag) = 16),
      ciphertext BLOB NOT NULL CHECK (length(ciphertext) = 512),
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX face_templates_member ON face_templates (member_id);

    -- What a deletion receipt refers to: when, and how many templates went (nothing of the person).
    CREATE TABLE face_deletions (
      reference  TEXT PRIMARY KEY,
      reason     TEXT NOT NULL CHECK (reason IN ('member_request', 'retention')),
      templates  INTEGER NOT NULL,
      deleted_at INTEGER NOT NULL
    ) STRICT;
  `,
};
