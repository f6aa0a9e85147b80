import type { Migration } from '../../db/migration.ts';

/**
 * What a member is greeted with (issue 10 item 4): which visits were theirs (recognised and not
 * "not me"), so their approvals count as a pre-approved limit, and the favourites and cart they
 * left with. Both go with the member: deleting their face data deletes these too.
 */
export const migration: Migration = {
  version: 15,
  name: 'face: member visits and lists',
  sql: `
    CREATE TABLE member_visits (
      session_id    TEXT PRIMARY KEY,
      member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
      recognised_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX member_visits_member ON member_visits (member_id, recognised_at);

    CREATE TABLE member_lists (
      member_id  TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
      favourites TEXT NOT NULL CHECK (json_valid(favourites)),
      cart       TEXT NOT NULL CHECK (json_valid(cart)),
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};
