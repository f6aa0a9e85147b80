import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
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
};
