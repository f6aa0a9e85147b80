import type { Migration } from '../../db/migration.ts';

/**
 * Remote commands on this kiosk (issue 12 item 4): each command as it came with its HQ message (the
 * signed text, stored in the transaction that marks the message handled), where it stands, and its
 * verified claims; every step of each in an append-only log; and what the commands set (remote
 * configuration values, the update hold), which outlives restarts.
 */
export const migration: Migration = {
  version: 18,
  name: 'commands',
  sql: `
    CREATE TABLE fleet_commands (
      id          INTEGER PRIMARY KEY,
      message_id  INTEGER NOT NULL UNIQUE,
      -- As the message names it; the signed claims must say the same.
      command_id  TEXT NOT NULL,
      signed      TEXT NOT NULL,
      state       TEXT NOT NULL CHECK (state IN ('received', 'queued', 'running', 'done', 'failed', 'refused', 'expired')),
      reason      TEXT,
      -- From the verified claims (NULL until verified, and for a refused command).
      kind        TEXT,
      args        TEXT,
      issued_at   INTEGER,
      expires_at  INTEGER,
      issued_by   TEXT,
      result      TEXT,
      received_at INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX fleet_commands_state ON fleet_commands (state, id);
    -- A command runs once: one accepted row per command id (a copy arriving again is refused).
    CREATE UNIQUE INDEX fleet_commands_once ON fleet_commands (command_id) WHERE state NOT IN ('received', 'refused');

    CREATE TABLE fleet_command_log (
      id         INTEGER PRIMARY KEY,
      command    INTEGER NOT NULL REFERENCES fleet_commands(id),
      state      TEXT NOT NULL,
      reason     TEXT,
      detail     TEXT,
      at         INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX fleet_command_log_command ON fleet_command_log (command, id);
    CREATE TRIGGER fleet_command_log_no_update BEFORE UPDATE ON fleet_command_log BEGIN SELECT RAISE(ABORT, 'fleet_command_log is append-only'); END;
    CREATE TRIGGER fleet_command_log_no_delete BEFORE DELETE ON fleet_command_log BEGIN SELECT RAISE(ABORT, 'fleet_command_log is append-only'); END;

    -- What commands set: 'config.<key>' (a remote configuration value, JSON) and 'updates.held' (true/false).
    CREATE TABLE fleet_settings (
      key        TEXT PRIMARY KEY,
      value      TEXT NOT NULL,
      command_id TEXT NOT NULL,
      set_at     INTEGER NOT NULL
    ) STRICT;
  `,
};
