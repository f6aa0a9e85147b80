import { z } from 'zod';
import { analyticsChannels } from './analytics.ts';
import { cartChannels } from './cart.ts';
import { catalogChannels } from './catalog.ts';
import type { ChannelDef } from './channel.ts';
import { creditChannels } from './credit.ts';
import type { ApiResult } from './errors.ts';
import { faceChannels } from './face.ts';
import { fleetChannels } from './fleet.ts';
import { figuresChannels } from './figures.ts';
import { financeChannels } from './finance.ts';
import { orderChannels } from './orders.ts';
import { sessionChannels } from './session.ts';
import { staffChannels } from './staff.ts';
import { syncChannels } from './sync.ts';

/**
 * The kiosk API: every feature's channels (each feature's contract file declares its own, with
 * the role a caller needs). The renderer calls `kiosk.<channel>(input)`; Electron carries it over
 * IPC, the web host over `POST /api/<channel>`. Both ends validate with these schemas.
 */
export const channels = {
  ...sessionChannels,
  ...catalogChannels,
  ...cartChannels,
  ...analyticsChannels,
  ...financeChannels,
  ...creditChannels,
  ...orderChannels,
  ...syncChannels,
  ...staffChannels,
  ...figuresChannels,
  ...faceChannels,
  ...fleetChannels,
} as const satisfies Record<string, ChannelDef>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];
export type ChannelRequest<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.output<Channels[C]['response']>;

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

/** Events pushed from the core to every open renderer. */
export const events = {
  'catalog.updated': z.object({ version: z.string() }),
  'staff.ended': z.object({ reason: z.enum(['signed_out', 'auto_locked', 'visit_ended', 'replaced']) }),
} as const satisfies Record<string, z.ZodType>;
export type EventName = keyof typeof events;
export type KioskEvent = { [E in EventName]: { name: E; payload: z.output<(typeof events)[E]> } }[EventName];
export const KioskEventSchema = z.discriminatedUnion(
  'name',
  Object.entries(events).map(([name, payload]) => z.object({ name: z.literal(name), payload })) as unknown as [
    z.ZodObject<{ name: z.ZodLiteral<EventName>; payload: z.ZodType }>,
  ],
);

/** What `window.kiosk` offers, whatever the transport. */
export type KioskApi = {
  [C in ChannelName]: (input: ChannelRequest<C>) => Promise<ApiResult<ChannelResponse<C>>>;
} & {
  on: (listener: (event: KioskEvent) => void) => () => void;
};

/** The raw bridge the Electron preload exposes; the renderer wraps it with validation. */
export type KioskBridge = {
  /** `staffToken`: the staff session's, on staff channels' calls only (contract/staff.ts). */
  [C in ChannelName]: (input: unknown, staffToken?: string) => Promise<unknown>;
} & {
  on: (listener: (event: unknown) => void) => () => void;
};

/** IPC channel prefix shared by preload and main. */
export const IPC_PREFIX = 'kiosk:';
export const IPC_EVENT = 'kiosk-event';
