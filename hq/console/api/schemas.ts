import { z } from 'zod';
import { CameraHealth, Heartbeat } from '../../../electron/contract/fleet.ts';
import { EpochMs } from '../../../electron/contract/sync.ts';
import { KioskSummary, KiosksResponse } from '../../server/admin-schemas.ts';
import { ConsoleRole } from '../../server/permissions.ts';

/**
 * The answers the console reads. The admin API's own schemas (hq/server/*-schemas.ts) are used
 * as they are where they exist, so the console and HQ cannot drift apart unnoticed; these are
 * the few HQ does not export.
 */

export const SessionUser = z.object({ username: z.string().min(1), displayName: z.string(), role: ConsoleRole });
export type SessionUser = z.infer<typeof SessionUser>;

/** `GET` and `POST /v1/console/session`: who is signed in and the token every change sends back. */
export const SessionAnswer = z.object({ user: SessionUser, csrfToken: z.string().min(1), expiresAt: EpochMs.optional() });
export type SessionAnswer = z.infer<typeof SessionAnswer>;

export const SignedOut = z.object({ signedOut: z.literal(true) });

/** A fleet row as HQ lists it (with its ring, pin and hold). */
export const KioskRow = KioskSummary.extend({
  // HQ keeps only heartbeats that passed the contract, so the camera is one of its states.
  camera: CameraHealth.nullable(),
});
export type KioskRow = z.infer<typeof KioskRow>;
/** The whole fleet, or with `?first=` its first screenful and `total`. */
export const KiosksAnswer = KiosksResponse.extend({ kiosks: z.array(KioskRow) });
export type KiosksAnswer = z.infer<typeof KiosksAnswer>;

/**
 * One heartbeat of a kiosk's history, as far as the charts read it: the contract's own fields,
 * loose, so a field a newer kiosk adds does not blank a week of history.
 */
export const HeartbeatPoint = Heartbeat.pick({ sentAt: true, appVersion: true, sync: true, camera: true, diskFreeBytes: true, memoryRssBytes: true, lastFrameAt: true, errors: true }).loose();
export const HeartbeatsAnswer = z.object({ heartbeats: z.array(z.object({ receivedAt: EpochMs, heartbeat: HeartbeatPoint })) });
export type HeartbeatsAnswer = z.infer<typeof HeartbeatsAnswer>;
