import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 4,
  name: 'credit: applications, consents, decisions, contracts, orders, blocklist',
  sql: `
    -- Resident ID and mobile numbers exist here only as keyed HMAC (matching) and masked form
    -- (display), DESIGN.md §4. Rows are never deleted: a cancellation is a status.
    CREATE TABLE credit_applications (
      id                  TEXT PRIMARY KEY,
      session_id          TEXT NOT NULL,
      request_id          TEXT NOT NULL,
      locale              TEXT NOT NULL,
      status              TEXT NOT NULL CHECK (status IN ('approved', 'counter_offer', 'referred', 'declined', 'pending', 'signed', 'ordered', 'cancelled', 'withdrawn')),
      offline             INTEGER NOT NULL CHECK (offline IN (0, 1)),
      applicant_name      TEXT NOT NULL,
      resident_id_hmac    TEXT NOT NULL,
      resident_id_masked  TEXT NOT NULL,
      mobile_hmac         TEXT NOT NULL,
      mobile_masked       TEXT NOT NULL,
      age                 INTEGER NOT NULL,
      employment          TEXT NOT NULL,
      income_band         TEXT NOT NULL,
      -- What was bought, priced when applying: {lines, subtotalFen, discounts, totalFen}.
      purchase            TEXT NOT NULL CHECK (json_valid(purchase)),
      requested_amount_fen INTEGER NOT NULL CHECK (requested_amount_fen > 0),
      finance_product_id  TEXT NOT NULL REFERENCES finance_products(id),
      lender_id           TEXT NOT NULL REFERENCES lenders(id),
      term_months         INTEGER NOT NULL,
      requested_offer     TEXT NOT NULL CHECK (json_valid(requested_offer)),
      -- {amountFinancedFen, downPaymentFen, offer} when approved or counter-offered.
      approved            TEXT CHECK (approved IS NULL OR json_valid(approved)),
      -- Counted against finance_usage on this store date (returned on cancellation).
      store_date          TEXT NOT NULL,
      subsidy_fen         INTEGER NOT NULL DEFAULT 0,
      created_at          INTEGER NOT NULL,
      updated_at          INTEGER NOT NULL
    ) STRICT;
    -- A retried submission finds the application it already made.
    CREATE UNIQUE INDEX credit_applications_request ON credit_applications (session_id, request_id);
    CREATE INDEX credit_applications_session_status ON credit_applications (session_id, status);
    CREATE INDEX credit_applications_id_hmac ON credit_applications (resident_id_hmac, created_at);
    CREATE INDEX credit_applications_mobile_hmac ON credit_applications (mobile_hmac, created_at);
    CREATE INDEX credit_applications_created ON credit_applications (created_at);
    CREATE INDEX credit_applications_offline_day ON credit_applications (store_date, offline);

    -- Each consent separately, with the version of the text that was shown.
    CREATE TABLE credit_consents (
      application_id TEXT NOT NULL REFERENCES credit_applications(id),
      kind           TEXT NOT NULL CHECK (kind IN ('credit_assessment', 'personal_data')),
      version        TEXT NOT NULL,
      locale         TEXT NOT NULL,
      accepted_at    INTEGER NOT NULL,
      PRIMARY KEY (application_id, kind)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE credit_decisions (
      application_id TEXT PRIMARY KEY REFERENCES credit_applications(id),
      -- The model's outcome; the application's status may differ (offline → pending).
      outcome        TEXT NOT NULL CHECK (outcome IN ('approve', 'counter_offer', 'refer', 'decline')),
      reasons        TEXT NOT NULL CHECK (json_valid(reasons)),
      score          INTEGER NOT NULL,
      limit_fen      INTEGER NOT NULL,
      model_version  TEXT NOT NULL,
      -- The graph's input (no raw identifiers) and its per-node trace.
      input          TEXT NOT NULL CHECK (json_valid(input)),
      trace          TEXT NOT NULL CHECK (json_valid(trace)),
      decided_at     INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE credit_reviews (
      id             TEXT PRIMARY KEY,
      application_id TEXT NOT NULL UNIQUE REFERENCES credit_applications(id),
      requested_at   INTEGER NOT NULL
    ) STRICT;

    -- The contract exactly as shown and signed: its HTML, the signature image, and a hash over both.
    CREATE TABLE credit_contracts (
      id             TEXT PRIMARY KEY,
      application_id TEXT NOT NULL UNIQUE REFERENCES credit_applications(id),
      locale         TEXT NOT NULL,
      html           TEXT NOT NULL,
      html_hash      TEXT NOT NULL,
      signature_png  BLOB NOT NULL,
      contract_hash  TEXT NOT NULL,
      cooling_off_until TEXT NOT NULL,
      signed_at      INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE orders (
      id                  TEXT PRIMARY KEY,
      application_id      TEXT NOT NULL UNIQUE REFERENCES credit_applications(id),
      pickup_code         TEXT NOT NULL,
      status              TEXT NOT NULL CHECK (status IN ('placed', 'cancelled')),
      fulfilment          TEXT NOT NULL CHECK (json_valid(fulfilment)),
      total_fen           INTEGER NOT NULL,
      down_payment_fen    INTEGER NOT NULL,
      amount_financed_fen INTEGER NOT NULL,
      created_at          INTEGER NOT NULL,
      updated_at          INTEGER NOT NULL
    ) STRICT;
    -- A pickup code names one open order; a cancelled order's code may be reused.
    CREATE UNIQUE INDEX orders_open_pickup_code ON orders (pickup_code) WHERE status = 'placed';

    -- Published by HQ as HMACs under the fleet identity key (the demo store ships its own).
    CREATE TABLE credit_blocklist (
      kind     TEXT NOT NULL CHECK (kind IN ('resident_id', 'mobile')),
      hmac     TEXT NOT NULL,
      reason   TEXT NOT NULL,
      added_at INTEGER NOT NULL,
      PRIMARY KEY (kind, hmac)
    ) STRICT, WITHOUT ROWID;
  `,
};
