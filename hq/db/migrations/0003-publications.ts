import type { Migration } from '../migration.ts';

/**
 * What goes down to kiosks: signed publications (the id is the version number, growing across all
 * datasets, so "newer" is one comparison) and per-kiosk messages such as a decision HQ made on an
 * application the kiosk left pending.
 */
export const migration: Migration = {
  version: 3,
  name: 'publications',
  sql: `
CREATE TABLE publications (
  id bigserial PRIMARY KEY,
  dataset text NOT NULL,
  scope text NOT NULL CHECK (scope = 'all' OR scope ~ '^S[0-9]{3,6}$'),
  body text NOT NULL,
  content_hash text NOT NULL,
  published_at bigint NOT NULL,
  effective_at bigint NOT NULL,
  signature text NOT NULL,
  published_by text NOT NULL
);
-- The pull: the newest publication per dataset among 'all' and the kiosk's store.
CREATE INDEX publications_latest ON publications (dataset, scope, id DESC);

CREATE TABLE kiosk_messages (
  id bigserial PRIMARY KEY,
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  kind text NOT NULL,
  payload jsonb NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX kiosk_messages_kiosk ON kiosk_messages (kiosk_id, id);
`,
};
