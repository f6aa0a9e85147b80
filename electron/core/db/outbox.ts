import { uuidv7 } from 'uuidv7';
import { outboxTopics, type OutboxMessage } from '../../contract/outbox.ts';
import type { Db } from './database.ts';

export type Emit = (message: OutboxMessage) => void;

/**
 * The one way to make a business write that HQ must learn about: the write and its outbox
 * rows commit together or not at all (DESIGN.md §4). `work` runs inside an IMMEDIATE
 * transaction; anything it throws rolls back both.
 */
export function writeWithOutbox<T>(db: Db, now: () => number, work: (emit: Emit) => T): T {
  const insert = db.prepare(
    'INSERT INTO outbox (id, topic, aggregate_id, payload, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  let emitted = 0;
  const result = db
    .transaction(() =>
      work((message) => {
        const payload = outboxTopics[message.topic].parse(message.payload);
        insert.run(uuidv7(), message.topic, message.aggregateId, JSON.stringify(payload), now());
        emitted++;
      }),
    )
    .immediate();
  if (emitted > 0) notifyWritten(db);
  return result;
}

const writeListeners = new WeakMap<Db, Set<() => void>>();

/**
 * Called after a write with outbox rows commits (sync pushes soon after, not only on its timer).
 * Listeners must be quick and must not throw into the writer: sync only arms a debounce timer.
 */
export function onOutboxWrite(db: Db, listener: () => void): () => void {
  let set = writeListeners.get(db);
  if (!set) writeListeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function notifyWritten(db: Db): void {
  for (const listener of writeListeners.get(db) ?? []) {
    try {
      listener();
    } catch {
      // The write has committed; a failing listener must not turn it into an error for the caller.
    }
  }
}

export interface OutboxRow {
  seq: number;
  id: string;
  topic: string;
  aggregateId: string;
  payload: unknown;
  createdAt: number;
}

export function pendingOutbox(db: Db, limit = 100): OutboxRow[] {
  const rows = db
    .prepare(
      `SELECT seq, id, topic, aggregate_id AS aggregateId, payload, created_at AS createdAt
         FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?`,
    )
    .all(limit) as (Omit<OutboxRow, 'payload'> & { payload: string })[];
  return rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown }));
}
