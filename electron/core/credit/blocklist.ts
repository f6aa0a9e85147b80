import type { BlocklistDataset } from '../../contract/credit.ts';
import type { Db } from '../db/database.ts';
import { appliedHash, recordDataset } from '../db/datasets.ts';

/**
 * Replaces the blocklist with a published one in one transaction (the same content twice is a
 * no-op). Entries are HMACs under the fleet identity key; the kiosk never sees the numbers.
 */
export function applyBlocklist(db: Db, dataset: BlocklistDataset, hash: string, now: number): { applied: boolean } {
  if (appliedHash(db, 'blocklist') === hash) return { applied: false };
  const insert = db.prepare('INSERT OR REPLACE INTO credit_blocklist (kind, hmac, reason, added_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM credit_blocklist').run();
    for (const e of dataset.entries) insert.run(e.kind, e.hmac, e.reason, now);
    recordDataset(db, 'blocklist', dataset.version, hash, now);
  }).immediate();
  return { applied: true };
}
