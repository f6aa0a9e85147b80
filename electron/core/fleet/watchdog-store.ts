import type { Db } from '../db/database.ts';

/** How long starts are kept for diagnosis: far longer than any crash-loop window. */
const KEEP_MS = 7 * 86_400_000;

/** The `app_starts` table: each start of the app, its clean end, and whether it went into safe mode. */
export class WatchdogStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      insert: db.prepare('INSERT INTO app_starts (started_at, app_version, shell) VALUES (?, ?, ?)'),
      prune: db.prepare('DELETE FROM app_starts WHERE started_at < ?'),
      unclean: db.prepare('SELECT started_at FROM app_starts WHERE cleared = 0 AND ended_at IS NULL AND app_version = ? AND started_at >= ? ORDER BY started_at').pluck(),
      safe: db.prepare('UPDATE app_starts SET safe_mode = 1 WHERE id = ?'),
      ended: db.prepare('UPDATE app_starts SET ended_at = max(?, started_at) WHERE id = ? AND ended_at IS NULL'),
      clear: db.prepare('UPDATE app_starts SET cleared = 1 WHERE cleared = 0'),
    };
  }

  /**
   * Records a start and reads, in the same transaction, the starts since `since` that count
   * towards a crash loop: those of this app version without a clean end (this one included), not
   * cleared. Another version's crashes are not this one's: after an update reverts for its crash
   * loop (update-manager.ts), the version it went back to starts afresh.
   */
  recordStart(at: number, appVersion: string, shell: 'electron' | 'web', since: number): { id: number; uncleanStartsAt: number[] } {
    return this.db.transaction(() => {
      this.q.prune.run(at - KEEP_MS);
      const id = Number(this.q.insert.run(at, appVersion, shell).lastInsertRowid);
      return { id, uncleanStartsAt: this.q.unclean.all(appVersion, since) as number[] };
    })();
  }

  markSafeMode(id: number): void {
    this.q.safe.run(id);
  }

  /** A clean shutdown: this start no longer counts as a crash. */
  ended(id: number, at: number): void {
    this.q.ended.run(at, id);
  }

  /** Every start so far stops counting towards a crash loop. */
  clear(): number {
    return this.q.clear.run().changes;
  }
}
