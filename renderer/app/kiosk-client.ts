import { channelNames, channels, KioskEventSchema, type ChannelName, type ChannelResponse, type KioskApi, type KioskBridge, type KioskEvent } from '../../electron/contract/api.ts';
import { apiResultSchema, type ApiResult } from '../../electron/contract/errors.ts';
import { STAFF_TOKEN_HEADER } from '../../electron/contract/staff.ts';

declare global {
  interface Window {
    /** Present in the Electron shell (preload); absent in a plain browser on the web host. */
    kiosk?: KioskBridge;
  }
}

/** The kiosk's own description (store, idle timings): the shell loads it, the Visit uses it. */
export type AppInfo = ChannelResponse<'appInfo'>;

type Call = (channel: ChannelName, input: unknown, staffToken: string | undefined) => Promise<unknown>;

let staffToken: string | undefined;
let staffOnEveryCall = false;

/**
 * The staff session's token (features/staff/staff-session.tsx sets and clears it). It goes with
 * staff channels' calls only, unless staff are assisting a customer (`everyCall`): then every
 * call is theirs, so an application made on this screen names them. Otherwise a shopper's calls
 * never carry it.
 */
export function setStaffToken(token: string | undefined, everyCall = false): void {
  staffToken = token;
  staffOnEveryCall = token !== undefined && everyCall;
}

/** Web host transport: POST /api/<channel>, events over a WebSocket that reconnects. */
function httpBridge(): { call: Call; on: KioskBridge['on'] } {
  const listeners = new Set<(event: unknown) => void>();
  let socket: WebSocket | undefined;
  const connect = () => {
    const url = new URL('api/events', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (message) => {
      const event: unknown = JSON.parse(String(message.data));
      for (const listener of listeners) listener(event);
    };
    socket.onclose = () => {
      socket = undefined;
      if (listeners.size > 0) setTimeout(connect, 2_000);
    };
  };
  return {
    call: async (channel, input, staff) => {
      const response = await fetch(new URL(`api/${channel}`, location.href), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(staff === undefined ? {} : { [STAFF_TOKEN_HEADER]: staff }) },
        body: JSON.stringify(input ?? {}),
      });
      return response.json();
    },
    on: (listener) => {
      listeners.add(listener);
      if (!socket) connect();
      return () => listeners.delete(listener);
    },
  };
}

const unavailable = (message: string): ApiResult<never> => ({ ok: false, error: { code: 'UNAVAILABLE', message } });

/**
 * The renderer's one way to reach the kiosk: the preload's bridge inside Electron, else the
 * web host. Responses are checked against the same contract on this side too.
 */
export function createKioskClient(bridge: KioskBridge | undefined = window.kiosk): KioskApi {
  const transport = bridge
    ? { call: ((channel, input, staff) => bridge[channel](input, staff)) as Call, on: bridge.on }
    : httpBridge();
  const api = {} as Record<ChannelName, (input: unknown) => Promise<ApiResult<unknown>>>;
  for (const channel of channelNames) {
    const schema = apiResultSchema(channels[channel].response);
    api[channel] = async (input) => {
      let raw: unknown;
      try {
        raw = await transport.call(channel, input, staffOnEveryCall || channels[channel].access === 'staff' ? staffToken : undefined);
      } catch {
        return unavailable('The kiosk service did not answer');
      }
      const parsed = schema.safeParse(raw);
      return parsed.success ? (parsed.data as ApiResult<unknown>) : unavailable('Unexpected answer from the kiosk service');
    };
  }
  const on = (listener: (event: KioskEvent) => void) =>
    transport.on((raw) => {
      const parsed = KioskEventSchema.safeParse(raw);
      if (parsed.success) listener(parsed.data as KioskEvent);
    });
  return { ...api, on } as KioskApi;
}

export const kiosk = createKioskClient();
