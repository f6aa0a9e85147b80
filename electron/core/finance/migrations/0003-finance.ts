import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
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
};
