import type { Migration } from '../migration.ts';

/**
 * Staff (issue 11): each kiosk's staff audit log as it syncs up, entry by entry with its chain
 * hashes, so HQ can check the chain per kiosk and keep what a kiosk later loses; who helped with
 * an assisted application; staff decisions on referrals; refunds to lenders for cancellations.
 */
export const migration: Migration = {
  version: 5,
  name: 'staff',
  sql: `
CREATE TABLE hq_staff_audit (
  kiosk_id  uuid NOT NULL REFERENCES kiosks (id),
  seq       bigint NOT NULL CHECK (seq > 0),
  entry_id  text NOT NULL,
  at        bigint NOT NULL,
  staff_id  text NOT NULL,
  action    text NOT NULL,
  detail    jsonb NOT NULL,
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash      text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (kiosk_id, seq)
);
CREATE INDEX hq_staff_audit_staff ON hq_staff_audit (staff_id, at);

-- Assisted applications: the staff member who helped and whether they saw the ID card in person
-- (each sales representative's pattern, issue 11).
ALTER TABLE hq_applications ADD COLUMN assisted_by text;
ALTER TABLE hq_applications ADD COLUMN id_card_seen boolean;
CREATE INDEX hq_applications_assisted ON hq_applications (assisted_by, applied_at) WHERE assisted_by IS NOT NULL;

-- Staff decisions on referrals; an escalation waits here for HQ's credit team.
CREATE TABLE hq_staff_decisions (
  kiosk_id       uuid NOT NULL REFERENCES kiosks (id),
  item_id        text NOT NULL,
  application_id text NOT NULL,
  staff_id       text NOT NULL,
  decision       text NOT NULL CHECK (decision IN ('approve', 'decline', 'escalate')),
  reason         text NOT NULL,
  at             bigint NOT NULL,
  hq_status      text CHECK (hq_status IN ('approved', 'declined')),
  hq_reason      text,
  hq_decided_at  bigint,
  CHECK ((hq_status IS NULL) = (hq_decided_at IS NULL) AND (hq_status IS NULL OR decision = 'escalate')),
  PRIMARY KEY (kiosk_id, item_id)
);
CREATE INDEX hq_staff_decisions_open ON hq_staff_decisions (at) WHERE decision = 'escalate' AND hq_decided_at IS NULL;
CREATE UNIQUE INDEX hq_staff_decisions_one_escalation ON hq_staff_decisions (kiosk_id, application_id) WHERE decision = 'escalate';

-- Refunds to the lender for agreements staff cancelled after the goods were ordered: due the next
-- business day (T+1), sent in the lender's refund file, then settled.
CREATE TABLE hq_refunds (
  kiosk_id       uuid NOT NULL REFERENCES kiosks (id),
  application_id text NOT NULL,
  lender_id      text NOT NULL,
  amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
  due_on         date NOT NULL,
  state          text NOT NULL CHECK (state IN ('requested', 'sent', 'settled')),
  requested_at   bigint NOT NULL,
  sent_at        bigint,
  settled_at     bigint,
  PRIMARY KEY (kiosk_id, application_id)
);
CREATE INDEX hq_refunds_due ON hq_refunds (lender_id, due_on) WHERE state = 'requested';
`,
};
