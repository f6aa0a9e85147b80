import type { Migration } from '../migration.ts';

/**
 * Fleet releases (issue 12 item 1): the builds HQ knows (files and their SHA-512, with the
 * manifest HQ signed for them), rollouts that move one release through the rings, their
 * timeline, the stores placed in a ring by hand, and per-kiosk pins and holds. A store not
 * placed by hand is in a ring HQ draws from its id (rollout.ts), so kiosks never draw their own.
 */
export const migration: Migration = {
  version: 9,
  name: 'releases',
  sql: `
CREATE TABLE releases (
  version       text PRIMARY KEY,
  files         jsonb NOT NULL,
  notes         text,
  manifest      text NOT NULL,
  registered_at bigint NOT NULL,
  registered_by text NOT NULL
);

CREATE TABLE rollouts (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version           text NOT NULL REFERENCES releases (version),
  state             text NOT NULL CHECK (state IN ('running', 'halted', 'completed', 'cancelled')),
  -- The furthest ring reached, as its index in RINGS (0 = lab … 4 = all).
  stage             smallint NOT NULL CHECK (stage BETWEEN 0 AND 4),
  stage_started_at  bigint NOT NULL,
  bake_ms           bigint NOT NULL CHECK (bake_ms >= 0),
  -- Halts by itself when at least min_failures kiosks, and this share of those offered it, failed.
  failure_share     real NOT NULL CHECK (failure_share > 0 AND failure_share <= 1),
  min_failures      integer NOT NULL CHECK (min_failures >= 1),
  -- Failures store IT looked at and resumed past: they do not halt the rollout again.
  accepted_failures integer NOT NULL DEFAULT 0,
  halted_reason     text,
  started_at        bigint NOT NULL,
  started_by        text NOT NULL,
  updated_at        bigint NOT NULL
);
-- One rollout open at a time: two releases racing through the rings would leave no baseline.
CREATE UNIQUE INDEX rollouts_one_open ON rollouts ((true)) WHERE state IN ('running', 'halted');

CREATE TABLE rollout_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rollout_id bigint NOT NULL REFERENCES rollouts (id),
  at         bigint NOT NULL,
  event      text NOT NULL,
  stage      smallint NOT NULL,
  detail     text,
  by_whom    text NOT NULL
);
CREATE INDEX rollout_events_rollout ON rollout_events (rollout_id, at);

CREATE TABLE store_rings (
  store_id text PRIMARY KEY REFERENCES stores (id),
  ring     text NOT NULL CHECK (ring IN ('lab', 'canary', 'early', 'broad', 'all')),
  set_at   bigint NOT NULL
);

ALTER TABLE kiosks ADD COLUMN pinned_version text REFERENCES releases (version);
ALTER TABLE kiosks ADD COLUMN updates_held boolean NOT NULL DEFAULT false;
`,
};
