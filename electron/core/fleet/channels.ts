import type { fleetChannels } from '../../contract/fleet.ts';
import { ok } from '../../contract/errors.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { HeartbeatSender } from './heartbeat.ts';

export function fleetHandlers(heartbeat: HeartbeatSender): Handlers<keyof typeof fleetChannels> {
  return {
    rendererHeartbeat: (input) => {
      heartbeat.rendererAlive(input.camera);
      return ok({});
    },
  };
}
