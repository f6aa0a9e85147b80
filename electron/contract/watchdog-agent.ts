import * as z from 'zod/mini';

/**
 * The web host's screen watchdog agent (a service worker, renderer/app/watchdog-sw.ts) asks the
 * host `POST /watchdog/poll` what to do (electron/host/watchdog-routes.ts): reload the screen or
 * not, when to ask again, and for how long to keep asking after the page last said it was there.
 * In zod's tree-shakable build: the worker bundles this file alone and stays small.
 */
export const WatchdogPollAnswer = z.strictObject({
  reload: z.boolean(),
  pollMs: z.number().check(z.int(), z.minimum(100), z.maximum(60_000)),
  keepAliveMs: z.number().check(z.int(), z.minimum(1_000), z.maximum(240_000)),
});
export type WatchdogPollAnswer = z.infer<typeof WatchdogPollAnswer>;
