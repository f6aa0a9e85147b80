import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 10,
  name: 'staff: the store roster, PIN lockouts, the hash-chained audit log',
  sql: `
    -- The store's roster as HQ published it last (the staff dataset replaces it whole). store_id:
    -- the roster's store; once the kiosk is enrolled only its own store's staff may sign in.
    CREATE TABLE staff (
      id                 TEXT PRIMARY KEY,
      store_id           TEXT NOT NULL,
      name               TEXT NOT NULL,
      role               TEXT NOT NULL CHECK (role IN ('associate', 'supervisor', 'manager')),
      pin_hash           TEXT NOT NULL,
      active             INTEGER NOT NULL CHECK (active IN (0, 1)),
      approval_limit_fen INTEGER CHECK (approval_limit_fen >= 0)
    ) STRICT;

    -- Wrong PINs in a row per typed staff number (known or not, so a lockout tells nobody which
    -- numbers exist); kept across restarts so pulling the plug does not reset the count.
    CREATE TABLE staff_pin_failures (
      staff_id     TEXT PRIMARY KEY,
      failures     INTEGER NOT NULL CHECK (failures > 0),
      locked_until INTEGER
    ) STRICT;

    -- Append-only: triggers refuse UPDATE and DELETE; the hash chain shows what they cannot stop
    -- (a file edited by hand).
    CREATE TABLE staff_audit (
      seq       INTEGER PRIMARY KEY,
      id        TEXT NOT NULL UNIQUE,
      at        INTEGER NOT NULL,
      staff_id  TEXT NOT NULL,
      action    TEXT NOT NULL,
      detail    TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash      TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER staff_audit_no_update BEFORE UPDATE ON staff_audit BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only'); END;
    CREATE TRIGGER staff_audit_no_delete BEFORE DELETE ON staff_audit BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only'); END;
  `,
};
