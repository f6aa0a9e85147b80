import type { Migration } from '../migration.ts';

/**
 * Credit with HQ (issue 9 item 5). Applications carry the applicant as keyed HMACs of resident ID
 * and mobile under the fleet key (never the numbers, never the masked forms), so HQ can count the
 * same person's applications and credit across stores. An application the kiosk left pending
 * carries the decision graph's input (ages, bands, counts, flags), which HQ decides on; HQ's own
 * decisions go into hq_decisions beside the kiosk's, told apart by `decided_by`.
 */
export const migration: Migration = {
  version: 4,
  name: 'credit',
  sql: `
ALTER TABLE hq_applications ADD COLUMN resident_id_hmac text CHECK (resident_id_hmac ~ '^[0-9a-f]{64}$');
ALTER TABLE hq_applications ADD COLUMN mobile_hmac text CHECK (mobile_hmac ~ '^[0-9a-f]{64}$');
-- The requested plan's monthly payment: a pending application's exposure.
ALTER TABLE hq_applications ADD COLUMN monthly_payment_fen bigint;
-- credit.pending: the graph's input as the kiosk assembled it (no identifiers, by its strict schema).
ALTER TABLE hq_applications ADD COLUMN decision_input jsonb;
-- Cross-store checks: one identity's applications in a window, at any kiosk.
CREATE INDEX hq_applications_id_hmac ON hq_applications (resident_id_hmac, applied_at) WHERE resident_id_hmac IS NOT NULL;
CREATE INDEX hq_applications_mobile_hmac ON hq_applications (mobile_hmac, applied_at) WHERE mobile_hmac IS NOT NULL;

ALTER TABLE hq_decisions ADD COLUMN decided_by text NOT NULL DEFAULT 'kiosk' CHECK (decided_by IN ('kiosk', 'hq'));
ALTER TABLE hq_decisions ADD COLUMN monthly_payment_fen bigint;
-- HQ's decisions: the input it decided on (the kiosk's, with HQ's cross-store checks added).
ALTER TABLE hq_decisions ADD COLUMN input jsonb;
-- One HQ decision per application, whatever retries or HQ processes do.
CREATE UNIQUE INDEX hq_decisions_by_hq ON hq_decisions (kiosk_id, application_id) WHERE decided_by = 'hq';
`,
};
