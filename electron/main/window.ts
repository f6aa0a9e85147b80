import { app, BrowserWindow, type Details, type Event, type Session, type WebContents } from 'electron';
import type { Watchdog } from '../core/fleet/watchdog.ts';
import type { Logger } from '../core/logger.ts';
import {
  APP_URL,
  childProcessGoneAction,
  describeUrl,
  kioskWebPreferences,
  navigationAllowed,
  permissionCheckAllowed,
  permissionRequestAllowed,
  recoveryDelayMs,
  UNRESPONSIVE_GRACE_MS,
} from './policy.ts';

/**
 * Navigation lock for every webContents the app ever creates (main window, and anything
 * Chromium might spawn): no leaving app://kiosk, no pop-ups, no <webview>.
 */
export function lockDownWebContents(contents: WebContents, log: Logger): void {
  const refuse = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (navigationAllowed(event.url)) return;
    event.preventDefault();
    log.warn({ kind, target: describeUrl(event.url) }, 'navigation outside the kiosk refused');
  };
  contents.on('will-navigate', refuse('navigate'));
  const refuseFrame = refuse('frame-navigate');
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) refuseFrame(event); // main-frame navigations are will-navigate's
  });
  contents.on('will-redirect', refuse('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    log.warn({ target: describeUrl(url) }, 'window.open refused');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('<webview> refused');
  });
}

/** Permissions: only the camera (video, no audio) for the app's own origin; no devices, no downloads. */
export function lockDownSession(ses: Session, log: Logger): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = permissionRequestAllowed(permission, {
      requestingUrl: details.requestingUrl,
      ...('securityOrigin' in details && details.securityOrigin !== undefined ? { securityOrigin: details.securityOrigin } : {}),
      ...('mediaTypes' in details && details.mediaTypes !== undefined ? { mediaTypes: details.mediaTypes } : {}),
    });
    if (!allowed) log.warn({ permission, origin: describeUrl(details.requestingUrl) }, 'permission refused');
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionCheckAllowed(permission, requestingOrigin, details),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event, item) => {
    event.preventDefault();
    log.warn({ source: describeUrl(item.getURL()) }, 'download refused');
  });
}

export interface KioskWindowOptions {
  windowed: boolean;
  preload: string;
  log: Logger;
  /** The core's screen watchdog: fed by the renderer heartbeat, asked on a timer here. */
  watchdog?: ScreenWatchdog;
}

export type ScreenWatchdog = Pick<Watchdog, 'check' | 'windowLoaded' | 'recovered' | 'checkEveryMs'>;

/** The one kiosk window: full-screen kiosk mode unless `--windowed`, hardened webPreferences. */
export function createKioskWindow({ windowed, preload, log, watchdog }: KioskWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    kiosk: !windowed,
    fullscreen: !windowed,
    width: 1280,
    height: 800,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: !windowed,
    title: 'Appliance Kiosk',
    webPreferences: kioskWebPreferences(preload, windowed),
  });
  const show = () => {
    if (!win.isDestroyed() && !win.isVisible()) win.show();
  };
  win.once('ready-to-show', show);
  // Never leave a kiosk with no window at all, even if the first paint never comes.
  setTimeout(show, 5_000).unref();

  // Touch screens: no pinch-zoom of the whole UI.
  win.webContents.on('did-finish-load', () => {
    void win.webContents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  });
  win.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (isMainFrame) log.error({ code, description, target: describeUrl(url) }, 'kiosk UI failed to load');
  });
  watchRenderer(win, log, watchdog);
  return win;
}

/**
 * Crash recovery: a renderer that dies, or hangs for longer than UNRESPONSIVE_GRACE_MS after
 * Chromium reports it unresponsive, or a GPU process crash (childProcessGoneAction), is
 * replaced by a fresh attract screen. Reloads back off when they repeat (recoveryDelayMs) so a
 * crash loop cannot spin the CPU. The core's watchdog also reloads a window whose heartbeat
 * stopped (a frozen or white screen), killing its renderer first when it does not answer.
 */
function watchRenderer(win: BrowserWindow, log: Logger, watchdog: ScreenWatchdog | undefined): void {
  const contents = win.webContents;
  const recent: number[] = [];
  let pending: NodeJS.Timeout | undefined;
  let hang: NodeJS.Timeout | undefined;
  let closing = false;
  // Set when this code kills the renderer itself: its render-process-gone is then expected.
  let killing = false;
  win.on('close', () => {
    closing = true;
    clearTimeout(pending);
    clearTimeout(hang);
  });
  const kill = () => {
    killing = true;
    contents.forcefullyCrashRenderer();
  };

  const recover = (why: Record<string, unknown>) => {
    if (closing || pending || win.isDestroyed()) return;
    const now = Date.now();
    while (recent.length > 0 && now - (recent[0] ?? now) > 5 * 60_000) recent.shift();
    const delay = recoveryDelayMs(recent.length);
    recent.push(now);
    log.error({ ...why, reloadInMs: delay }, 'kiosk UI lost; returning to the attract screen');
    pending = setTimeout(() => {
      pending = undefined;
      if (closing || win.isDestroyed()) return;
      win.loadURL(APP_URL).catch((error: unknown) => log.error({ err: error }, 'reloading the kiosk UI failed'));
    }, delay);
  };

  // Helper processes are the app's, not the window's: stop listening when the window goes.
  const onChildGone = (_event: Event, details: Details) => {
    const action = childProcessGoneAction(details);
    if (action === 'ignore') return;
    // Chromium's labels of the process, never page content; not under `name`, which the logger redacts.
    const gone = { process: details.type, service: details.serviceName ?? details.name, reason: details.reason, exitCode: details.exitCode };
    if (action === 'reload') recover(gone);
    else log.warn(gone, 'a Chromium helper process went away');
  };
  app.on('child-process-gone', onChildGone);
  win.on('closed', () => app.removeListener('child-process-gone', onChildGone));

  contents.on('render-process-gone', (_event, details) => {
    clearTimeout(hang);
    hang = undefined;
    if (killing) {
      killing = false; // our own kill: whoever killed it reloads
      return;
    }
    watchdog?.recovered('crashed');
    recover({ reason: details.reason, exitCode: details.exitCode });
  });
  contents.on('unresponsive', () => {
    if (hang) return;
    log.warn({ graceMs: UNRESPONSIVE_GRACE_MS }, 'kiosk UI unresponsive');
    hang = setTimeout(() => {
      hang = undefined;
      if (closing || win.isDestroyed()) return;
      // Kill the hung renderer first: loading a new page into it would wait on it.
      kill();
      watchdog?.recovered('unresponsive');
      recover({ reason: 'unresponsive' });
    }, UNRESPONSIVE_GRACE_MS);
  });
  contents.on('responsive', () => {
    if (!hang) return;
    clearTimeout(hang);
    hang = undefined;
    log.info('kiosk UI responsive again');
  });

  if (!watchdog) return;
  // The heartbeat watchdog (core/fleet/watchdog.ts): each load starts a grace for the first beat;
  // on its word, reload — in a new renderer process when the old one does not answer (a script in a
  // loop: Chromium need not have reported it unresponsive, that takes input it could not handle).
  contents.on('did-finish-load', () => watchdog.windowLoaded());
  let checking = false;
  const check = async () => {
    if (closing || checking || pending || win.isDestroyed() || contents.isCrashed()) return;
    if (watchdog.check().verdict !== 'reload') return;
    checking = true;
    try {
      const stuck = hang !== undefined || !(await answers(contents));
      if (closing || win.isDestroyed()) return;
      if (stuck) {
        clearTimeout(hang);
        hang = undefined;
        kill();
      }
      contents.reload();
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), watchdog.checkEveryMs);
  win.on('closed', () => clearInterval(timer));
}

/** Whether the page's main thread runs a trivial script within a second. */
function answers(contents: WebContents): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 1_000);
    contents.executeJavaScript('0').then(
      () => resolve(true),
      () => resolve(false),
    ).finally(() => clearTimeout(timer));
  });
}
