import { uuidv7 } from 'uuidv7';
import type { ShopperEvent } from '../../contract/api.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox } from '../db/outbox.ts';

/**
 * Seven or more digits in a row, allowing single spaces or hyphens between them: a phone or
 * ID-card number typed into the search box, also when typed as "138 0013 8000". `\p{Nd}` covers
 * the full-width digits a Chinese IME produces.
 */
const LONG_NUMBER = /\p{Nd}(?:[ -]?\p{Nd}){6,}/gu;

/** Search text as it may be stored and sent to HQ (DESIGN.md §4: never keep such numbers). */
export function redactSearchText(text: string): string {
  return text.replace(LONG_NUMBER, '#');
}

/**
 * Shopper analytics (DESIGN.md §1: HQ computes finance penetration from these). Each event is a
 * `shopper_events` row plus its `shopper.event` outbox row, written together or not at all.
 */
export class ShopperEvents {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Unknown session: NOT_FOUND. An ended session records nothing (a late event after idle reset). */
  record(sessionId: string, event: ShopperEvent): ApiResult<{ recorded: boolean }> {
    const stored: ShopperEvent = event.type === 'search' ? { ...event, text: redactSearchText(event.text) } : event;
    return writeWithOutbox(this.db, this.now, (emit) => {
      const session = this.db.prepare('SELECT ended_at AS endedAt FROM sessions WHERE id = ?').get(sessionId) as
        | { endedAt: number | null }
        | undefined;
      if (!session) return fail('NOT_FOUND', 'No such shopper session', 'sessionId');
      if (session.endedAt !== null) return ok({ recorded: false });
      const eventId = uuidv7();
      const at = this.now();
      this.db
        .prepare('INSERT INTO shopper_events (id, session_id, type, data, at) VALUES (?, ?, ?, ?, ?)')
        .run(eventId, sessionId, stored.type, JSON.stringify(stored), at);
      emit({ topic: 'shopper.event', aggregateId: sessionId, payload: { eventId, sessionId, at, event: stored } });
      return ok({ recorded: true });
    });
  }
}
