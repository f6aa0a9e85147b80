/**
 * Numbered schema migrations. Append only: never edit a migration that has shipped;
 * add the next number instead. `PRAGMA user_version` holds the applied number.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'platform: settings, catalog, sessions, outbox, sync cursors',
    sql: `
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- One row per dataset HQ publishes (or the demo seed stands in for).
      CREATE TABLE datasets (
        name       TEXT PRIMARY KEY,
        version    TEXT NOT NULL,
        hash       TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE categories (
        id         TEXT PRIMARY KEY,
        name_zh    TEXT NOT NULL,
        name_en    TEXT NOT NULL,
        art        TEXT NOT NULL,
        sort_order INTEGER NOT NULL,
        specs      TEXT NOT NULL CHECK (json_valid(specs))
      ) STRICT;

      CREATE TABLE brands (
        id      TEXT PRIMARY KEY,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL
      ) STRICT;

      CREATE TABLE products (
        id             TEXT PRIMARY KEY,
        sku            TEXT NOT NULL UNIQUE,
        model          TEXT NOT NULL,
        category_id    TEXT NOT NULL REFERENCES categories(id),
        brand_id       TEXT NOT NULL REFERENCES brands(id),
        name_zh        TEXT NOT NULL,
        name_en        TEXT NOT NULL,
        price_fen      INTEGER NOT NULL CHECK (price_fen >= 0),
        list_price_fen INTEGER NOT NULL CHECK (list_price_fen >= price_fen),
        energy_grade   INTEGER CHECK (energy_grade BETWEEN 1 AND 5),
        art            TEXT NOT NULL,
        specs          TEXT NOT NULL CHECK (json_valid(specs)),
        highlights     TEXT NOT NULL CHECK (json_valid(highlights)),
        popularity     INTEGER NOT NULL DEFAULT 0,
        released_on    TEXT NOT NULL,
        active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
      ) STRICT;
      CREATE INDEX products_category_popularity ON products (category_id, active, popularity DESC);
      CREATE INDEX products_category_price ON products (category_id, active, price_fen);
      CREATE INDEX products_category_released ON products (category_id, active, released_on DESC);

      CREATE TABLE stock (
        product_id TEXT PRIMARY KEY REFERENCES products(id),
        on_hand    INTEGER NOT NULL CHECK (on_hand >= 0),
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sessions (
        id         TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL,
        locale     TEXT NOT NULL,
        ended_at   INTEGER,
        end_reason TEXT CHECK (end_reason IN ('idle', 'finished', 'staff', 'restart'))
      ) STRICT;

      -- DESIGN.md §7: drained to HQ in seq order; seq is contiguous per kiosk
      -- (AUTOINCREMENT never reuses a number, and a rolled-back write takes none).
      CREATE TABLE outbox (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        id           TEXT NOT NULL UNIQUE,
        topic        TEXT NOT NULL,
        aggregate_id TEXT NOT NULL,
        payload      TEXT NOT NULL CHECK (json_valid(payload)),
        created_at   INTEGER NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_error   TEXT,
        acked_at     INTEGER
      );
      CREATE INDEX outbox_pending ON outbox (seq) WHERE acked_at IS NULL;

      CREATE TABLE sync_cursors (
        dataset    TEXT PRIMARY KEY,
        cursor     TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'product browser: search index, promotions, shopper events',
    sql: `
      -- Full-text search over active products. The core pre-tokenises every column
      -- (core/catalog/search-text.ts): 'model' holds model number forms, 'name' the names
      -- with Chinese split into single characters, 'terms' brand, category and spec words
      -- plus the pinyin (full and initials) of all Chinese. Rewritten by the catalog writer
      -- in the same transaction as products. Prefix indexes keep as-you-type queries of
      -- one to three letters fast.
      CREATE VIRTUAL TABLE product_search USING fts5(
        product_id UNINDEXED,
        model,
        name,
        terms,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      -- Every indexed token, for splitting pinyin typed without spaces into words.
      CREATE VIRTUAL TABLE product_search_vocab USING fts5vocab(product_search, row);

      CREATE TABLE promotions (
        id                 TEXT PRIMARY KEY,
        kind               TEXT NOT NULL CHECK (kind IN ('threshold', 'percent', 'bundle')),
        data               TEXT NOT NULL CHECK (json_valid(data)),
        starts_on          TEXT NOT NULL,
        ends_on            TEXT NOT NULL,
        priority           INTEGER NOT NULL DEFAULT 0,
        active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
      ) STRICT;
      CREATE INDEX promotions_dates ON promotions (active, starts_on, ends_on);

      -- Shopper analytics; each row has its outbox row (topic shopper.event).
      CREATE TABLE shopper_events (
        id         TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        type       TEXT NOT NULL,
        data       TEXT NOT NULL CHECK (json_valid(data)),
        at         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX shopper_events_session ON shopper_events (session_id, at);
      CREATE INDEX shopper_events_type_at ON shopper_events (type, at);
    `,
  },
  {
    version: 3,
    name: 'finance: lenders, finance products, daily usage',
    sql: `
      -- Written only by the finance dataset (core/finance/finance-store.ts applyFinance), in one
      -- transaction with its datasets row; the APR cap and routing order live in settings
      -- ('finance'). Rows are deactivated, never deleted: applications will refer to them.
      CREATE TABLE lenders (
        id       TEXT PRIMARY KEY,
        name_zh  TEXT NOT NULL,
        name_en  TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
      ) STRICT;

      CREATE TABLE finance_products (
        id                     TEXT PRIMARY KEY,
        lender_id              TEXT NOT NULL REFERENCES lenders(id),
        kind                   TEXT NOT NULL CHECK (kind IN ('equal_installment', 'flat_fee', 'interest_free')),
        priority               INTEGER NOT NULL DEFAULT 0,
        min_amount_fen         INTEGER NOT NULL CHECK (min_amount_fen > 0),
        max_amount_fen         INTEGER NOT NULL CHECK (max_amount_fen >= min_amount_fen),
        daily_quota            INTEGER NOT NULL CHECK (daily_quota > 0),
        subsidy_budget_fen     INTEGER NOT NULL DEFAULT 0 CHECK (subsidy_budget_fen >= 0),
        -- Store date from which local subsidy use counts against subsidy_budget_fen: HQ's figure
        -- is what is left when it publishes, so a new figure restarts the count.
        budget_since           TEXT NOT NULL,
        offline_approvable     INTEGER NOT NULL CHECK (offline_approvable IN (0, 1)),
        offline_max_amount_fen INTEGER NOT NULL CHECK (offline_max_amount_fen >= 0),
        -- The whole product as published (terms, categories, names, dates).
        data                   TEXT NOT NULL CHECK (json_valid(data)),
        active                 INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
      ) STRICT;
      CREATE INDEX finance_products_lender ON finance_products (lender_id);

      -- Per product per store date: applications taken (daily quota) and subsidy committed
      -- (budget). Written in the same transaction as the application that uses it.
      CREATE TABLE finance_usage (
        product_id       TEXT NOT NULL REFERENCES finance_products(id),
        store_date       TEXT NOT NULL,
        applications     INTEGER NOT NULL DEFAULT 0 CHECK (applications >= 0),
        subsidy_used_fen INTEGER NOT NULL DEFAULT 0 CHECK (subsidy_used_fen >= 0),
        updated_at       INTEGER NOT NULL,
        PRIMARY KEY (product_id, store_date)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
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
  },
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
