import type { fleetChannels } from '../../contract/fleet.ts';
import { ok } from '../../contract/errors.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { HeartbeatSender } from './heartbeat.ts';
import type { Watchdog } from './watchdog.ts';

export function fleetHandlers(heartbeat: HeartbeatSender, watchdog: Watchdog): Handlers<keyof typeof fleetChannels> {
  return {
    rendererHeartbeat: (input) => {
      heartbeat.rendererAlive(input.camera);
      watchdog.rendererAlive();
      return ok({});
    },
    watchdogStatus: (input) => {
      if (input.boot) watchdog.windowLoaded();
      return ok(watchdog.status());
    },
  };
}
