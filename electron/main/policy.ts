/**
 * The Electron shell's security and recovery decisions as pure functions. No `electron`
 * import here, so Vitest checks them (test/unit/main/electron-policy.test.ts); main.ts and
 * window.ts only apply them.
 */

/** The kiosk UI is served by main from the privileged app:// scheme, never from file:// or http. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Where the kiosk starts (and returns to after a crash): the attract screen. */
export const APP_URL = `${APP_ORIGIN}/`;

/** A hung renderer is given this long after Chromium reports it unresponsive, then reloaded. */
export const UNRESPONSIVE_GRACE_MS = 10_000;

/**
 * True only for URLs on the app's own origin: scheme `app`, host exactly `kiosk`, no port,
 * no credentials. Anything unparsable is not ours.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Navigations and redirects stay inside the app; everything else (web, file:, data:, javascript:) is refused. */
export function navigationAllowed(url: string | undefined | null): boolean {
  return isAppUrl(url);
}

/**
 * The only permission the kiosk grants is the camera (`media` with video only, never the
 * microphone), and only to its own pages. Notifications, geolocation, clipboard, HID/USB/serial,
 * screen capture, ... are all refused.
 */
export function permissionAllowed(
  permission: string,
  requestingUrl: string | undefined | null,
  mediaTypes: readonly string[] | undefined | null,
): boolean {
  if (permission !== 'media') return false;
  if (!isAppUrl(requestingUrl)) return false;
  return !!mediaTypes && mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}

/** What Electron's permission *request* handler tells us (PermissionRequest / MediaAccessPermissionRequest). */
export interface PermissionRequestInfo {
  requestingUrl?: string;
  securityOrigin?: string;
  mediaTypes?: readonly string[];
}

/** For `session.setPermissionRequestHandler`: the requesting page and, for media, its security origin must be ours. */
export function permissionRequestAllowed(permission: string, details: PermissionRequestInfo): boolean {
  if (details.securityOrigin !== undefined && !isAppUrl(details.securityOrigin)) return false;
  return permissionAllowed(permission, details.requestingUrl, details.mediaTypes);
}

/** What Electron's permission *check* handler tells us (PermissionCheckHandlerHandlerDetails). */
export interface PermissionCheckInfo {
  requestingUrl?: string;
  securityOrigin?: string;
  embeddingOrigin?: string;
  mediaType?: string;
}

/**
 * For `session.setPermissionCheckHandler` (synchronous checks such as enumerateDevices labels):
 * the checking origin, the frame's own origin and any embedding origin must all be ours.
 */
export function permissionCheckAllowed(permission: string, requestingOrigin: string, details: PermissionCheckInfo): boolean {
  if (!isAppUrl(requestingOrigin)) return false;
  for (const origin of [details.securityOrigin, details.embeddingOrigin, details.requestingUrl]) {
    if (origin !== undefined && !isAppUrl(origin)) return false;
  }
  return permissionAllowed(permission, requestingOrigin, details.mediaType === undefined ? undefined : [details.mediaType]);
}

/** A URL reduced to scheme and host for logs (paths and queries may carry personal data). */
export function describeUrl(url: string | undefined | null): string {
  if (!url) return '(none)';
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
  } catch {
    return '(unparsable)';
  }
}

/**
 * The kiosk window's webPreferences: the UI runs isolated and sandboxed with no Node, in no
 * webview, and DevTools only in a windowed run. Auxclick is off: a middle click (a mouse plugged
 * into a kiosk) fires `auxclick`, not `click`, so it would slip past the renderer's link guard.
 */
export function kioskWebPreferences(preload: string, windowed: boolean) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools: windowed,
    navigateOnDragDrop: false,
    safeDialogs: true,
    disableBlinkFeatures: 'Auxclick',
  };
}

/** `--windowed` runs a normal window with DevTools (development, store IT); otherwise full kiosk. */
export function isWindowed(argv: readonly string[]): boolean {
  return argv.includes('--windowed');
}

/** What Electron's `child-process-gone` event says about a Chromium helper process. */
export interface ChildProcessGone {
  type: string;
  reason: string;
}

/**
 * What the kiosk does when a helper process goes away. A GPU process crash can leave the kiosk
 * window black or frozen and its canvases (the signature pad) blank, so the UI is reloaded to the
 * attract screen with the same back-off as a renderer crash. Utility services (network, audio,
 * video capture) are restarted by Chromium when next needed: logged only. A clean exit is normal.
 */
export function childProcessGoneAction(details: ChildProcessGone): 'reload' | 'log' | 'ignore' {
  if (details.reason === 'clean-exit') return 'ignore';
  return details.type === 'GPU' ? 'reload' : 'log';
}

/**
 * How long to wait before reloading the UI after a renderer or GPU crash or a hang, given
 * how many recoveries happened recently: quick at first, backing off so a crash loop does not spin.
 */
export function recoveryDelayMs(recentRecoveries: number): number {
  const steps = [500, 2_000, 5_000, 15_000];
  return steps[Math.max(0, recentRecoveries)] ?? 30_000;
}
