import { uuidv7 } from 'uuidv7';
import type { Locale } from '../../contract/session.ts';
import type { Db } from '../db/database.ts';
import { writeWithOutbox } from '../db/outbox.ts';
import type { CoreEvents } from '../events.ts';

type EndReason = 'idle' | 'finished' | 'staff' | 'restart';

/** A shopper session: from the tap on the attract screen to idle reset or checkout. */
export class Sessions {
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly events: CoreEvents,
  ) {
    this.q = {
      open: db.prepare('SELECT 1 FROM sessions WHERE id = ? AND ended_at IS NULL').pluck(),
      anyOpen: db.prepare('SELECT 1 FROM sessions WHERE ended_at IS NULL LIMIT 1').pluck(),
      endedAt: db.prepare('SELECT ended_at FROM sessions WHERE id = ?').pluck(),
    };
  }

  /** A visit going on, one that has ended, or an id the kiosk never gave out. */
  state(id: string): 'open' | 'ended' | 'unknown' {
    const endedAt = this.q.endedAt.get(id) as number | null | undefined;
    return endedAt === undefined ? 'unknown' : endedAt === null ? 'open' : 'ended';
  }

  /** Whether a visit is going on; writes that belong to a visit check it inside their transaction. */
  isOpen(id: string): boolean {
    return this.q.open.get(id) !== undefined;
  }

  /** A shopper is mid-visit (nothing that restarts the kiosk may run). */
  anyOpen(): boolean {
    return this.q.anyOpen.get() !== undefined;
  }

  start(locale: Locale): string {
    const id = uuidv7();
    const startedAt = this.now();
    writeWithOutbox(this.db, this.now, (emit) => {
      this.db.prepare('INSERT INTO sessions (id, started_at, locale) VALUES (?, ?, ?)').run(id, startedAt, locale);
      emit({ topic: 'session.started', aggregateId: id, payload: { sessionId: id, locale, startedAt } });
    });
    return id;
  }

  /**
   * Ends an open session; false when it was unknown or already ended (a repeated idle reset).
   * Once it has committed, the features that hold something for the visit let it go.
   */
  end(id: string, reason: EndReason): boolean {
    const ended = writeWithOutbox(this.db, this.now, (emit) => {
      const row = this.db
        .prepare('SELECT started_at AS startedAt FROM sessions WHERE id = ? AND ended_at IS NULL')
        .get(id) as { startedAt: number } | undefined;
      if (!row) return false;
      const endedAt = this.now();
      this.db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ?').run(endedAt, reason, id);
      emit({
        topic: 'session.ended',
        aggregateId: id,
        payload: { sessionId: id, reason, startedAt: row.startedAt, endedAt },
      });
      return true;
    });
    if (ended) this.events.emit('session.ended', { sessionId: id });
    return ended;
  }

  /** After a crash or restart no shopper is at the screen any more: close what was left open. */
  endAbandoned(): string[] {
    const open = this.db.prepare('SELECT id FROM sessions WHERE ended_at IS NULL').pluck().all() as string[];
    for (const id of open) this.end(id, 'restart');
    return open;
  }
}
