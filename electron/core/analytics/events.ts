import { uuidv7 } from 'uuidv7';
import type { ShopperEvent } from '../../contract/analytics.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox } from '../db/outbox.ts';
import type { Sessions } from '../session/sessions.ts';

/**
 * Seven or more digits, whatever stands between them short of a letter: a phone or ID-card number
 * typed into the search box as "139 1234 5678", "139  1234  5678", "139.1234.5678" or
 * "139/1234/5678". `\p{Nd}` covers the full-width digits a Chinese IME produces, and the
 * separator class its ideographic space (U+3000) and full-width punctuation ("－", "，", "、").
 * Model numbers and sizes ("BCD-470WDPG", "55寸") break at their letters.
 */
const LONG_NUMBER = /\p{Nd}(?:[^\p{L}\p{N}\p{M}]*\p{Nd}){6,}/gu;

/** Search text as it may be stored and sent to HQ (DESIGN.md §4: never keep such numbers). */
export function redactSearchText(text: string): string {
  return text.replace(LONG_NUMBER, '#');
}

/** Whether the catalog offers `value` for `facet` in the category (or store-wide without one). */
export type KnownFilter = (categoryId: string | undefined, facet: string, value: string) => boolean;

/**
 * Shopper analytics (DESIGN.md §1: HQ computes finance penetration from these). Each event is a
 * `shopper_events` row plus its `shopper.event` outbox row, written together or not at all.
 */
export class ShopperEvents {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly sessions: Pick<Sessions, 'state'>,
    private readonly isKnownFilter: KnownFilter,
  ) {}

  /**
   * Unknown session: NOT_FOUND. An ended session records nothing (a late event after idle reset).
   * A filter the catalog does not offer is a BAD_REQUEST and is not stored: its value is free
   * text to the contract, and whatever was typed into it would reach HQ.
   */
  record(sessionId: string, event: ShopperEvent): ApiResult<{ recorded: boolean }> {
    if (event.type === 'filter_used' && !this.isKnownFilter(event.categoryId, event.facet, event.value)) {
      return fail('BAD_REQUEST', 'Not a filter the catalog offers here', 'event');
    }
    const stored: ShopperEvent = event.type === 'search' ? { ...event, text: redactSearchText(event.text) } : event;
    return writeWithOutbox(this.db, this.now, (emit) => {
      const visit = this.sessions.state(sessionId);
      if (visit === 'unknown') return fail('NOT_FOUND', 'No such shopper session', 'sessionId');
      if (visit === 'ended') return ok({ recorded: false });
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
