/**
 * The kiosk's watchdog policy (issue 12 item 5), pure: both shells and the core ask it.
 *
 * Layer 1, the screen: the renderer sends a heartbeat from inside an animation frame, so a screen
 * that stops painting (a script stuck in a loop, a React tree unmounted by an uncaught error)
 * stops it. A window that has not beaten for `stallMs` is reloaded; a window just (re)loaded has
 * `graceMs` to send its first beat. Past `maxReloadsPerHour` reloads the watchdog stops reloading
 * and only reports (a screen that cannot stay up is store IT's to look at, not a reason to spin).
 *
 * Layer 3, the app: a start of the app within `withinMs` of `starts - 1` earlier starts that ended
 * without a clean shutdown is a crash loop, and the kiosk shows its safe screen instead of the shop.
 * (Layer 2, restarting a crashed app, is the OS supervisor's: native-config.)
 */

export interface WatchdogSettings {
  /** No renderer heartbeat for this long: the screen is frozen (or white). */
  stallMs: number;
  /** After a (re)load, how long the window has to send its first heartbeat. */
  graceMs: number;
  /** Reloads in the last hour after which the watchdog reports instead of reloading. */
  maxReloadsPerHour: number;
}

export interface CrashLoopSettings {
  /** This many unclean starts (this one included) … */
  starts: number;
  /** … within this long of each other is a crash loop. */
  withinMs: number;
}

export const DEFAULT_WATCHDOG: WatchdogSettings = { stallMs: 30_000, graceMs: 60_000, maxReloadsPerHour: 6 };
export const DEFAULT_CRASH_LOOP: CrashLoopSettings = { starts: 3, withinMs: 10 * 60_000 };

export const HOUR_MS = 3_600_000;

export interface RendererWatch {
  now: number;
  /** When the window was last (re)loaded; null: no window is known (nothing to watch). */
  loadedAt: number | null;
  /** The renderer's last heartbeat; null: none yet. */
  lastBeatAt: number | null;
  /** When the recent reloads happened (older than an hour may be passed; they are ignored). */
  reloadsAt: readonly number[];
}

export type WatchdogVerdict = 'ok' | 'reload' | 'report';
export type WatchdogReason = 'no_window' | 'painting' | 'starting' | 'frozen' | 'never_painted' | 'reload_cap';
export interface WatchdogJudgement {
  verdict: WatchdogVerdict;
  reason: WatchdogReason;
}

/** Reloads within the hour before `now`. */
export function reloadsInLastHour(reloadsAt: readonly number[], now: number): number {
  return reloadsAt.filter((at) => at <= now && now - at < HOUR_MS).length;
}

/**
 * What to do about the window now: 'ok' while it paints (or is still within its grace after a
 * load), 'reload' when it stopped, 'report' when it stopped but the hour's reloads are used up.
 * A heartbeat from before the last load does not count for the new page.
 */
export function judgeRenderer(watch: RendererWatch, settings: WatchdogSettings): WatchdogJudgement {
  const { now, loadedAt, lastBeatAt } = watch;
  if (loadedAt === null) return { verdict: 'ok', reason: 'no_window' };
  const beatSinceLoad = lastBeatAt !== null && lastBeatAt >= loadedAt;
  if (beatSinceLoad && now - lastBeatAt <= settings.stallMs) return { verdict: 'ok', reason: 'painting' };
  if (!beatSinceLoad && now - loadedAt <= settings.graceMs) return { verdict: 'ok', reason: 'starting' };
  const reason = beatSinceLoad ? 'frozen' : 'never_painted';
  if (reloadsInLastHour(watch.reloadsAt, now) >= settings.maxReloadsPerHour) return { verdict: 'report', reason: 'reload_cap' };
  return { verdict: 'reload', reason };
}

/**
 * How many of the given unclean starts fall within the loop window ending at `now` (a start
 * exactly `withinMs` ago still counts; one more than that ago has aged out).
 */
export function startsInWindow(uncleanStartsAt: readonly number[], now: number, settings: CrashLoopSettings): number {
  return uncleanStartsAt.filter((at) => at <= now && now - at <= settings.withinMs).length;
}

/**
 * A crash loop: the start at `now` (it is among `uncleanStartsAt`) and enough earlier starts that
 * ended without a clean shutdown all within the window. A start after a quiet spell ends it.
 */
export function inCrashLoop(uncleanStartsAt: readonly number[], now: number, settings: CrashLoopSettings): boolean {
  return startsInWindow(uncleanStartsAt, now, settings) >= settings.starts;
}

/**
 * How often the renderer beats and the shells check: a few times per stall period, so a frozen
 * screen is seen within about `stallMs`, and never more often than every 250 ms or less than every 5 s.
 */
export function beatEveryMs(settings: Pick<WatchdogSettings, 'stallMs'>): number {
  return Math.min(5_000, Math.max(250, Math.floor(settings.stallMs / 4)));
}
