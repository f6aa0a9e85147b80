import type { PushItem, PushResponse } from '../../contract/sync.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { sha256Hex } from '../sha256.ts';
import type { HqClient, HqFailure } from './hq-client.ts';
import type { PendingRow, SyncStore } from './sync-store.ts';

/** Items per push (the protocol allows MAX_PUSH_ITEMS). */
export const PUSH_BATCH = 200;

export type PushOutcome =
  /** `more`: items are waiting (the next batch, or ones HQ asked for again). */
  | { ok: true; sent: number; more: boolean }
  | { ok: false; failure: HqFailure };

export interface Settled {
  acked: number;
  rejected: number;
  /** Rows HQ lost and gets again. */
  resent: number;
}

export function pushItem(row: PendingRow): PushItem {
  return { seq: row.seq, id: row.id, topic: row.topic, aggregateId: row.aggregateId, payload: row.payload, payloadHash: sha256Hex(row.payload), createdAt: row.createdAt };
}

/**
 * Where the kiosk's outbox and HQ's `expectedSeq` disagree: lower than the first item still
 * pending means HQ lost items it had acknowledged (they are sent again); higher means HQ has
 * items whose acknowledgement was lost (they are acknowledged). HQ can only have what was sent:
 * an expectedSeq beyond anything ever sent (a kiosk database restored or replaced) acknowledges
 * nothing and is an error for store IT, or items never sent would count as delivered.
 * Runs inside the caller's transaction.
 */
export function reconcile(store: SyncStore, expectedSeq: number, at: number): Settled | { error: string } {
  const first = store.firstPendingSeq();
  if (expectedSeq < first) return { acked: 0, rejected: 0, resent: store.unackFrom(expectedSeq) };
  if (expectedSeq > first) {
    const sent = store.highestSent();
    if (expectedSeq - 1 > sent) {
      return { error: `HQ expects item ${expectedSeq} but this kiosk has sent only up to ${sent}: its database was replaced or restored; re-enrol the kiosk` };
    }
    return { acked: store.ackSentBelow(expectedSeq, at), rejected: 0, resent: 0 };
  }
  return { acked: 0, rejected: 0, resent: 0 };
}

/**
 * Applies HQ's answer to one push in one transaction: applied and duplicate items are acknowledged;
 * rejected ones are acknowledged too and listed for staff (never back in the loop); then the
 * outbox is reconciled with HQ's expectedSeq. Acknowledged rows are kept (HQ may ask again).
 */
export function settlePush(db: Db, store: SyncStore, sent: readonly PendingRow[], response: PushResponse, at: number, log: Logger): Settled | { error: string } {
  return db
    .transaction((): Settled | { error: string } => {
      const bySeq = new Map(sent.map((row) => [row.seq, row]));
      let acked = 0;
      let rejected = 0;
      for (const result of response.results) {
        const row = bySeq.get(result.seq);
        if (!row || row.id !== result.id) {
          log.warn({ seq: result.seq }, 'HQ answered for an item that was not sent at that seq; ignored');
          continue;
        }
        store.ack(row.seq, at);
        acked++;
        if (result.status === 'rejected') {
          store.reject(row, result.code, result.message, at);
          rejected++;
        }
      }
      const reconciled = reconcile(store, response.expectedSeq, at);
      if ('error' in reconciled) return reconciled;
      store.markPushed(at);
      return { acked: acked + reconciled.acked, rejected, resent: reconciled.resent };
    })
    .immediate();
}

/** Drains the outbox to HQ one batch at a time, in seq order (DESIGN.md §7). */
export class Pusher {
  constructor(
    private readonly db: Db,
    private readonly store: SyncStore,
    private readonly client: HqClient,
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly batchSize = PUSH_BATCH,
  ) {}

  async pushBatch(): Promise<PushOutcome> {
    const rows = this.store.pending(this.batchSize);
    if (rows.length === 0) return { ok: true, sent: 0, more: false };
    // Counted before sending: an item with attempts > 0 may be at HQ (see reconcile).
    this.store.countAttempt(rows.map((r) => r.seq));
    const answer = await this.client.push({ items: rows.map(pushItem) });
    const at = this.now();
    if (answer.ok) {
      const settled = settlePush(this.db, this.store, rows, answer.data, at, this.log);
      if ('error' in settled) return { ok: false, failure: { ok: false, code: 'SEQ_GAP', message: settled.error } };
      if (settled.rejected > 0) this.log.warn({ rejected: settled.rejected }, 'HQ rejected outbox items; listed for staff');
      return { ok: true, sent: rows.length, more: this.store.pending(1).length > 0 };
    }
    if (answer.code === 'SEQ_GAP' && answer.expectedSeq !== undefined) {
      const expectedSeq = answer.expectedSeq;
      const reconciled = this.db.transaction(() => reconcile(this.store, expectedSeq, at)).immediate();
      if ('error' in reconciled) return { ok: false, failure: { ok: false, code: 'SEQ_GAP', message: reconciled.error } };
      this.log.info({ expectedSeq, acked: reconciled.acked, resent: reconciled.resent }, 'outbox realigned with HQ');
      return { ok: true, sent: 0, more: this.store.pending(1).length > 0 };
    }
    this.store.noteError(rows.map((r) => r.seq), answer.code);
    return { ok: false, failure: answer };
  }
}
