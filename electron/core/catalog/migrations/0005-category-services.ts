import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 5,
  name: 'catalog: delivery services per category',
  sql: `
    -- JSON array of the services delivery offers for the category ('installation', 'haul_away').
    ALTER TABLE categories ADD COLUMN services TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(services));
  `,
};
