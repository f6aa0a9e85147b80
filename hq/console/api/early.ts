/**
 * GETs sent before the console's script has even been compiled: public/early.js, a classic script
 * index.html runs first, asks for the session and the fleet page's lists and leaves the responses
 * here (window.hqConsoleEarly). ConsoleApi takes each once and checks it like any other answer.
 */

/** Long enough for 5,000 kiosks over a slow office line; a hung request must not spin for ever. */
export const TIMEOUT_MS = 30_000;

/** What every console GET sends (public/early.js sends the same). */
export const getInit = (): RequestInit => ({
  method: 'GET',
  headers: { accept: 'application/json' },
  credentials: 'same-origin',
  signal: AbortSignal.timeout(TIMEOUT_MS),
});

/** Who is signed in: App asks it first on every page. */
export const SESSION_PATH = '/v1/console/session';
/** Paths the fleet page reads when it opens (the first screenful, then all); public/early.js asks for the same. */
export const KIOSKS_PATH = '/v1/admin/kiosks';
export const KIOSKS_HEAD = 50;
export const KIOSKS_HEAD_PATH = `${KIOSKS_PATH}?first=${KIOSKS_HEAD}`;

// globalThis, not window: unit tests in Node import this module too (through the API client).
const started = (globalThis as { hqConsoleEarly?: Map<string, Promise<Response>> }).hqConsoleEarly;

/** The early response for `path`, once: a later GET of the same path asks HQ again. */
export function takeEarly(path: string): Promise<Response> | undefined {
  const response = started?.get(path);
  started?.delete(path);
  return response;
}
