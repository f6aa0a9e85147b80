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
  return db
    .transaction(() =>
      work((message) => {
        const payload = outboxTopics[message.topic].parse(message.payload);
        insert.run(uuidv7(), message.topic, message.aggregateId, JSON.stringify(payload), now());
      }),
    )
    .immediate();
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
