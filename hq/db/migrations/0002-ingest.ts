import type { Migration } from '../migration.ts';

/**
 * What comes up from kiosks. `ingested_items` is the exactly-once ledger: one row per outbox item
 * per kiosk, applied or rejected, with the result replayed for a duplicate. The `hq_*` tables are
 * what HQ made of the applied items (one per topic family in contract/outbox.ts), keyed by kiosk
 * first because every id in them was minted by that kiosk (and per-kiosk keys partition cleanly,
 * DESIGN.md §9). No personal data arrives, so none is stored.
 */
export const migration: Migration = {
  version: 2,
  name: 'ingest',
  sql: `
CREATE TABLE ingested_items (
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  item_id text NOT NULL,
  seq bigint NOT NULL,
  topic text NOT NULL,
  aggregate_id text NOT NULL,
  -- The hash the kiosk claimed: a retry of the same item matches it even when the first copy was corrupted.
  payload_hash text NOT NULL,
  -- NULL when the payload was not JSON (the item is then rejected).
  payload jsonb,
  created_at bigint NOT NULL,
  received_at bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'rejected')),
  reject_code text,
  reject_message text,
  PRIMARY KEY (kiosk_id, item_id),
  UNIQUE (kiosk_id, seq),
  CHECK ((status = 'rejected') = (reject_code IS NOT NULL))
);
CREATE INDEX ingested_items_rejected ON ingested_items (received_at) WHERE status = 'rejected';

CREATE TABLE hq_sessions (
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  session_id text NOT NULL,
  locale text,
  started_at bigint NOT NULL,
  ended_at bigint,
  end_reason text,
  PRIMARY KEY (kiosk_id, session_id)
);

CREATE TABLE hq_shopper_events (
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  event_id text NOT NULL,
  session_id text NOT NULL,
  at bigint NOT NULL,
  event jsonb NOT NULL,
  PRIMARY KEY (kiosk_id, event_id)
);
CREATE INDEX hq_shopper_events_at ON hq_shopper_events (at);

CREATE TABLE hq_applications (
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  application_id text NOT NULL,
  session_id text NOT NULL,
  requested_amount_fen bigint NOT NULL,
  finance_product_id text NOT NULL,
  lender_id text NOT NULL,
  term_months integer NOT NULL,
  -- Consent text versions the shopper accepted, by consent kind.
  consents jsonb NOT NULL,
  applied_at bigint NOT NULL,
  -- The latest state the kiosk reported, and the seq of the item that said so (later seq wins).
  status text NOT NULL,
  status_seq bigint NOT NULL,
  PRIMARY KEY (kiosk_id, application_id)
);
CREATE INDEX hq_applications_status ON hq_applications (status);

CREATE TABLE hq_decisions (
  kiosk_id uuid NOT NULL,
  item_id text NOT NULL,
  application_id text NOT NULL,
  status text NOT NULL,
  offline boolean NOT NULL,
  outcome text NOT NULL,
  reasons jsonb NOT NULL,
  signals jsonb NOT NULL,
  score integer NOT NULL,
  limit_fen bigint NOT NULL,
  amount_financed_fen bigint,
  down_payment_fen bigint,
  model_version text NOT NULL,
  decided_at bigint NOT NULL,
  PRIMARY KEY (kiosk_id, item_id),
  FOREIGN KEY (kiosk_id, application_id) REFERENCES hq_applications (kiosk_id, application_id)
);
CREATE INDEX hq_decisions_application ON hq_decisions (kiosk_id, application_id);

CREATE TABLE hq_review_requests (
  kiosk_id uuid NOT NULL,
  review_id text NOT NULL,
  application_id text NOT NULL,
  requested_at bigint NOT NULL,
  PRIMARY KEY (kiosk_id, review_id),
  FOREIGN KEY (kiosk_id, application_id) REFERENCES hq_applications (kiosk_id, application_id)
);

CREATE TABLE hq_contracts (
  kiosk_id uuid NOT NULL,
  contract_id text NOT NULL,
  application_id text NOT NULL,
  contract_hash text NOT NULL CHECK (contract_hash ~ '^[0-9a-f]{64}$'),
  cooling_off_until text NOT NULL,
  signed_at bigint NOT NULL,
  PRIMARY KEY (kiosk_id, contract_id),
  -- One agreement per application: the kiosk signs once (a double tap finds it signed).
  UNIQUE (kiosk_id, application_id),
  FOREIGN KEY (kiosk_id, application_id) REFERENCES hq_applications (kiosk_id, application_id)
);

-- Cancellations before signing and withdrawals in the cooling-off period.
CREATE TABLE hq_cancellations (
  kiosk_id uuid NOT NULL,
  item_id text NOT NULL,
  application_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cancelled', 'withdrawn')),
  reason text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (kiosk_id, item_id),
  FOREIGN KEY (kiosk_id, application_id) REFERENCES hq_applications (kiosk_id, application_id)
);

CREATE TABLE hq_orders (
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  order_id text NOT NULL,
  order_number text NOT NULL,
  payment text NOT NULL,
  application_id text,
  fulfilment jsonb NOT NULL,
  total_fen bigint NOT NULL,
  down_payment_fen bigint NOT NULL,
  amount_financed_fen bigint NOT NULL,
  discount_fen bigint NOT NULL,
  lines jsonb NOT NULL,
  placed_at bigint NOT NULL,
  cancelled_at bigint,
  PRIMARY KEY (kiosk_id, order_id),
  FOREIGN KEY (kiosk_id, application_id) REFERENCES hq_applications (kiosk_id, application_id)
);
CREATE INDEX hq_orders_placed ON hq_orders (placed_at);

-- Publications a kiosk refused (tampering, replays): HQ staff list these.
CREATE TABLE hq_publication_refusals (
  kiosk_id uuid NOT NULL REFERENCES kiosks (id),
  item_id text NOT NULL,
  dataset text NOT NULL,
  version bigint NOT NULL,
  reason text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (kiosk_id, item_id)
);
CREATE INDEX hq_publication_refusals_at ON hq_publication_refusals (at DESC);
`,
};
