import type { Migration } from '../migration.ts';

/**
 * Kiosk heartbeats (issue 12 item 3): the last one per kiosk (what the fleet view reads), and a
 * history kept seven days (a kiosk's page charts it), and each update state a kiosk reported.
 */
export const migration: Migration = {
  version: 8,
  name: 'heartbeats',
  sql: `
CREATE TABLE kiosk_health (
  kiosk_id    uuid PRIMARY KEY REFERENCES kiosks (id),
  received_at bigint NOT NULL,
  heartbeat   jsonb NOT NULL
);
CREATE INDEX kiosk_health_received ON kiosk_health (received_at);

CREATE TABLE kiosk_heartbeats (
  kiosk_id    uuid NOT NULL REFERENCES kiosks (id),
  received_at bigint NOT NULL,
  heartbeat   jsonb NOT NULL
);
CREATE INDEX kiosk_heartbeats_kiosk ON kiosk_heartbeats (kiosk_id, received_at);
CREATE INDEX kiosk_heartbeats_received ON kiosk_heartbeats (received_at);

CREATE TABLE kiosk_update_events (
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  version  text,
  state    text NOT NULL,
  reason   text,
  at       bigint NOT NULL
);
CREATE INDEX kiosk_update_events_version ON kiosk_update_events (version, state);
`,
};
