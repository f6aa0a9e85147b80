import type { Migration } from '../migration.ts';

/**
 * Verification codes HQ texts to a member's mobile for a kiosk (issue 10 item 3): the number only
 * as a keyed hash (to limit how often one number is texted), the code only as a hash bound to its
 * row, and the kiosk that asked (only it may check the code). Rows are deleted a day after they
 * expire: they are the rate limit's memory, nothing more.
 */
export const migration: Migration = {
  version: 7,
  name: 'mobile-codes',
  sql: `
CREATE TABLE mobile_codes (
  id          uuid PRIMARY KEY,
  kiosk_id    uuid NOT NULL REFERENCES kiosks (id),
  mobile_hmac text NOT NULL CHECK (mobile_hmac ~ '^[0-9a-f]{64}$'),
  code_hash   text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  created_at  bigint NOT NULL,
  expires_at  bigint NOT NULL,
  attempts    integer NOT NULL DEFAULT 0,
  verified_at bigint
);
CREATE INDEX mobile_codes_mobile ON mobile_codes (mobile_hmac, created_at);
CREATE INDEX mobile_codes_kiosk ON mobile_codes (kiosk_id, created_at);
CREATE INDEX mobile_codes_expires ON mobile_codes (expires_at);
`,
};
