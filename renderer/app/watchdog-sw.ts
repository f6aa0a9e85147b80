/**
 * The screen watchdog's agent in the web host (issue 12 item 5): a service worker. Built on its own
 * (scripts/build.mjs) to dist/renderer/watchdog-sw.js; only a browser on the web host registers it.
 *
 * The core decides (it gets the renderer's heartbeats); this worker only carries the reload out,
 * because nothing on a page whose main thread is stuck in a loop can. While the page says it is
 * there (a message every few seconds), and for `keepAliveMs` after it last did, the worker asks
 * the host `POST /watchdog/poll`; told to reload, it sends each window to the host's other
 * loopback name, `/watchdog/reload`, which sends it back to the kiosk's start. Measured in
 * Chromium (test/e2e/watchdog.spec.ts): a same-origin `WindowClient.navigate()` of a stuck tab
 * never commits (the new page waits for the stuck process), a cross-site one gets a fresh process.
 * The host serves this script with COEP so it runs outside the page's process (watchdog-routes.ts).
 */
import { WatchdogPollAnswer } from '../../electron/contract/watchdog-agent.ts';
import { WATCHDOG_ALIVE } from './watchdog-protocol.ts';

// The service worker's globals, as far as this worker uses them (the renderer compiles with the DOM library).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface WindowClient {
  readonly url: string;
  navigate(url: string): Promise<unknown>;
}
interface ServiceWorkerScope {
  readonly registration: { readonly scope: string };
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void>; matchAll(options: { type: 'window' }): Promise<readonly WindowClient[]> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}
const worker = self as unknown as ServiceWorkerScope;

const POLL_TIMEOUT_MS = 5_000;
let keepAliveMs = 60_000;
let pollMs = 2_000;
let aliveAt = 0;
let watching: Promise<void> | undefined;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

worker.addEventListener('install', (event) => event.waitUntil(worker.skipWaiting()));
// The page that registered it is controlled at once: only a controlled window can be navigated.
worker.addEventListener('activate', (event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener('message', (event) => {
  if (event.data !== WATCHDOG_ALIVE) return;
  aliveAt = Date.now();
  watching ??= watch().finally(() => (watching = undefined));
  // Each message keeps the worker running until the watch ends or this message is too old to matter
  // (well under the five minutes Chromium allows an event).
  event.waitUntil(Promise.race([watching, sleep(keepAliveMs)]));
});

async function watch(): Promise<void> {
  while (Date.now() - aliveAt < keepAliveMs) {
    const answer = await poll();
    if (answer) ({ keepAliveMs, pollMs } = answer);
    if (answer?.reload) await reloadWindows();
    await sleep(pollMs);
  }
}

async function poll(): Promise<WatchdogPollAnswer | null> {
  try {
    const response = await fetch(new URL('watchdog/poll', worker.registration.scope), { method: 'POST', signal: AbortSignal.timeout(POLL_TIMEOUT_MS) });
    const parsed = WatchdogPollAnswer.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The host's other loopback name: another site, so the tab gets a new renderer process. */
const twinHost = (hostname: string) => (hostname === 'localhost' ? '127.0.0.1' : 'localhost');

async function reloadWindows(): Promise<void> {
  for (const client of await worker.clients.matchAll({ type: 'window' })) {
    const here = new URL(client.url);
    const via = new URL('/watchdog/reload', here.origin);
    via.hostname = twinHost(here.hostname);
    via.searchParams.set('back', here.host);
    // Resolves null (the tab left this origin) or fails (the host is gone): either way the core
    // judges again from the heartbeats that follow, or do not.
    void client.navigate(via.href).catch(() => undefined);
  }
}
