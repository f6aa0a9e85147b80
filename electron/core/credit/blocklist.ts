import type { BlocklistDataset } from '../../contract/credit.ts';
import type { Db } from '../db/database.ts';

/**
 * Replaces the blocklist with a published one in one transaction (the same content twice is a
 * no-op). Entries are HMACs under the fleet identity key; the kiosk never sees the numbers.
 */
export function applyBlocklist(db: Db, dataset: BlocklistDataset, hash: string, now: number): { applied: boolean } {
  const current = db.prepare("SELECT hash FROM datasets WHERE name = 'blocklist'").pluck().get() as string | undefined;
  if (current === hash) return { applied: false };
  const insert = db.prepare('INSERT OR REPLACE INTO credit_blocklist (kind, hmac, reason, added_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM credit_blocklist').run();
    for (const e of dataset.entries) insert.run(e.kind, e.hmac, e.reason, now);
    db.prepare(
      `INSERT INTO datasets (name, version, hash, applied_at) VALUES ('blocklist', ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, hash = excluded.hash, applied_at = excluded.applied_at`,
    ).run(dataset.version, hash, now);
  }).immediate();
  return { applied: true };
}
