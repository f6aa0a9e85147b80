import type { Migration } from '../migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
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
};
