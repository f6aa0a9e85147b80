import type { ChannelName } from '../../contract/api.ts';
import { fail } from '../../contract/errors.ts';
import type { WatchdogReport } from '../../contract/fleet.ts';
import type { WatchdogPollAnswer } from '../../contract/watchdog-agent.ts';
import {
  beatEveryMs,
  HOUR_MS,
  inCrashLoop,
  judgeRenderer,
  reloadsInLastHour,
  startsInWindow,
  type CrashLoopSettings,
  type WatchdogJudgement,
  type WatchdogSettings,
} from '../../domain/watchdog.ts';
import type { Dispatch } from '../api/dispatch.ts';
import type { KioskConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { WatchdogStore } from './watchdog-store.ts';

export interface WatchdogDeps {
  db: Db;
  now: () => number;
  log: Logger;
  appVersion: string;
  shell: 'electron' | 'web';
  settings: WatchdogSettings;
  crashLoop: CrashLoopSettings;
}

/** What a shopper's screen may still ask in safe mode: its own status and heartbeat, and the app's description. */
const SAFE_MODE_CHANNELS: ReadonlySet<string> = new Set<ChannelName>(['watchdogStatus', 'rendererHeartbeat', 'appInfo']);

/**
 * The kiosk's watchdog (issue 12 item 5), one for both shells. It records this start of the app
 * and, from the starts of this version before it that ended without a clean shutdown, decides
 * whether the kiosk is in a crash loop: then it is in safe mode (the screen shows "temporarily unavailable, please
 * ask staff", shopper channels are refused) until a later start finds the loop aged out or
 * `clearCrashHistory()` is called. It also watches the screen: the renderer's heartbeat feeds it,
 * and the shell asks `check()` on a timer (Electron's main) or through the web host's agent
 * (`pollAnswer()`), reloading the window when it says so.
 */
export class Watchdog {
  /** How often the shells should ask `check()`, and the renderer beat. */
  readonly checkEveryMs: number;
  private readonly store: WatchdogStore;
  private readonly startId: number;
  private loadedAt: number | null = null;
  private lastBeatAt: number | null = null;
  private readonly reloadsAt: number[] = [];
  private reloads = 0;
  private lastReloadAt: number | null = null;
  private capped = false;
  private safeSince: number | null = null;
  private recentStarts: number;

  constructor(private readonly d: WatchdogDeps) {
    this.checkEveryMs = beatEveryMs(d.settings);
    this.store = new WatchdogStore(d.db);
    const at = d.now();
    const { id, uncleanStartsAt } = this.store.recordStart(at, d.appVersion, d.shell, at - d.crashLoop.withinMs);
    this.startId = id;
    this.recentStarts = startsInWindow(uncleanStartsAt, at, d.crashLoop);
    if (inCrashLoop(uncleanStartsAt, at, d.crashLoop)) {
      this.store.markSafeMode(id);
      this.safeSince = at;
      d.log.error({ starts: this.recentStarts, withinMs: d.crashLoop.withinMs }, 'crash loop: the app started again and again without a clean shutdown; showing the safe screen');
    }
  }

  /** A window has (re)loaded: its grace for a first heartbeat starts now. */
  windowLoaded(): void {
    this.loadedAt = this.d.now();
  }

  /** The renderer painted a frame just now (its heartbeat). */
  rendererAlive(): void {
    this.lastBeatAt = this.d.now();
  }

  /**
   * What to do about the window now (domain/watchdog.ts). A 'reload' is counted and starts the
   * new page's grace, so the caller must carry it out; a 'report' is logged once per stretch.
   */
  check(): WatchdogJudgement {
    const now = this.d.now();
    const judged = judgeRenderer({ now, loadedAt: this.loadedAt, lastBeatAt: this.lastBeatAt, reloadsAt: this.reloadsAt }, this.d.settings);
    if (judged.verdict === 'reload') {
      this.counted(now);
      this.d.log.warn({ reason: judged.reason, reloadsThisHour: reloadsInLastHour(this.reloadsAt, now) }, 'kiosk screen stopped painting; reloading it');
    } else if (judged.verdict === 'report') {
      if (!this.capped) this.d.log.error({ maxReloadsPerHour: this.d.settings.maxReloadsPerHour }, 'kiosk screen stopped painting again; the hour’s reloads are used up, leaving it for store IT');
      this.capped = true;
    } else if (judged.reason === 'painting') {
      this.capped = false;
    }
    return judged;
  }

  /** The shell reloaded the window for a reason of its own (the renderer crashed or hung): counted like the watchdog's. */
  recovered(reason: 'crashed' | 'unresponsive'): void {
    const now = this.d.now();
    this.counted(now);
    this.d.log.warn({ reason }, 'kiosk screen reloaded after its renderer was lost');
  }

  /** The web host's agent asks: reload the window or not, and when to ask again. */
  pollAnswer(): WatchdogPollAnswer {
    const { stallMs, graceMs } = this.d.settings;
    return {
      reload: this.check().verdict === 'reload',
      pollMs: this.checkEveryMs,
      keepAliveMs: Math.min(240_000, Math.max(1_000, 2 * Math.max(stallMs, graceMs))),
    };
  }

  /** What the screen learns at boot (and while the safe screen shows). */
  status(): { safeMode: boolean; since: number | null; heartbeatEveryMs: number } {
    return { safeMode: this.safeSince !== null, since: this.safeSince, heartbeatEveryMs: this.checkEveryMs };
  }

  /** For the heartbeat to HQ. */
  report(): WatchdogReport {
    return {
      reloads: this.reloads,
      lastReloadAt: this.lastReloadAt,
      reloadsCapped: this.capped,
      safeMode: this.safeSince !== null,
      safeModeSince: this.safeSince,
      recentStarts: this.recentStarts,
    };
  }

  /**
   * Forgets the crash history (a remote restart calls it, so the kiosk comes back to the shop):
   * the starts so far no longer count, and safe mode ends now (the screen sees it when it next asks).
   */
  clearCrashHistory(): void {
    const cleared = this.d.db.open ? this.store.clear() : 0;
    const wasSafe = this.safeSince !== null;
    this.safeSince = null;
    this.recentStarts = 0;
    this.d.log.info({ cleared, wasSafe }, 'crash history cleared');
  }

  /** Wraps the core's dispatch: in safe mode a shopper may start nothing (only the screen's status and heartbeat). */
  guard(dispatch: Dispatch): Dispatch {
    return (channel, input, caller) => {
      if (this.safeSince !== null && caller.role === 'shopper' && !SAFE_MODE_CHANNELS.has(channel)) {
        return Promise.resolve(fail('UNAVAILABLE', 'The kiosk is temporarily unavailable: please ask a member of staff'));
      }
      return dispatch(channel, input, caller);
    };
  }

  /** A clean shutdown: this start will not count towards a crash loop. */
  close(): void {
    if (this.d.db.open) this.store.ended(this.startId, this.d.now());
  }

  private counted(now: number): void {
    this.reloads++;
    this.lastReloadAt = now;
    this.reloadsAt.push(now);
    while (this.reloadsAt.length > 0 && now - (this.reloadsAt[0] ?? now) >= HOUR_MS) this.reloadsAt.shift();
    this.loadedAt = now;
    this.capped = false;
  }
}

/** The watchdog's settings from the kiosk's configuration. */
export function watchdogSettings(config: KioskConfig): Pick<WatchdogDeps, 'settings' | 'crashLoop'> {
  return {
    settings: { stallMs: config.watchdogStallMs, graceMs: config.watchdogGraceMs, maxReloadsPerHour: config.watchdogMaxReloadsPerHour },
    crashLoop: { starts: config.crashLoopStarts, withinMs: config.crashLoopWithinMs },
  };
}
