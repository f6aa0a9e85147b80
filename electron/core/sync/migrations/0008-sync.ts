import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 8,
  name: 'sync: enrolment, sync state, dataset cursors, rejected and refused lists, HQ messages, published documents',
  sql: `
    -- The kiosk's enrolment with HQ (one row at most). The private key and the fleet identity key
    -- are not here: they live sealed in files beside the database (core/sync/identity.ts).
    CREATE TABLE sync_enrolment (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      kiosk_id      TEXT NOT NULL,
      store_id      TEXT NOT NULL,
      hq_url        TEXT NOT NULL,
      hq_public_key TEXT NOT NULL,
      label         TEXT,
      enrolled_at   INTEGER NOT NULL
    ) STRICT;

    -- What the staff panel shows and the scheduler resumes from (one row).
    CREATE TABLE sync_state (
      id                 INTEGER PRIMARY KEY CHECK (id = 1),
      message_cursor     INTEGER NOT NULL DEFAULT 0,
      last_push_at       INTEGER,
      last_pull_at       INTEGER,
      last_error_code    TEXT,
      last_error_message TEXT,
      last_error_at      INTEGER,
      revoked_at         INTEGER
    ) STRICT;
    INSERT INTO sync_state (id) VALUES (1);

    -- Per-dataset cursor: the HQ publication version applied last, and when HQ last confirmed it
    -- was still the newest (freshness for the fail-closed policy). Replaces 0001's sync_cursors,
    -- which nothing ever wrote.
    CREATE TABLE sync_dataset_cursors (
      dataset      TEXT PRIMARY KEY,
      version      INTEGER NOT NULL CHECK (version > 0),
      content_hash TEXT NOT NULL,
      published_at INTEGER NOT NULL,
      effective_at INTEGER NOT NULL,
      applied_at   INTEGER NOT NULL,
      confirmed_at INTEGER NOT NULL
    ) STRICT;
    DROP TABLE sync_cursors;

    -- Outbox items HQ refused for good: listed for staff, never sent again (their outbox row is acked).
    CREATE TABLE sync_rejected (
      seq     INTEGER PRIMARY KEY,
      id      TEXT NOT NULL,
      topic   TEXT NOT NULL,
      code    TEXT NOT NULL,
      message TEXT NOT NULL,
      at      INTEGER NOT NULL
    ) STRICT;

    -- Publications the kiosk would not use; each is also reported to HQ once (sync.publication_refused).
    CREATE TABLE sync_refused (
      id      INTEGER PRIMARY KEY,
      dataset TEXT NOT NULL,
      version INTEGER NOT NULL,
      reason  TEXT NOT NULL,
      at      INTEGER NOT NULL,
      UNIQUE (dataset, version, reason)
    ) STRICT;

    -- Messages from HQ to this kiosk (credit.decided …), kept until a feature consumes them.
    CREATE TABLE sync_messages (
      id          INTEGER PRIMARY KEY,
      kind        TEXT NOT NULL,
      payload     TEXT NOT NULL CHECK (json_valid(payload)),
      received_at INTEGER NOT NULL,
      handled_at  INTEGER
    ) STRICT;

    -- Datasets that are one document rather than rows (decision_models, config): the body applied last.
    CREATE TABLE dataset_documents (
      name       TEXT PRIMARY KEY,
      version    TEXT NOT NULL,
      body       TEXT NOT NULL CHECK (json_valid(body)),
      applied_at INTEGER NOT NULL
    ) STRICT;
  `,
};
