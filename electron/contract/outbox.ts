import { z } from 'zod';

/**
 * What the kiosk tells HQ through the outbox (DESIGN.md §7). One payload schema per topic,
 * so HQ validates what arrives. No personal data in any payload.
 */
export const outboxTopics = {
  'session.started': z.object({ sessionId: z.string(), locale: z.string(), startedAt: z.number().int() }),
  'session.ended': z.object({
    sessionId: z.string(),
    reason: z.string(),
    startedAt: z.number().int(),
    endedAt: z.number().int(),
  }),
  /** Shopper analytics (DESIGN.md §1: HQ computes finance penetration from these). */
  'shopper.event': z.object({
    eventId: z.string(),
    sessionId: z.string(),
    at: z.number().int(),
    event: z.record(z.string(), z.unknown()),
  }),
} as const satisfies Record<string, z.ZodType>;

export type OutboxTopic = keyof typeof outboxTopics;
export type OutboxMessage = {
  [T in OutboxTopic]: { topic: T; aggregateId: string; payload: z.input<(typeof outboxTopics)[T]> };
}[OutboxTopic];
