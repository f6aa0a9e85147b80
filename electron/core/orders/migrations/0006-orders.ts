import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 6,
  name: 'orders: paid at the till or by installments, short numbers, delivery addresses',
  sql: `
    -- Orders no longer need a credit application (paid at the till), so the table is rebuilt.
    CREATE TABLE orders_v6 (
      id                  TEXT PRIMARY KEY,
      -- Store date and its running number: what the till and the shopper say (1202-0007).
      store_date          TEXT NOT NULL,
      number              TEXT NOT NULL,
      session_id          TEXT NOT NULL,
      -- Till orders are idempotent per visit and submission, like applications.
      request_id          TEXT,
      payment             TEXT NOT NULL CHECK (payment IN ('till', 'installment')),
      application_id      TEXT UNIQUE REFERENCES credit_applications(id),
      pickup_code         TEXT NOT NULL,
      status              TEXT NOT NULL CHECK (status IN ('placed', 'cancelled')),
      -- {kind, slot, districtId, address, contactMasked, services}: the contact only masked.
      fulfilment          TEXT NOT NULL CHECK (json_valid(fulfilment)),
      -- Keyed HMAC of the delivery contact's mobile (matching only), DESIGN.md §4.
      contact_hmac        TEXT,
      -- [{productId, name, quantity, unitPriceFen}] as priced when ordering.
      lines               TEXT NOT NULL CHECK (json_valid(lines)),
      total_fen           INTEGER NOT NULL CHECK (total_fen >= 0),
      down_payment_fen    INTEGER NOT NULL CHECK (down_payment_fen >= 0),
      amount_financed_fen INTEGER NOT NULL CHECK (amount_financed_fen >= 0),
      created_at          INTEGER NOT NULL,
      updated_at          INTEGER NOT NULL,
      CHECK ((payment = 'installment') = (application_id IS NOT NULL)),
      CHECK (payment = 'installment' OR amount_financed_fen = 0)
    ) STRICT;

    INSERT INTO orders_v6 (id, store_date, number, session_id, request_id, payment, application_id, pickup_code, status, fulfilment,
                           contact_hmac, lines, total_fen, down_payment_fen, amount_financed_fen, created_at, updated_at)
    -- The store date of each existing order (store time is Beijing time, UTC+8).
    SELECT o.id, date(o.created_at / 1000, 'unixepoch', '+8 hours'),
           strftime('%m%d', o.created_at / 1000, 'unixepoch', '+8 hours') || '-' ||
             printf('%04d', ROW_NUMBER() OVER (PARTITION BY date(o.created_at / 1000, 'unixepoch', '+8 hours') ORDER BY o.created_at, o.id)),
           a.session_id, NULL, 'installment', o.application_id, o.pickup_code, o.status, o.fulfilment,
           NULL, json_extract(a.purchase, '$.lines'), o.total_fen, o.down_payment_fen, o.amount_financed_fen, o.created_at, o.updated_at
      FROM orders o JOIN credit_applications a ON a.id = o.application_id;

    DROP TABLE orders;
    ALTER TABLE orders_v6 RENAME TO orders;
    -- A pickup code names one open order; a cancelled order's code may be reused.
    CREATE UNIQUE INDEX orders_open_pickup_code ON orders (pickup_code) WHERE status = 'placed';
    CREATE UNIQUE INDEX orders_number ON orders (store_date, number);
    CREATE UNIQUE INDEX orders_request ON orders (session_id, request_id) WHERE request_id IS NOT NULL;
    CREATE INDEX orders_session ON orders (session_id, status);
  `,
};
