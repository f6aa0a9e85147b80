// The console's first requests, sent while its script is still being fetched and compiled (issue
// 14): a classic script that index.html runs before the module, so HQ answers who is signed in and
// the fleet page's lists while the browser is busy with react-dom. api/early.ts hands the
// responses to ConsoleApi, which checks them like any other; the paths are its KIOSKS_* and SESSION_PATH.
/* global window, location */
(() => {
  const started = new Map();
  const ask = (path) =>
    started.set(path, fetch(path, { method: 'GET', headers: { accept: 'application/json' }, credentials: 'same-origin', signal: AbortSignal.timeout(30_000) }));
  // The session first: every page waits for it, and HQ answers in about the order it was asked.
  ask('/v1/console/session');
  // The fleet page (also where unknown addresses land) and a kiosk's page, which reads the whole list too.
  const address = location.hash.replace(/^#\/?/, '');
  if (address === '' || address === 'fleet') ask('/v1/admin/kiosks?first=50');
  if (address === '' || address === 'fleet' || address.startsWith('fleet/')) ask('/v1/admin/kiosks');
  window.hqConsoleEarly = started;
})();
