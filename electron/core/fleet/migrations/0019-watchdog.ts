import type { Migration } from '../../db/migration.ts';

/**
 * The watchdog's start history (issue 12 item 5): each start of the app, and whether it ended
 * with a clean shutdown. Starts that did not, close together, are a crash loop: the kiosk then
 * shows its safe screen (and says so in the row). Staff or HQ may clear the history.
 */
export const migration: Migration = {
  version: 19,
  name: 'watchdog',
  sql: `
    CREATE TABLE app_starts (
      id          INTEGER PRIMARY KEY,
      started_at  INTEGER NOT NULL,
      app_version TEXT NOT NULL,
      shell       TEXT NOT NULL CHECK (shell IN ('electron', 'web')),
      -- Set by a clean shutdown; NULL while the run lasts, and for good when it crashed.
      ended_at    INTEGER,
      -- This start found a crash loop and showed the safe screen.
      safe_mode   INTEGER NOT NULL DEFAULT 0 CHECK (safe_mode IN (0, 1)),
      -- Cleared from the crash history (a remote restart, staff): no longer counts towards a loop.
      cleared     INTEGER NOT NULL DEFAULT 0 CHECK (cleared IN (0, 1)),
      CHECK (ended_at IS NULL OR ended_at >= started_at)
    ) STRICT;
    CREATE INDEX app_starts_at ON app_starts (started_at);
  `,
};
