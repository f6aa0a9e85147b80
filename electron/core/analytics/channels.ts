import type { analyticsChannels } from '../../contract/analytics.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { ShopperEvents } from './events.ts';

export function analyticsHandlers(events: ShopperEvents): Handlers<keyof typeof analyticsChannels> {
  return { track: ({ sessionId, event }) => events.record(sessionId, event) };
}
