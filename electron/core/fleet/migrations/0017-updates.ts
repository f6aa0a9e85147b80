import type { Migration } from '../../db/migration.ts';

/**
 * Fleet updates on this kiosk (issue 12): each release HQ offered, where it stands, and every
 * state it passed through with when and why (what the heartbeat reports to HQ). The row outlives
 * the restart into the new version: the first boot reads it to commit or revert.
 */
export const migration: Migration = {
  version: 17,
  name: 'updates',
  sql: `
    CREATE TABLE updates (
      id            INTEGER PRIMARY KEY,
      version       TEXT NOT NULL,
      from_version  TEXT NOT NULL,
      manifest      TEXT NOT NULL,
      state         TEXT NOT NULL CHECK (state IN ('offered', 'downloading', 'downloaded', 'verified', 'waiting', 'installing', 'first_boot', 'committed', 'reverted', 'failed')),
      reason        TEXT,
      boots         INTEGER NOT NULL DEFAULT 0,
      first_boot_at INTEGER,
      offered_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX updates_version ON updates (version);

    -- Every state an offer reached, refusals included (version NULL when the manifest did not verify).
    CREATE TABLE update_history (
      id        INTEGER PRIMARY KEY,
      update_id INTEGER REFERENCES updates(id),
      version   TEXT,
      state     TEXT NOT NULL,
      reason    TEXT,
      at        INTEGER NOT NULL,
      reported  INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1))
    ) STRICT;
    CREATE INDEX update_history_unreported ON update_history (reported, id);
  `,
};
