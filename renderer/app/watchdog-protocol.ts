/** What the page posts to the watchdog's service worker while its main thread runs (renderer/app/watchdog-sw.ts). */
export const WATCHDOG_ALIVE = 'kiosk-watchdog:alive';
/** The service worker's script, at the root of the UI so its scope covers every page (electron/host/watchdog-routes.ts). */
export const WATCHDOG_SW_FILE = 'watchdog-sw.js';
