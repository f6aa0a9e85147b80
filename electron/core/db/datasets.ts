import { createHash } from 'node:crypto';
import type { Db } from './database.ts';

/** What HQ publishes and the kiosk applies whole (DESIGN.md §7), one row each in `datasets`. */
export type DatasetName = 'catalog' | 'finance' | 'blocklist';

/** The content hash that identifies a dataset file: the same bytes twice apply once. */
export function datasetHash(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** The hash of the dataset applied last, if any. */
export function appliedHash(db: Db, name: DatasetName): string | undefined {
  return db.prepare('SELECT hash FROM datasets WHERE name = ?').pluck().get(name) as string | undefined;
}

/** Records a dataset as applied; call it inside the transaction that applies its rows. */
export function recordDataset(db: Db, name: DatasetName, version: string, hash: string, now: number): void {
  db.prepare(
    `INSERT INTO datasets (name, version, hash, applied_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, hash = excluded.hash, applied_at = excluded.applied_at`,
  ).run(name, version, hash, now);
}
