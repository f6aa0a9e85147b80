import type { Migration } from '../migration.ts';

/**
 * Stores, kiosks and how they get in: one-time enrolment codes (only their SHA-256 is kept, so a
 * database dump enrols nobody) and the ids of request tokens already used (replay protection that
 * holds across HQ processes because it lives here, not in memory). `hq_settings` holds what HQ
 * generates once per database, e.g. the fleet identity HMAC key.
 */
export const migration: Migration = {
  version: 1,
  name: 'fleet',
  sql: `
CREATE TABLE hq_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE stores (
  id text PRIMARY KEY CHECK (id ~ '^S[0-9]{3,6}$'),
  created_at bigint NOT NULL
);

CREATE TABLE kiosks (
  id uuid PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (id),
  public_key text NOT NULL,
  label text,
  app_version text NOT NULL,
  enrolled_at bigint NOT NULL,
  revoked_at bigint,
  revoke_reason text,
  -- The outbox sequence number HQ takes next from this kiosk; every item ingested advances it.
  next_seq bigint NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
  last_push_at bigint,
  last_pull_at bigint
);
CREATE INDEX kiosks_store ON kiosks (store_id);

CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  -- Deferred: the code is claimed first (the row lock decides a race), then the kiosk is inserted.
  used_by_kiosk uuid REFERENCES kiosks (id) DEFERRABLE INITIALLY DEFERRED,
  CHECK ((used_at IS NULL) = (used_by_kiosk IS NULL))
);

CREATE TABLE request_nonces (
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  jti uuid NOT NULL,
  -- After this the token is refused as expired anyway, so the row can go.
  expires_at bigint NOT NULL,
  PRIMARY KEY (kiosk_id, jti)
);
CREATE INDEX request_nonces_expiry ON request_nonces (expires_at);
`,
};
