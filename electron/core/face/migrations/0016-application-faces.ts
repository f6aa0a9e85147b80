import type { Migration } from '../../db/migration.ts';

/**
 * The face seen during a credit application's face check (issue 10 item 6), with the shopper's
 * separate consent: one descriptor, AES-256-GCM encrypted under the face key and bound to its
 * application and resident ID HMAC, kept 180 days so that one face applying under several IDs at
 * this store is a signal for staff. No picture; nothing of it leaves the kiosk.
 */
export const migration: Migration = {
  version: 16,
  name: 'face: application face checks',
  sql: `
    CREATE TABLE application_faces (
      application_id  TEXT PRIMARY KEY,
      id_hmac         TEXT NOT NULL,
      consent_version TEXT NOT NULL,
      nonce           BLOB NOT NULL CHECK (length(nonce) = 12),
      tag             BLOB NOT NULL CHECK (length(tag) = 16),
      ciphertext      BLOB NOT NULL CHECK (length(ciphertext) = 512),
      created_at      INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX application_faces_created ON application_faces (created_at);
  `,
};
