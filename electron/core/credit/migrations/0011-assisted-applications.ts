import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 11,
  name: 'credit: assisted applications (the staff member who helped, ID card seen in person), referrals sent to HQ',
  sql: `
    ALTER TABLE credit_applications ADD COLUMN assisted_by TEXT;
    ALTER TABLE credit_applications ADD COLUMN id_card_seen INTEGER CHECK (id_card_seen IS NULL OR (id_card_seen IN (0, 1) AND assisted_by IS NOT NULL));
    CREATE INDEX credit_applications_assisted ON credit_applications (assisted_by, created_at) WHERE assisted_by IS NOT NULL;
    -- Staff sent a referral to HQ's credit team; HQ's decision comes down as a message.
    ALTER TABLE credit_applications ADD COLUMN escalated_at INTEGER;
    CREATE INDEX credit_applications_to_look_at ON credit_applications (created_at) WHERE status IN ('referred', 'pending');
  `,
};
