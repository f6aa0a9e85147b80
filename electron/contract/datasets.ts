import { z } from 'zod';

/**
 * Wire forms of the datasets HQ publishes whose kiosk-side schema lives in electron/core (the
 * catalog and finance datasets are in catalog.ts and finance.ts, the blocklist in credit.ts).
 * HQ validates a file against these before signing it; the kiosk parses what it receives with them.
 */

/** The decision model's velocity windows (the same bounds core/credit's manifest enforces). */
export const VelocityWindows = z
  .object({
    idWindowHours: z.number().int().min(1).max(24 * 30),
    phoneWindowHours: z.number().int().min(1).max(24 * 30),
    kioskWindowMinutes: z.number().int().min(1).max(24 * 60),
  })
  .strict();

/**
 * A decision model as one publication: the manifest of resources/decision-models with the JDM
 * graph inline instead of a file name (a publication is one body, one hash, one signature).
 * The graph's shape is zen-engine's; HQ additionally loads it in zen-engine before publishing.
 */
export const DecisionModelDataset = z
  .object({
    dataset: z.literal('decision_models'),
    model: z.literal('credit'),
    version: z.string().regex(/^credit-\d{4}\.\d{2}-\d+$/, 'expected credit-YYYY.MM-N'),
    velocity: VelocityWindows,
    graph: z.looseObject({ nodes: z.array(z.looseObject({ id: z.string(), type: z.string() })).min(1), edges: z.array(z.looseObject({})) }),
  })
  .strict();
export type DecisionModelDataset = z.infer<typeof DecisionModelDataset>;
