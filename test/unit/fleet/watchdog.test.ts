import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOPPER, type Caller } from '../../../electron/contract/channel.ts';
import { Heartbeat } from '../../../electron/contract/fleet.ts';
import { WatchdogPollAnswer } from '../../../electron/contract/watchdog-agent.ts';
import { KioskConfig } from '../../../electron/core/config.ts';
import { openDatabase, type Db } from '../../../electron/core/db/database.ts';
import { Watchdog, watchdogSettings, type WatchdogDeps } from '../../../electron/core/fleet/watchdog.ts';
import {
  beatEveryMs,
  DEFAULT_CRASH_LOOP,
  DEFAULT_WATCHDOG,
  inCrashLoop,
  judgeRenderer,
  startsInWindow,
  type RendererWatch,
  type WatchdogSettings,
} from '../../../electron/domain/watchdog.ts';
import { silentLog, startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
const MIN = 60_000;
const T0 = Date.parse('2026-12-04T10:00:00+08:00');
const S: WatchdogSettings = { stallMs: 30_000, graceMs: 60_000, maxReloadsPerHour: 3 };

describe('the screen policy (domain/watchdog.ts)', () => {
  const at = (watch: Partial<RendererWatch>) => judgeRenderer({ now: T0, loadedAt: T0 - 1_000, lastBeatAt: null, reloadsAt: [], ...watch }, S);

  it('leaves alone a window it does not know of, one within its grace, and one that paints', () => {
    expect(at({ loadedAt: null })).toEqual({ verdict: 'ok', reason: 'no_window' });
    expect(at({ loadedAt: T0 - S.graceMs })).toEqual({ verdict: 'ok', reason: 'starting' });
    expect(at({ loadedAt: T0 - 5 * MIN, lastBeatAt: T0 - S.stallMs })).toEqual({ verdict: 'ok', reason: 'painting' });
  });

  it('reloads a window that stopped painting, and one that never painted after its grace', () => {
    expect(at({ loadedAt: T0 - 5 * MIN, lastBeatAt: T0 - S.stallMs - 1 })).toEqual({ verdict: 'reload', reason: 'frozen' });
    expect(at({ loadedAt: T0 - S.graceMs - 1 })).toEqual({ verdict: 'reload', reason: 'never_painted' });
  });

  it('does not count a heartbeat from before the last load for the new page: it gets its grace, then is reloaded', () => {
    expect(at({ loadedAt: T0 - 10_000, lastBeatAt: T0 - 11_000 })).toEqual({ verdict: 'ok', reason: 'starting' });
    expect(at({ loadedAt: T0 - S.graceMs - 1, lastBeatAt: T0 - S.graceMs - 2 })).toEqual({ verdict: 'reload', reason: 'never_painted' });
  });

  it('past the reloads an hour allows, reports instead of reloading; reloads older than an hour no longer count', () => {
    const stuck = { loadedAt: T0 - 5 * MIN, lastBeatAt: T0 - 2 * MIN };
    expect(at({ ...stuck, reloadsAt: [T0 - 50 * MIN, T0 - 20 * MIN] }).verdict).toBe('reload');
    expect(at({ ...stuck, reloadsAt: [T0 - 50 * MIN, T0 - 20 * MIN, T0 - 10 * MIN] })).toEqual({ verdict: 'report', reason: 'reload_cap' });
    expect(at({ ...stuck, reloadsAt: [T0 - 61 * MIN, T0 - 20 * MIN, T0 - 10 * MIN] }).verdict).toBe('reload');
  });

  it('beats a few times per stall period, between 250 ms and 5 s', () => {
    expect(beatEveryMs({ stallMs: DEFAULT_WATCHDOG.stallMs })).toBe(5_000);
    expect(beatEveryMs({ stallMs: 2_000 })).toBe(500);
    expect(beatEveryMs({ stallMs: 100 })).toBe(250);
  });
});

describe('the crash-loop policy (domain/watchdog.ts)', () => {
  const loop = DEFAULT_CRASH_LOOP;

  it('is three unclean starts within ten minutes, the boundary included', () => {
    expect(inCrashLoop([T0 - 10 * MIN, T0 - 5 * MIN, T0], T0, loop)).toBe(true);
    expect(inCrashLoop([T0 - 10 * MIN - 1, T0 - 5 * MIN, T0], T0, loop)).toBe(false);
    expect(inCrashLoop([T0 - MIN, T0], T0, loop)).toBe(false);
  });

  it('ends with a start more than ten minutes after the ones before', () => {
    const starts = [T0, T0 + MIN, T0 + 2 * MIN];
    expect(inCrashLoop(starts, T0 + 2 * MIN, loop)).toBe(true);
    expect(startsInWindow([...starts, T0 + 12 * MIN + 1], T0 + 12 * MIN + 1, loop)).toBe(1);
    expect(inCrashLoop([...starts, T0 + 12 * MIN + 1], T0 + 12 * MIN + 1, loop)).toBe(false);
  });
});

/**
 * The core's watchdog on a real SQLite file: each "start" opens the file again and makes a new
 * watchdog, as the app does; a crash is a start that is never closed (its connection is dropped),
 * a clean shutdown closes it.
 */
describe('crash loops and safe mode (core/fleet/watchdog.ts)', () => {
  function kioskFile() {
    const file = join(tempDir(), 'kiosk.db');
    let clock = T0;
    const open: Db[] = [];
    const start = (overrides: Partial<WatchdogDeps> = {}): { watchdog: Watchdog; db: Db } => {
      const opened = openDatabase(file);
      if (!opened.ok) throw new Error(opened.message);
      open.push(opened.db);
      const watchdog = new Watchdog({ db: opened.db, now: () => clock, log: silentLog, appVersion: '1.0.0', shell: 'web', settings: S, crashLoop: DEFAULT_CRASH_LOOP, ...overrides });
      return { watchdog, db: opened.db };
    };
    const crash = (db: Db) => db.close();
    const stop = ({ watchdog, db }: { watchdog: Watchdog; db: Db }) => {
      watchdog.close();
      db.close();
    };
    const rows = () => {
      const opened = openDatabase(file);
      if (!opened.ok) throw new Error(opened.message);
      try {
        return opened.db.prepare('SELECT started_at AS startedAt, ended_at AS endedAt, safe_mode AS safeMode, cleared FROM app_starts ORDER BY id').all();
      } finally {
        opened.db.close();
      }
    };
    return {
      start,
      crash,
      stop,
      rows,
      advance: (ms: number) => (clock += ms),
      closeAll: () => open.forEach((db) => db.open && db.close()),
    };
  }

  it('the third start within ten minutes after two crashes shows the safe screen, says so to HQ and in its row', () => {
    const k = kioskFile();
    const first = k.start();
    expect(first.watchdog.status().safeMode).toBe(false);
    k.crash(first.db);
    k.advance(2 * MIN);
    const second = k.start();
    expect(second.watchdog.status().safeMode).toBe(false);
    k.crash(second.db);
    k.advance(2 * MIN);
    const third = k.start();
    expect(third.watchdog.status()).toEqual({ safeMode: true, since: T0 + 4 * MIN, heartbeatEveryMs: 5_000 });
    expect(third.watchdog.report()).toEqual({ reloads: 0, lastReloadAt: null, reloadsCapped: false, safeMode: true, safeModeSince: T0 + 4 * MIN, recentStarts: 3 });
    k.stop(third);
    expect(k.rows()).toEqual([
      { startedAt: T0, endedAt: null, safeMode: 0, cleared: 0 },
      { startedAt: T0 + 2 * MIN, endedAt: null, safeMode: 0, cleared: 0 },
      { startedAt: T0 + 4 * MIN, endedAt: T0 + 4 * MIN, safeMode: 1, cleared: 0 },
    ]);
  });

  it('starts after a clean shutdown do not count: three restarts by hand are not a crash loop', () => {
    const k = kioskFile();
    for (let i = 0; i < 3; i++) {
      const run = k.start();
      expect(run.watchdog.status().safeMode, `start ${i + 1}`).toBe(false);
      k.stop(run);
      k.advance(MIN);
    }
    const fourth = k.start();
    expect(fourth.watchdog.report().recentStarts).toBe(1);
    k.stop(fourth);
  });

  it('safe mode lasts while the crashes are close, and ends with a start more than ten minutes after them', () => {
    const k = kioskFile();
    for (let i = 0; i < 3; i++) {
      k.crash(k.start().db);
      k.advance(MIN);
    }
    // Still within ten minutes of the two before it: safe again.
    const again = k.start();
    expect(again.watchdog.status().safeMode).toBe(true);
    k.crash(again.db);
    k.advance(11 * MIN);
    const later = k.start();
    expect(later.watchdog.status()).toMatchObject({ safeMode: false, since: null });
    expect(later.watchdog.report().recentStarts).toBe(1);
    k.stop(later);
  });

  it('counts the crashes of this app version only: after an update that crash-looped went back, the old version starts afresh', () => {
    const k = kioskFile();
    k.crash(k.start({ appVersion: '1.1.0' }).db);
    k.crash(k.start({ appVersion: '1.1.0' }).db);
    const third = k.start({ appVersion: '1.1.0' });
    expect(third.watchdog.status().safeMode).toBe(true);
    // The update manager reverts (its own crash-loop rule): the kept version restarts.
    k.crash(third.db);
    const reverted = k.start({ appVersion: '1.0.0' });
    expect(reverted.watchdog.status().safeMode).toBe(false);
    expect(reverted.watchdog.report().recentStarts).toBe(1);
    k.stop(reverted);
  });

  it('clearCrashHistory ends safe mode at once, and the starts before it no longer count', () => {
    const k = kioskFile();
    k.crash(k.start().db);
    k.crash(k.start().db);
    const third = k.start();
    expect(third.watchdog.status().safeMode).toBe(true);
    third.watchdog.clearCrashHistory();
    expect(third.watchdog.status().safeMode).toBe(false);
    expect(third.watchdog.report()).toMatchObject({ safeMode: false, safeModeSince: null, recentStarts: 0 });
    // The remote restart that follows: this run ends without a clean shutdown, yet it does not count either.
    k.crash(third.db);
    k.advance(MIN);
    const next = k.start();
    expect(next.watchdog.status().safeMode).toBe(false);
    expect(next.watchdog.report().recentStarts).toBe(1);
    k.stop(next);
    expect(k.rows().map((r) => (r as { cleared: number }).cleared)).toEqual([1, 1, 1, 0]);
  });

  it('in safe mode a shopper may start nothing; the screen may still ask its status and beat; staff are not refused', async () => {
    const k = kioskFile();
    k.crash(k.start().db);
    k.crash(k.start().db);
    const { watchdog, db } = k.start();
    const called: string[] = [];
    const dispatch = watchdog.guard(async (channel) => {
      called.push(channel);
      return { ok: true, data: {} };
    });
    const staff: Caller = { role: 'staff', staffId: 's-1' };
    expect(await dispatch('startSession', {}, SHOPPER)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await dispatch('submitApplication', {}, SHOPPER)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await dispatch('watchdogStatus', {}, SHOPPER)).toEqual({ ok: true, data: {} });
    expect(await dispatch('rendererHeartbeat', {}, SHOPPER)).toEqual({ ok: true, data: {} });
    expect(await dispatch('staffSignOut', {}, staff)).toEqual({ ok: true, data: {} });
    watchdog.clearCrashHistory();
    expect(await dispatch('startSession', {}, SHOPPER)).toEqual({ ok: true, data: {} });
    expect(called).toEqual(['watchdogStatus', 'rendererHeartbeat', 'staffSignOut', 'startSession']);
    k.stop({ watchdog, db });
  });

  it('reloads a frozen screen after its heartbeat stops, gives each reload its grace, and past the hour’s cap reports it', () => {
    const k = kioskFile();
    const run = k.start();
    const { watchdog } = run;
    expect(watchdog.check().reason).toBe('no_window');
    watchdog.windowLoaded();
    k.advance(10_000);
    expect(watchdog.check()).toEqual({ verdict: 'ok', reason: 'starting' });
    watchdog.rendererAlive();
    k.advance(S.stallMs);
    expect(watchdog.check()).toEqual({ verdict: 'ok', reason: 'painting' });
    k.advance(1);
    // Frozen: reloaded, once; the new page then has its grace.
    expect(watchdog.pollAnswer()).toEqual({ reload: true, pollMs: 5_000, keepAliveMs: 120_000 });
    expect(watchdog.check()).toEqual({ verdict: 'ok', reason: 'starting' });
    // The new page never paints (a white screen at start): reloaded after the grace, up to the cap.
    k.advance(S.graceMs + 1);
    expect(watchdog.check().verdict).toBe('reload');
    watchdog.recovered('crashed');
    expect(watchdog.report()).toMatchObject({ reloads: 3, lastReloadAt: T0 + 10_000 + S.stallMs + 1 + S.graceMs + 1, reloadsCapped: false });
    k.advance(S.graceMs + 1);
    expect(watchdog.check()).toEqual({ verdict: 'report', reason: 'reload_cap' });
    expect(watchdog.pollAnswer().reload).toBe(false);
    expect(watchdog.report()).toMatchObject({ reloads: 3, reloadsCapped: true });
    // An hour after the first reload, one more is allowed.
    k.advance(60 * MIN);
    expect(watchdog.check().verdict).toBe('reload');
    expect(WatchdogPollAnswer.safeParse(watchdog.pollAnswer()).success).toBe(true);
    k.stop(run);
    k.closeAll();
  });
});

describe('the watchdog in the composed core (kiosk-core.ts)', () => {
  it('a crash loop reaches the heartbeat HQ gets, the screen status and the shopper channels; clearing it brings the shop back', async () => {
    const dir = tempDir();
    let clock = T0;
    const config = KioskConfig.parse({});
    expect(watchdogSettings(config)).toEqual({ settings: DEFAULT_WATCHDOG, crashLoop: DEFAULT_CRASH_LOOP });
    // Two runs that die without shutting down (no close: the process went away).
    for (let i = 0; i < 2; i++) {
      const core = startCore(dir, { now: () => clock, config });
      expect(core.watchdog.status().safeMode).toBe(false);
      core.db.close();
      clock += MIN;
    }
    const core = startCore(dir, { now: () => clock, config });
    try {
      const { heartbeat } = core.heartbeat.build();
      expect(Heartbeat.parse(heartbeat).watchdog).toEqual({ reloads: 0, lastReloadAt: null, reloadsCapped: false, safeMode: true, safeModeSince: T0 + 2 * MIN, recentStarts: 3 });
      expect(await core.dispatch('watchdogStatus', { boot: true }, SHOPPER)).toEqual({ ok: true, data: { safeMode: true, since: T0 + 2 * MIN, heartbeatEveryMs: 5_000 } });
      expect(await core.dispatch('startSession', { locale: 'zh-CN' }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      core.watchdog.clearCrashHistory();
      expect(core.heartbeat.build().heartbeat.watchdog?.safeMode).toBe(false);
      expect(await core.dispatch('startSession', { locale: 'zh-CN' }, SHOPPER)).toMatchObject({ ok: true });
      // A kiosk from before the watchdog sends none: HQ still takes its heartbeat.
      const { watchdog: _none, ...older } = core.heartbeat.build().heartbeat;
      expect(Heartbeat.safeParse(older).success).toBe(true);
    } finally {
      core.close();
    }
  });
});
