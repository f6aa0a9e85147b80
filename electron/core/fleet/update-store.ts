import type { UpdateState } from '../../contract/fleet.ts';
import type { Db } from '../db/database.ts';

export interface UpdateRow {
  id: number;
  version: string;
  fromVersion: string;
  manifest: string;
  state: Exclude<UpdateState, 'refused'>;
  reason: string | null;
  boots: number;
  firstBootAt: number | null;
}

/** States an update is still under way in (one at a time). */
const ACTIVE = ['offered', 'downloading', 'downloaded', 'verified', 'waiting', 'installing', 'first_boot'];

/** The `updates` and `update_history` tables: each change of state and its history line in one transaction. */
export class UpdateStore {
  private readonly q;

  constructor(private readonly db: Db) {
    const columns = 'id, version, from_version AS fromVersion, manifest, state, reason, boots, first_boot_at AS firstBootAt';
    this.q = {
      active: db.prepare(`SELECT ${columns} FROM updates WHERE state IN (${ACTIVE.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 1`),
      latest: db.prepare(`SELECT ${columns} FROM updates WHERE version = ? ORDER BY id DESC LIMIT 1`),
      insert: db.prepare('INSERT INTO updates (version, from_version, manifest, state, offered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      set: db.prepare('UPDATE updates SET state = ?, reason = ?, boots = ?, first_boot_at = ?, updated_at = ? WHERE id = ?'),
      history: db.prepare('INSERT INTO update_history (update_id, version, state, reason, at) VALUES (?, ?, ?, ?, ?)'),
      unreported: db.prepare('SELECT id, version, state, reason, at FROM update_history WHERE reported = 0 ORDER BY id LIMIT ?'),
      markReported: db.prepare('UPDATE update_history SET reported = 1 WHERE id <= ? AND reported = 0'),
    };
  }

  active(): UpdateRow | undefined {
    return this.q.active.get(...ACTIVE) as UpdateRow | undefined;
  }

  latest(version: string): UpdateRow | undefined {
    return this.q.latest.get(version) as UpdateRow | undefined;
  }

  insert(version: string, fromVersion: string, manifest: string, at: number): UpdateRow {
    return this.db.transaction(() => {
      const id = Number(this.q.insert.run(version, fromVersion, manifest, 'offered', at, at).lastInsertRowid);
      this.q.history.run(id, version, 'offered', null, at);
      return { id, version, fromVersion, manifest, state: 'offered' as const, reason: null, boots: 0, firstBootAt: null };
    })();
  }

  /** The row's new state (and boot count), with its history line. */
  set(row: UpdateRow, at: number): void {
    this.db.transaction(() => {
      this.q.set.run(row.state, row.reason, row.boots, row.firstBootAt, at, row.id);
      this.q.history.run(row.id, row.version, row.state, row.reason, at);
    })();
  }

  refused(version: string | null, reason: string, at: number): void {
    this.q.history.run(null, version, 'refused', reason, at);
  }

  /** What to report to HQ next, oldest first; `reported` marks them sent. */
  unreported(limit = 100): Array<{ id: number; version: string | null; state: UpdateState; reason: string | null; at: number }> {
    return this.q.unreported.all(limit) as ReturnType<UpdateStore['unreported']>;
  }

  reported(upToId: number): void {
    this.q.markReported.run(upToId);
  }
}
