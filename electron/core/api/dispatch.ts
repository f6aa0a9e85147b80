import type { z } from 'zod';
import { channels, isChannelName, type ChannelName, type ChannelResponse, type Channels } from '../../contract/api.ts';
import { mayCall, type Caller } from '../../contract/channel.ts';
import { fail, type ApiResult } from '../../contract/errors.ts';
import type { Logger } from '../logger.ts';

export type Handler<C extends ChannelName> = (
  input: z.output<Channels[C]['request']>,
  caller: Caller,
) => ApiResult<ChannelResponse<C>> | Promise<ApiResult<ChannelResponse<C>>>;

/** A feature's handlers for its own channels (`core/<feature>/channels.ts`). */
export type Handlers<C extends ChannelName = ChannelName> = { [K in C]: Handler<K> };

export type Dispatch = (channel: string, input: unknown, caller: Caller) => Promise<ApiResult<unknown>>;

/**
 * The single entry for every transport (IPC, HTTP): check the caller may use the channel,
 * validate the request with the contract, run the handler, check the response against the
 * contract. Exceptions become INTERNAL; the log line names the channel, never the input (it may
 * hold personal data).
 */
export function createDispatch(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, input, caller) => {
    if (!isChannelName(channel)) return fail('UNKNOWN_CHANNEL', `No channel named "${channel}"`);
    const contract = channels[channel];
    if (!mayCall(caller, contract.access)) {
      log.warn({ channel, role: caller.role }, 'channel refused to this caller');
      return fail('FORBIDDEN', `"${channel}" needs a ${contract.access} caller`);
    }
    const request = contract.request.safeParse(input ?? {});
    if (!request.success) {
      const issue = request.error.issues[0];
      const field = issue?.path.join('.') || undefined;
      return fail('BAD_REQUEST', issue ? `${field ?? 'input'}: ${issue.message}` : 'Invalid input', field);
    }
    try {
      const handler = handlers[channel] as (input: unknown, caller: Caller) => ApiResult<unknown> | Promise<ApiResult<unknown>>;
      const result = await handler(request.data, caller);
      if (!result.ok) return result;
      const response = contract.response.safeParse(result.data);
      if (!response.success) {
        log.error({ channel, issues: response.error.issues.slice(0, 3) }, 'handler response broke the contract');
        return fail('INTERNAL', 'The kiosk produced an invalid response');
      }
      return { ok: true, data: response.data };
    } catch (error) {
      log.error({ channel, err: error }, 'handler failed');
      return fail('INTERNAL', 'Something went wrong on the kiosk');
    }
  };
}
