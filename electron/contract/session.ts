import { z } from 'zod';
import { LocalizedText } from './catalog.ts';
import { Empty, Id, type ChannelDef } from './channel.ts';

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

export const SessionEndReason = z.enum(['idle', 'finished', 'staff']);

/** The kiosk and the shopper's visit: from the tap on the attract screen to idle reset or checkout. */
export const sessionChannels = {
  appInfo: {
    access: 'shopper',
    request: Empty,
    response: z.object({
      version: z.string(),
      shell: z.enum(['electron', 'web']),
      store: z.object({ id: z.string(), name: LocalizedText }),
      defaultLocale: Locale,
      idle: z.object({ timeoutMs: z.number().int().positive(), warningMs: z.number().int().positive() }),
    }),
  },
  startSession: {
    access: 'shopper',
    request: z.object({ locale: Locale }).strict(),
    response: z.object({ sessionId: z.string() }),
  },
  endSession: {
    access: 'shopper',
    request: z.object({ sessionId: Id, reason: SessionEndReason }).strict(),
    response: z.object({ ended: z.boolean() }),
  },
} as const satisfies Record<string, ChannelDef>;
