import type { FastifyInstance, FastifyReply, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { z } from 'zod';
import type { KioskCore } from '../core/kiosk-core.ts';
import type { Logger } from '../core/logger.ts';

type Host = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>;

/** The watchdog's agent in the browser, served from the root so its scope covers the whole UI. */
export const WATCHDOG_SW_PATH = '/watchdog-sw.js';

/**
 * Served with the agent's script only: it makes Chromium run the service worker in a process of
 * its own, apart from the page's. A page stuck in a loop keeps its process busy for good; a
 * worker sharing it would keep that process alive, and the page's next load would land in it.
 */
export const WATCHDOG_SW_HEADERS: Readonly<Record<string, string>> = { 'Cross-Origin-Embedder-Policy': 'require-corp' };

const Back = z.object({ back: z.string().min(1).max(300) }).strict();

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The web host's side of the screen watchdog (issue 12 item 5). The core decides, from the
 * renderer heartbeats it receives, whether the screen must be reloaded; a page whose main thread
 * is blocked cannot reload itself, so the reload is carried out by the page's service worker
 * (renderer/app/watchdog-sw.ts), which runs on a thread and in a process of its own:
 *
 * - `POST /watchdog/poll`: the agent asks what to do (core.watchdog.pollAnswer()).
 * - `GET /watchdog/reload?back=<host:port>`: where the agent sends the stuck tab, under the host's
 *   other loopback name. A same-site navigation would wait for the stuck page's process; going to
 *   another site gives the tab a fresh process (and lets Chromium end the stuck one), and this page
 *   then sends the tab straight back to the kiosk's start under its own name. No script: a meta refresh.
 *   `back` must be one of the names this host answers to, so it redirects nowhere else.
 */
export function registerWatchdogRoutes(app: Host, core: Pick<KioskCore, 'watchdog'>, accepted: () => ReadonlySet<string>): void {
  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

  app.post('/watchdog/poll', async (_request, reply) => {
    noStore(reply);
    return core.watchdog.pollAnswer();
  });

  app.get('/watchdog/reload', async (request, reply) => {
    noStore(reply);
    const query = Back.safeParse(request.query);
    const back = query.success ? query.data.back.toLowerCase() : undefined;
    if (back === undefined || !accepted().has(back)) return reply.code(400).type('text/plain').send('Bad request');
    const target = escapeHtml(`http://${back}/`);
    return reply
      .type('text/html; charset=utf-8')
      .send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>家电自助机 · Appliance Kiosk</title><meta http-equiv="refresh" content="0; url=${target}"></head><body></body></html>`);
  });
}
