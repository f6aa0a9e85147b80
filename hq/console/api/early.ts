/**
 * GETs started while the console's script is still being evaluated, before React has rendered
 * anything (main.tsx imports this module first): on the fleet page the kiosks list is on its way
 * while react-dom, i18next and the schemas load. No imports, so nothing runs before it. The
 * answers are checked by ConsoleApi like any other (it takes the response from here).
 */

/** Long enough for 5,000 kiosks over a slow office line; a hung request must not spin for ever. */
export const TIMEOUT_MS = 30_000;

/** What every console GET sends (ConsoleApi's own GETs too, so an early one is the same request). */
export const getInit = (): RequestInit => ({
  method: 'GET',
  headers: { accept: 'application/json' },
  credentials: 'same-origin',
  signal: AbortSignal.timeout(TIMEOUT_MS),
});

const started = new Map<string, Promise<Response>>();

export function fetchEarly(path: string): void {
  if (!started.has(path)) started.set(path, fetch(path, getInit()));
}

/** The early response for `path`, once: a later GET of the same path asks HQ again. */
export function takeEarly(path: string): Promise<Response> | undefined {
  const response = started.get(path);
  started.delete(path);
  return response;
}

/** Paths the fleet page reads when it opens (the first screenful, then all). */
export const KIOSKS_PATH = '/v1/admin/kiosks';
export const KIOSKS_HEAD = 50;
export const KIOSKS_HEAD_PATH = `${KIOSKS_PATH}?first=${KIOSKS_HEAD}`;

// The fleet page's lists, when the address opens it (or a kiosk's page, which reads the whole list
// too): asked for here, not after the first render. App asks for the same on the same addresses.
const address = window.location.hash.replace(/^#\/?/, '');
if (address === '' || address === 'fleet') fetchEarly(KIOSKS_HEAD_PATH);
if (address === '' || address === 'fleet' || address.startsWith('fleet/')) fetchEarly(KIOSKS_PATH);
