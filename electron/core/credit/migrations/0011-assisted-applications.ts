import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 11,
  name: 'credit: assisted applications (the staff member who helped, ID card seen in person)',
  sql: `
    ALTER TABLE credit_applications ADD COLUMN assisted_by TEXT;
    ALTER TABLE credit_applications ADD COLUMN id_card_seen INTEGER CHECK (id_card_seen IS NULL OR (id_card_seen IN (0, 1) AND assisted_by IS NOT NULL));
    CREATE INDEX credit_applications_assisted ON credit_applications (assisted_by, created_at) WHERE assisted_by IS NOT NULL;
  `,
};
