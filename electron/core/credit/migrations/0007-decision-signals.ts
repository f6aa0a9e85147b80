import type { Migration } from '../../db/migration.ts';

/** Shipped: never edit; add the next migration instead. */
export const migration: Migration = {
  version: 7,
  name: 'credit: decision signals for staff, apart from the reasons shown to the shopper',
  sql: `
    -- JSON array of DecisionSignal codes (STUDENT, KIOSK_VELOCITY, MANUAL_REVIEW …).
    ALTER TABLE credit_decisions ADD COLUMN signals TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(signals));
    -- Exposure looks up one identity's live plans on every application.
    CREATE INDEX credit_applications_id_status ON credit_applications (resident_id_hmac, status);
  `,
};
