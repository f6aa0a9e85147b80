import type { Migration } from '../migration.ts';

/**
 * A referral staff send up to HQ comes with the graph's input the kiosk's model decided it on (no
 * identifier: ages, bands, counts and flags), so HQ's credit team sees the model's trace: HQ runs
 * the same model version on it again (hq/credit/escalations.ts).
 */
export const migration: Migration = {
  version: 13,
  name: 'escalation-input',
  sql: `
ALTER TABLE hq_staff_decisions ADD COLUMN decision_input jsonb;
`,
};
