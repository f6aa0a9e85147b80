import type { Migration } from '../migration.ts';

/**
 * Remote commands (issue 12 item 4): each command HQ signed for a kiosk, with the message that
 * carries it down and where it stands as the kiosk reported it; every step of it (issued, and each
 * report the kiosk pushed) in an append-only audit; and the redacted logs a collect_logs brought.
 */
export const migration: Migration = {
  version: 10,
  name: 'commands',
  sql: `
CREATE TABLE fleet_commands (
  id          uuid PRIMARY KEY,
  kiosk_id    uuid NOT NULL REFERENCES kiosks (id),
  kind        text NOT NULL CHECK (kind IN ('reload_ui', 'restart_app', 'sync_now', 'set_config', 'collect_logs', 'hold_updates', 'resume_updates')),
  args        jsonb NOT NULL,
  issued_at   bigint NOT NULL,
  expires_at  bigint NOT NULL CHECK (expires_at > issued_at),
  issued_by   text NOT NULL,
  -- The signed claims (compact JWS) exactly as sent.
  signed      text NOT NULL,
  message_id  bigint NOT NULL UNIQUE REFERENCES kiosk_messages (id),
  -- Commands issued together to every kiosk of a store share one.
  batch_id    uuid,
  state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'done', 'failed', 'refused', 'expired')),
  reason      text,
  result      jsonb,
  reported_at bigint,
  -- The outbox seq of the report the state is from: an older report arriving late changes nothing.
  report_seq  bigint NOT NULL DEFAULT 0
);
CREATE INDEX fleet_commands_kiosk ON fleet_commands (kiosk_id, issued_at DESC);

CREATE TABLE fleet_command_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kiosk_id    uuid NOT NULL REFERENCES kiosks (id),
  -- Not a foreign key: a kiosk reports refusing a command HQ never issued (a forged one) too.
  command_id  uuid NOT NULL,
  message_id  bigint,
  -- 'issued' (at HQ), or the state the kiosk reported.
  state       text NOT NULL,
  reason      text,
  detail      jsonb,
  -- Who issued it ('issued' only).
  by          text,
  at          bigint NOT NULL,
  -- The outbox item a report came in (null for 'issued').
  item_id     text
);
CREATE INDEX fleet_command_events_command ON fleet_command_events (command_id, id);

CREATE TABLE fleet_command_logs (
  command_id  uuid PRIMARY KEY REFERENCES fleet_commands (id),
  kiosk_id    uuid NOT NULL REFERENCES kiosks (id),
  text        text NOT NULL,
  chars       integer NOT NULL,
  lines       integer NOT NULL,
  truncated   boolean NOT NULL,
  redactions  integer NOT NULL,
  received_at bigint NOT NULL
);
`,
};
