import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 21,
  name: 'credit: the challenger model’s decision in shadow, kept beside the champion’s trace',
  sql: `
    -- JSON ShadowDecision (contract/credit-model.ts) when the application fell in a challenger's share.
    ALTER TABLE credit_decisions ADD COLUMN challenger TEXT CHECK (challenger IS NULL OR json_valid(challenger));
  `,
};
