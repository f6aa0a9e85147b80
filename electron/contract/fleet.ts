import { z } from 'zod';
import type { ChannelDef } from './channel.ts';
import { EpochMs, KioskId } from './sync.ts';

/**
 * Fleet updates (issue 12, DESIGN.md §8). HQ decides which release each kiosk gets and signs its
 * manifest with the same Ed25519 key as publications; the kiosk checks that signature itself
 * (electron-updater checks none on Linux), then the files' SHA-512 against the signed ones.
 */

export const AppVersion = z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'a version such as 1.4.2');

export const ReleaseFile = z
  .object({
    url: z.string().min(1).max(500),
    /** SHA-512 of the file, base64 (as electron-updater's latest.yml has it). */
    sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a SHA-512 digest in base64'),
    size: z.number().int().positive(),
  })
  .strict();
export type ReleaseFile = z.infer<typeof ReleaseFile>;

/** What HQ signs for a release offered to a kiosk. */
export const ReleaseClaims = z
  .object({
    version: AppVersion,
    files: z.array(ReleaseFile).min(1).max(8),
    releasedAt: EpochMs,
    /** HQ pinned this kiosk to this version: the one case a kiosk installs an older version than it runs. */
    pinnedFor: KioskId.optional(),
  })
  .strict();
export type ReleaseClaims = z.infer<typeof ReleaseClaims>;

/**
 * The rings a release moves through, in order: HQ's lab kiosks, canary stores placed by hand,
 * then 5 % and 25 % of the stores (HQ draws them from the store id), then everyone.
 */
export const RINGS = ['lab', 'canary', 'early', 'broad', 'all'] as const;
export const Ring = z.enum(RINGS);
export type Ring = z.infer<typeof Ring>;

/** A kiosk asking HQ what it should run (hourly, and at start). */
export const UpdateCheckRequest = z.object({ appVersion: AppVersion }).strict();
export type UpdateCheckRequest = z.infer<typeof UpdateCheckRequest>;
export const UpdateOffer = z
  .object({
    version: AppVersion,
    /** The signed ReleaseClaims (compact JWS, typ kiosk-release+jws). */
    manifest: z.string().min(1).max(8192),
    /** electron-updater's generic feed for this kiosk and this release (its latest*.yml), valid for a while. */
    feedUrl: z.string().min(1).max(1000),
  })
  .strict();
export type UpdateOffer = z.infer<typeof UpdateOffer>;
export const UpdateCheckResponse = z.object({
  /** What HQ decided this kiosk runs next; null: stay (nothing newer for its ring, held, or the rollout halted). */
  offer: UpdateOffer.nullable(),
  ring: Ring,
  serverTime: EpochMs,
});
export type UpdateCheckResponse = z.infer<typeof UpdateCheckResponse>;

/** The store's maintenance window, in store time (it may cross midnight: 22:00–05:00). */
export const MaintenanceWindow = z
  .object({
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  })
  .strict();
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;
export const DEFAULT_MAINTENANCE_WINDOW: MaintenanceWindow = { start: '02:00', end: '05:00' };

/**
 * Where an update stands on a kiosk, each reported to HQ: offered → downloading → downloaded →
 * verified → waiting (for the window and an idle kiosk) → installing → first_boot → committed, or
 * reverted (the health gate failed, or it crashed in a loop), or refused/failed before installing.
 */
export const UpdateState = z.enum(['offered', 'downloading', 'downloaded', 'verified', 'waiting', 'installing', 'first_boot', 'committed', 'reverted', 'refused', 'failed']);
export type UpdateState = z.infer<typeof UpdateState>;

/** The camera as the kiosk last knew it (renderer/features/face/camera.ts), or unknown before the screen said. */
export const CameraHealth = z.enum(['off', 'starting', 'on', 'denied', 'absent', 'unplugged', 'failed', 'unknown']);
export type CameraHealth = z.infer<typeof CameraHealth>;

/**
 * The watchdog's state as HQ sees it in the heartbeat (issue 12 item 5): screen reloads since the
 * app started (frozen or white screens, renderer crashes), whether it gave up reloading for the
 * hour, and whether a crash loop put the kiosk on its safe screen.
 */
export const WatchdogReport = z
  .object({
    reloads: z.number().int().nonnegative(),
    lastReloadAt: EpochMs.nullable(),
    /** The screen stopped and the hour's reloads are used up: it is left as it is and reported. */
    reloadsCapped: z.boolean(),
    safeMode: z.boolean(),
    /** When this run went into safe mode; null when it is not in it. */
    safeModeSince: EpochMs.nullable(),
    /** Starts within the crash-loop window that did not follow a clean shutdown, this one included. */
    recentStarts: z.number().int().nonnegative(),
  })
  .strict();
export type WatchdogReport = z.infer<typeof WatchdogReport>;

/**
 * What a kiosk tells HQ every minute (issue 12 item 3): enough for store IT to see a kiosk that is
 * up but not serving (a white or frozen screen shows as an old `lastFrameAt`), falling behind on
 * sync, short of disk, or with its camera gone; and where its updates stand.
 */
export const Heartbeat = z
  .object({
    sentAt: EpochMs,
    appVersion: AppVersion,
    startedAt: EpochMs,
    sync: z.object({ pending: z.number().int().nonnegative(), oldestAt: EpochMs.nullable() }).strict(),
    /** Each dataset's version in use. */
    datasets: z.record(z.string().max(32), z.string().max(100)),
    camera: CameraHealth,
    diskFreeBytes: z.number().int().nonnegative().nullable(),
    memoryRssBytes: z.number().int().nonnegative(),
    /** When the renderer last painted a frame (its own heartbeat); null before it has. */
    lastFrameAt: EpochMs.nullable(),
    /** Errors logged since the last heartbeat HQ took. */
    errors: z.number().int().nonnegative(),
    /** Update states not yet reported, oldest first. */
    updates: z.array(z.object({ version: AppVersion.nullable(), state: UpdateState, reason: z.string().max(200).nullable(), at: EpochMs }).strict()).max(100),
    /** The watchdog (optional: kiosks from before it do not send it). */
    watchdog: WatchdogReport.optional(),
  })
  .strict();
export type Heartbeat = z.infer<typeof Heartbeat>;
export const HeartbeatResponse = z.object({ serverTime: EpochMs });
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;
/** How often a kiosk sends one, and after how long without one HQ calls it silent. */
export const HEARTBEAT_EVERY_MS = 60_000;
export const SILENT_AFTER_MS = 3 * HEARTBEAT_EVERY_MS;

export const fleetChannels = {
  /**
   * The renderer's own heartbeat: sent from inside an animation frame, so it stops when the screen
   * stops painting (HQ sees a white or frozen screen as an old lastFrameAt), with the camera's state.
   */
  rendererHeartbeat: {
    access: 'shopper',
    request: z.object({ camera: CameraHealth }).strict(),
    response: z.object({}),
  },
  /**
   * The watchdog's word to the screen, asked at boot (`boot: true`: a window has just loaded, its
   * grace starts) and again while the safe screen shows: whether a crash loop put the kiosk in
   * safe mode, and how often to send the renderer heartbeat.
   */
  watchdogStatus: {
    access: 'shopper',
    request: z.object({ boot: z.boolean().default(false) }).strict(),
    response: z.object({ safeMode: z.boolean(), since: EpochMs.nullable(), heartbeatEveryMs: z.number().int().positive() }),
  },
} as const satisfies Record<string, ChannelDef>;

