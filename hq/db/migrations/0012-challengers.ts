import type { Migration } from '../migration.ts';

/**
 * Champion and challenger models (issue 14 item 7): what a challenger decided in shadow on each
 * application that fell in its share, beside what the champion decided on the same input, for the
 * comparison finance operations read before promoting it. One row per application: only the
 * kiosk's own decision carries a challenger.
 */
export const migration: Migration = {
  version: 12,
  name: 'challengers',
  sql: `
CREATE TABLE hq_shadow_decisions (
  kiosk_id            uuid NOT NULL,
  application_id      text NOT NULL,
  champion_version    text NOT NULL,
  champion_outcome    text NOT NULL CHECK (champion_outcome IN ('approve', 'counter_offer', 'refer', 'decline')),
  challenger_version  text NOT NULL,
  -- error: the challenger failed on this input (the champion decided, as always).
  challenger_outcome  text NOT NULL CHECK (challenger_outcome IN ('approve', 'counter_offer', 'refer', 'decline', 'error')),
  challenger_score    integer,
  challenger_limit_fen bigint,
  challenger_reasons  jsonb,
  decided_at          bigint NOT NULL,
  PRIMARY KEY (kiosk_id, application_id),
  FOREIGN KEY (kiosk_id, application_id) REFERENCES hq_applications (kiosk_id, application_id)
);
CREATE INDEX hq_shadow_decisions_challenger ON hq_shadow_decisions (challenger_version);
`,
};
