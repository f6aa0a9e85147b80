import { useEffect, useState } from 'react';
import type { ChannelResponse } from '../../electron/contract/api.ts';
import { kiosk } from './kiosk-client.ts';
import { WATCHDOG_ALIVE, WATCHDOG_SW_FILE } from './watchdog-protocol.ts';

export type WatchdogStatus = ChannelResponse<'watchdogStatus'>;

/** How often the page tells the web host's agent it is there (its main thread runs). */
const PING_MS = 2_000;
/** While the safe screen shows, how often it asks again (a remote restart may have cleared the crash history). */
const SAFE_RECHECK_MS = 15_000;

let boot: Promise<WatchdogStatus | null> | undefined;

/** The watchdog's answer at this page's start (one call per page load: it starts the window's grace). */
function bootStatus(): Promise<WatchdogStatus | null> {
  boot ??= kiosk.watchdogStatus({ boot: true }).then((result) => (result.ok ? result.data : null));
  return boot;
}

/**
 * At the page's start, before React renders (main.tsx): tells the watchdog a window has loaded,
 * and in a browser on the web host starts its agent, a service worker (watchdog-sw.ts) that can
 * reload this tab even when its main thread is stuck; the page tells it every few seconds that it
 * is still there. In Electron the main process reloads the window itself.
 */
export function startWatchdog(): void {
  void bootStatus();
  if (window.kiosk || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register(new URL(WATCHDOG_SW_FILE, document.baseURI), { scope: './' }).catch(() => undefined);
  void navigator.serviceWorker.ready.then((registration) => {
    const ping = () => registration.active?.postMessage(WATCHDOG_ALIVE);
    ping();
    setInterval(ping, PING_MS);
  });
}

/**
 * The watchdog's status for the shell: undefined until it answered, null if it could not (the
 * shop shows; the core refuses what safe mode forbids anyway). While in safe mode it asks again
 * now and then, so the shop comes back once the crash history is cleared.
 */
export function useWatchdogStatus(): WatchdogStatus | null | undefined {
  const [status, setStatus] = useState<WatchdogStatus | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void bootStatus().then((answer) => current && setStatus(answer));
    return () => {
      current = false;
    };
  }, []);
  const safe = status?.safeMode === true;
  useEffect(() => {
    if (!safe) return;
    const timer = setInterval(() => void kiosk.watchdogStatus({}).then((result) => result.ok && setStatus(result.data)), SAFE_RECHECK_MS);
    return () => clearInterval(timer);
  }, [safe]);
  return status;
}
