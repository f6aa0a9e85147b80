import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 9,
  name: 'catalog: prices, stock and promotions as datasets of their own, effective-dated',
  sql: `
    -- The catalog dataset's own prices. products.price_fen / list_price_fen stay the prices in
    -- effect (what every screen and the till read): the catalog's, or the store price list's
    -- where it names the product (core/catalog/schedule.ts recomputes them).
    ALTER TABLE products ADD COLUMN catalog_price_fen INTEGER NOT NULL DEFAULT 0 CHECK (catalog_price_fen >= 0);
    ALTER TABLE products ADD COLUMN catalog_list_price_fen INTEGER NOT NULL DEFAULT 0 CHECK (catalog_list_price_fen >= 0);
    UPDATE products SET catalog_price_fen = price_fen, catalog_list_price_fen = list_price_fen;

    -- Snapshots of the effective-dated datasets HQ published (prices, promotions), kept from the
    -- moment they arrive until a newer one replaces them, so one dated for later switches on time
    -- with the kiosk offline and across restarts. At most one per dataset is in effect: the
    -- newest whose effective_at has come. body is the validated dataset JSON.
    CREATE TABLE scheduled_snapshots (
      dataset      TEXT NOT NULL CHECK (dataset IN ('prices', 'promotions')),
      effective_at INTEGER NOT NULL,
      version      TEXT NOT NULL,
      body         TEXT NOT NULL CHECK (json_valid(body)),
      received_at  INTEGER NOT NULL,
      in_effect    INTEGER NOT NULL DEFAULT 0 CHECK (in_effect IN (0, 1)),
      PRIMARY KEY (dataset, effective_at)
    ) STRICT;

    -- The rows of the price list in effect. No foreign key: a product the kiosk does not know yet
    -- is priced when a catalog brings it. list_price_fen NULL: the catalog's list price.
    CREATE TABLE store_prices (
      product_id     TEXT PRIMARY KEY,
      price_fen      INTEGER NOT NULL CHECK (price_fen >= 0),
      list_price_fen INTEGER CHECK (list_price_fen >= price_fen)
    ) STRICT;
  `,
};
