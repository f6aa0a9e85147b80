import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 12,
  name: 'credit: refunds to the lender for agreements cancelled after the goods were ordered',
  sql: `
    -- The lender paid the store when the goods were ordered; a cancellation sends the money back on
    -- the next business day (T+1). HQ sends it in the lender's file and reports it settled.
    CREATE TABLE credit_refunds (
      application_id TEXT PRIMARY KEY REFERENCES credit_applications(id),
      lender_id      TEXT NOT NULL,
      amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
      due_on         TEXT NOT NULL,
      state          TEXT NOT NULL CHECK (state IN ('requested', 'sent', 'settled')),
      requested_at   INTEGER NOT NULL,
      updated_at     INTEGER NOT NULL
    ) STRICT;
  `,
};
