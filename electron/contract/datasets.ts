import { z } from 'zod';
import { DEFAULT_MAINTENANCE_WINDOW, MaintenanceWindow } from './fleet.ts';

/**
 * Wire schemas of the datasets HQ publishes that have no feature contract of their own yet
 * (DESIGN.md §7). The kiosk validates a publication's body with these before it applies it; HQ
 * validates a file with the same schema before it signs it. (catalog, finance and blocklist keep
 * their schemas in contract/catalog.ts, contract/finance.ts and contract/credit.ts.)
 */

/**
 * A credit decision model as HQ publishes it: the manifest the kiosk ships in
 * resources/decision-models/credit.manifest.json, and the JDM graph it names, inline. The kiosk
 * checks both at load exactly as it checks the bundled model (core/credit/decision-engine.ts);
 * a model that fails is refused and the one in use stays.
 */
export const DecisionModelDataset = z
  .object({
    dataset: z.literal('decision_models').optional(),
    /** The manifest's version (credit-YYYY.MM-N), repeated so the registry can record it. */
    version: z.string().min(1).max(64),
    manifest: z.record(z.string(), z.unknown()),
    graph: z.record(z.string(), z.unknown()),
    /**
     * A challenger the kiosks also evaluate, in shadow, on `sharePercent` of applications (chosen
     * by the application's request, so a retry falls on the same side): its outcome is recorded
     * with the decision for HQ to compare, never shown or acted on.
     */
    challenger: z
      .object({
        version: z.string().min(1).max(64),
        manifest: z.record(z.string(), z.unknown()),
        graph: z.record(z.string(), z.unknown()),
        sharePercent: z.number().int().min(1).max(100),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((d) => d.manifest.version === d.version, { message: 'version must be the manifest version', path: ['version'] })
  .refine((d) => !d.challenger || d.challenger.manifest.version === d.challenger.version, { message: 'version must be the manifest version', path: ['challenger', 'version'] })
  .refine((d) => d.challenger?.version !== d.version, { message: 'the challenger must be another version than the champion', path: ['challenger', 'version'] });
export type DecisionModelDataset = z.infer<typeof DecisionModelDataset>;

/** How old (since the kiosk last confirmed it with HQ) a blocklist or model may be before offline approval stops. */
export const OFFLINE_POLICY_DEFAULTS = { maxBlocklistAgeHours: 72, maxModelAgeHours: 72 } as const;

/** Fleet settings HQ publishes; every field has a default, so `{ "version": "…" }` is a valid config. */
export const ConfigDataset = z
  .object({
    dataset: z.literal('config').optional(),
    version: z.string().min(1).max(64),
    offline: z
      .object({
        maxBlocklistAgeHours: z.number().int().min(1).max(24 * 90).default(OFFLINE_POLICY_DEFAULTS.maxBlocklistAgeHours),
        maxModelAgeHours: z.number().int().min(1).max(24 * 90).default(OFFLINE_POLICY_DEFAULTS.maxModelAgeHours),
      })
      .strict()
      .default({ ...OFFLINE_POLICY_DEFAULTS }),
    /** When kiosks of the scope may restart into a new version (store time). */
    maintenanceWindow: MaintenanceWindow.default({ ...DEFAULT_MAINTENANCE_WINDOW }),
  })
  .strict();
export type ConfigDataset = z.infer<typeof ConfigDataset>;
