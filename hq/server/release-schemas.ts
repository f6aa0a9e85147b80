import { z } from 'zod';
import { AppVersion, ReleaseFile, Ring } from '../../electron/contract/fleet.ts';
import { EpochMs, KioskId, StoreId } from '../../electron/contract/sync.ts';

/** Store IT's release routes (issue 12 item 1): admin token, like the rest of the admin API. */

export const RegisterReleaseRequest = z
  .object({
    version: AppVersion,
    /** Where kiosks download the build (store IT's file server or CDN), with its SHA-512 and size as electron-builder wrote them. */
    files: z.array(ReleaseFile.extend({ url: z.url({ protocol: /^https?$/ }) })).min(1).max(8),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();
export const ReleaseSummary = z.object({ version: AppVersion, files: z.array(ReleaseFile), notes: z.string().nullable(), registeredAt: EpochMs, registeredBy: z.string() });
export const RegisterReleaseResponse = z.object({ version: AppVersion, registeredAt: EpochMs });
export const ReleasesResponse = z.object({ releases: z.array(ReleaseSummary) });

export const StartRolloutRequest = z
  .object({
    version: AppVersion,
    /** How long each ring runs the release before the next gets it (default a day). */
    bakeMinutes: z.number().int().min(0).max(60 * 24 * 30).optional(),
    /** The share of kiosks that took it whose failure halts the rollout (default 0.1) … */
    failureShare: z.number().gt(0).max(1).optional(),
    /** … once at least this many failed (default 2). */
    minFailures: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export const RolloutParams = z.object({ id: z.coerce.number().int().positive() }).strict();
export const RolloutActionParams = RolloutParams.extend({ action: z.enum(['halt', 'resume', 'advance', 'cancel', 'rollback']) }).strict();
export const RolloutActionRequest = z.object({ reason: z.string().trim().min(1).max(200).optional() }).strict().default({});
const RingProgress = z.object({ ring: Ring, kiosks: z.number().int(), onVersion: z.number().int(), failed: z.number().int() });
export const RolloutSummary = z.object({
  id: z.number().int(),
  version: AppVersion,
  state: z.enum(['running', 'halted', 'completed', 'cancelled']),
  stage: z.number().int(),
  ring: Ring,
  stageStartedAt: EpochMs,
  bakeMs: z.number().int(),
  failureShare: z.number(),
  minFailures: z.number().int(),
  acceptedFailures: z.number().int(),
  haltedReason: z.string().nullable(),
  startedAt: EpochMs,
  startedBy: z.string(),
  updatedAt: EpochMs,
});
export const RolloutResponse = z.object({ rollout: RolloutSummary });
export const RolloutsResponse = z.object({ rollouts: z.array(RolloutSummary) });
export const RolloutDetailResponse = z.object({
  rollout: RolloutSummary,
  rings: z.array(RingProgress),
  timeline: z.array(z.object({ at: EpochMs, event: z.string(), ring: Ring, detail: z.string().nullable(), by: z.string() })),
});
export const RollBackResponse = z.object({ pinned: z.number().int(), to: AppVersion });

export const StoreRingRequest = z.object({ ring: Ring.nullable() }).strict();
export const StoreRingResponse = z.object({ storeId: StoreId, ring: Ring.nullable() });
export const KioskPinRequest = z.object({ version: AppVersion.nullable() }).strict();
export const KioskPinResponse = z.object({ kioskId: KioskId, pinnedVersion: AppVersion.nullable() });
export const KioskHoldRequest = z.object({ held: z.boolean() }).strict();
export const KioskHoldResponse = z.object({ kioskId: KioskId, held: z.boolean() });
export const FeedParams = z.object({ token: z.string().min(1).max(1000), file: z.string().min(1).max(64) }).strict();
