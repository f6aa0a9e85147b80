import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 13,
  name: 'figures: the store figures read visits and sales by date',
  sql: `
    CREATE INDEX sessions_started ON sessions (started_at);
    CREATE INDEX orders_store_date ON orders (store_date, status);
  `,
};
