import type { KioskMessage, SyncDatasetName } from '../../contract/sync.ts';
import type { Db } from '../db/database.ts';

export interface Enrolment {
  kioskId: string;
  storeId: string;
  hqUrl: string;
  hqPublicKey: string;
  label: string | null;
  enrolledAt: number;
}

export interface DatasetCursor {
  dataset: string;
  version: number;
  contentHash: string;
  publishedAt: number;
  effectiveAt: number;
  appliedAt: number;
  confirmedAt: number;
}

export interface SyncState {
  messageCursor: number;
  lastPushAt: number | null;
  lastPullAt: number | null;
  lastError: { code: string; message: string; at: number } | null;
  revokedAt: number | null;
}

export interface PendingRow {
  seq: number;
  id: string;
  topic: string;
  aggregateId: string;
  /** The exact JSON text stored (and hashed): never re-serialised. */
  payload: string;
  createdAt: number;
}

/** The sync feature's tables (migration 0008) and its reads of the outbox: the only place its SQL lives. */
export class SyncStore {
  constructor(private readonly db: Db) {}

  /* ------------------------------------------------------------ enrolment */

  enrolment(): Enrolment | undefined {
    return this.db
      .prepare(
        `SELECT kiosk_id AS kioskId, store_id AS storeId, hq_url AS hqUrl, hq_public_key AS hqPublicKey, label, enrolled_at AS enrolledAt
           FROM sync_enrolment WHERE id = 1`,
      )
      .get() as Enrolment | undefined;
  }

  /** A new enrolment replaces the old one whole: its cursors, revocation and errors were another identity's. */
  saveEnrolment(e: Enrolment): void {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM sync_enrolment').run();
        this.db
          .prepare('INSERT INTO sync_enrolment (id, kiosk_id, store_id, hq_url, hq_public_key, label, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?)')
          .run(e.kioskId, e.storeId, e.hqUrl, e.hqPublicKey, e.label, e.enrolledAt);
        this.db.prepare('DELETE FROM sync_dataset_cursors').run();
        this.db
          .prepare('UPDATE sync_state SET message_cursor = 0, revoked_at = NULL, last_error_code = NULL, last_error_message = NULL, last_error_at = NULL WHERE id = 1')
          .run();
      })
      .immediate();
  }

  /* ---------------------------------------------------------------- state */

  state(): SyncState {
    const row = this.db
      .prepare(
        `SELECT message_cursor AS messageCursor, last_push_at AS lastPushAt, last_pull_at AS lastPullAt, last_error_code AS code,
                last_error_message AS message, last_error_at AS at, revoked_at AS revokedAt
           FROM sync_state WHERE id = 1`,
      )
      .get() as Omit<SyncState, 'lastError'> & { code: string | null; message: string | null; at: number | null };
    const { code, message, at, ...rest } = row;
    return { ...rest, lastError: code !== null && message !== null && at !== null ? { code, message, at } : null };
  }

  recordError(code: string, message: string, at: number): void {
    this.db.prepare('UPDATE sync_state SET last_error_code = ?, last_error_message = ?, last_error_at = ? WHERE id = 1').run(code, message, at);
  }

  clearError(): void {
    this.db.prepare('UPDATE sync_state SET last_error_code = NULL, last_error_message = NULL, last_error_at = NULL WHERE id = 1').run();
  }

  markRevoked(at: number): void {
    this.db.prepare('UPDATE sync_state SET revoked_at = coalesce(revoked_at, ?) WHERE id = 1').run(at);
  }

  markPushed(at: number): void {
    this.db.prepare('UPDATE sync_state SET last_push_at = ? WHERE id = 1').run(at);
  }

  markPulled(at: number): void {
    this.db.prepare('UPDATE sync_state SET last_pull_at = ? WHERE id = 1').run(at);
  }

  /* --------------------------------------------------------------- outbox */

  pending(limit: number): PendingRow[] {
    return this.db
      .prepare(
        `SELECT seq, id, topic, aggregate_id AS aggregateId, payload, created_at AS createdAt
           FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?`,
      )
      .all(limit) as PendingRow[];
  }

  countAttempt(seqs: readonly number[]): void {
    const bump = this.db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?');
    this.db.transaction(() => seqs.forEach((seq) => bump.run(seq))).immediate();
  }

  noteError(seqs: readonly number[], code: string): void {
    const note = this.db.prepare('UPDATE outbox SET last_error = ? WHERE seq = ?');
    this.db.transaction(() => seqs.forEach((seq) => note.run(code, seq))).immediate();
  }

  /** The first seq not yet acknowledged, or the next seq to be written when none is pending. */
  firstPendingSeq(): number {
    const pending = this.db.prepare('SELECT min(seq) FROM outbox WHERE acked_at IS NULL').pluck().get() as number | null;
    if (pending !== null) return pending;
    // sqlite_sequence survives deleted rows, so this is the seq the next write gets.
    const top = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck().get() as number | undefined;
    return (top ?? 0) + 1;
  }

  ack(seq: number, at: number): void {
    this.db.prepare('UPDATE outbox SET acked_at = ?, last_error = NULL WHERE seq = ? AND acked_at IS NULL').run(at, seq);
  }

  /** HQ lost what it had acknowledged: everything from `seq` is sent again. */
  unackFrom(seq: number): number {
    return this.db.prepare('UPDATE outbox SET acked_at = NULL WHERE seq >= ? AND acked_at IS NOT NULL').run(seq).changes;
  }

  /** Items HQ says it has (sent at least once, below `seq`): a response lost after HQ committed. */
  ackSentBelow(seq: number, at: number): number {
    return this.db.prepare('UPDATE outbox SET acked_at = ?, last_error = NULL WHERE seq < ? AND acked_at IS NULL AND attempts > 0').run(at, seq).changes;
  }

  /** The highest seq ever sent to HQ (0 if none). */
  highestSent(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) FROM outbox WHERE attempts > 0').pluck().get() as number) ?? 0;
  }

  reject(row: { seq: number; id: string; topic: string }, code: string, message: string, at: number): void {
    this.db
      .prepare('INSERT INTO sync_rejected (seq, id, topic, code, message, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at')
      .run(row.seq, row.id, row.topic, code, message, at);
  }

  rejected(limit = 50): { seq: number; id: string; topic: string; code: string; message: string; at: number }[] {
    return this.db.prepare('SELECT seq, id, topic, code, message, at FROM sync_rejected ORDER BY seq DESC LIMIT ?').all(limit) as {
      seq: number;
      id: string;
      topic: string;
      code: string;
      message: string;
      at: number;
    }[];
  }

  pendingSummary(): { total: number; byTopic: Record<string, number>; oldestAt: number | null } {
    const rows = this.db
      .prepare('SELECT topic, count(*) AS n, min(created_at) AS oldest FROM outbox WHERE acked_at IS NULL GROUP BY topic')
      .all() as { topic: string; n: number; oldest: number }[];
    const byTopic: Record<string, number> = {};
    let total = 0;
    let oldestAt: number | null = null;
    for (const row of rows) {
      byTopic[row.topic] = row.n;
      total += row.n;
      oldestAt = oldestAt === null ? row.oldest : Math.min(oldestAt, row.oldest);
    }
    return { total, byTopic, oldestAt };
  }

  /* --------------------------------------------------------------- down */

  cursors(): DatasetCursor[] {
    return this.db
      .prepare(
        `SELECT dataset, version, content_hash AS contentHash, published_at AS publishedAt, effective_at AS effectiveAt,
                applied_at AS appliedAt, confirmed_at AS confirmedAt
           FROM sync_dataset_cursors ORDER BY dataset`,
      )
      .all() as DatasetCursor[];
  }

  cursor(dataset: SyncDatasetName): DatasetCursor | undefined {
    return this.cursors().find((c) => c.dataset === dataset);
  }

  saveCursor(c: DatasetCursor): void {
    this.db
      .prepare(
        `INSERT INTO sync_dataset_cursors (dataset, version, content_hash, published_at, effective_at, applied_at, confirmed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (dataset) DO UPDATE SET version = excluded.version, content_hash = excluded.content_hash, published_at = excluded.published_at,
           effective_at = excluded.effective_at, applied_at = excluded.applied_at, confirmed_at = excluded.confirmed_at`,
      )
      .run(c.dataset, c.version, c.contentHash, c.publishedAt, c.effectiveAt, c.appliedAt, c.confirmedAt);
  }

  /** HQ said `version` is still its newest: the kiosk's copy is fresh as of `at`. */
  confirm(dataset: string, version: number, at: number): boolean {
    return this.db.prepare('UPDATE sync_dataset_cursors SET confirmed_at = ? WHERE dataset = ? AND version = ?').run(at, dataset, version).changes > 0;
  }

  /** Records a refusal; false when this one (dataset, version, reason) was recorded before. */
  refuse(dataset: string, version: number, reason: string, at: number): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO sync_refused (dataset, version, reason, at) VALUES (?, ?, ?, ?)').run(dataset, version, reason, at).changes > 0;
  }

  refused(limit = 50): { dataset: string; version: number; reason: string; at: number }[] {
    return this.db.prepare('SELECT dataset, version, reason, at FROM sync_refused ORDER BY id DESC LIMIT ?').all(limit) as {
      dataset: string;
      version: number;
      reason: string;
      at: number;
    }[];
  }

  /** Stores HQ's messages and advances the message cursor, in one transaction. */
  saveMessages(messages: readonly KioskMessage[], at: number): void {
    if (messages.length === 0) return;
    const insert = this.db.prepare('INSERT OR IGNORE INTO sync_messages (id, kind, payload, received_at) VALUES (?, ?, ?, ?)');
    this.db
      .transaction(() => {
        for (const m of messages) insert.run(m.id, m.kind, JSON.stringify(m), at);
        const top = Math.max(...messages.map((m) => m.id));
        this.db.prepare('UPDATE sync_state SET message_cursor = max(message_cursor, ?) WHERE id = 1').run(top);
      })
      .immediate();
  }

  messages(): { id: number; kind: string; payload: string; receivedAt: number; handledAt: number | null }[] {
    return this.db.prepare('SELECT id, kind, payload, received_at AS receivedAt, handled_at AS handledAt FROM sync_messages ORDER BY id').all() as {
      id: number;
      kind: string;
      payload: string;
      receivedAt: number;
      handledAt: number | null;
    }[];
  }

  /** Messages not yet consumed by the feature they are for, oldest first. */
  unhandledMessages(): { id: number; kind: string; payload: string }[] {
    return this.db.prepare('SELECT id, kind, payload FROM sync_messages WHERE handled_at IS NULL ORDER BY id').all() as { id: number; kind: string; payload: string }[];
  }

  /** Call inside the transaction that acts on the message, so acting and marking commit together. */
  markHandled(id: number, at: number): void {
    this.db.prepare('UPDATE sync_messages SET handled_at = ? WHERE id = ? AND handled_at IS NULL').run(at, id);
  }
}
