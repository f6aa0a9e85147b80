import { verifyAuditChain, type AuditBreak, type AuditEntry } from '../electron/domain/audit-chain.ts';
import type { Queryable } from './db/database.ts';
import { sha256Hex } from './sha256.ts';

export interface ChainCheck {
  kioskId: string;
  storeId: string;
  entries: number;
  /** Where the kiosk's chain stops holding, or null when every entry checks out. */
  broken: AuditBreak | null;
}

/**
 * Checks each kiosk's staff audit log as HQ received it (DESIGN.md §4, issue 11): every entry's
 * hash over its content and the entry before. An entry changed or removed on the kiosk before it
 * was sent, or in HQ's table afterwards, shows as the first place the chain breaks.
 */
export async function checkStaffAudit(db: Queryable, kioskId?: string): Promise<ChainCheck[]> {
  const rows = await db.query<{ kiosk_id: string; store_id: string; seq: string; entry_id: string; at: string; staff_id: string; action: string; detail: AuditEntry['detail']; prev_hash: string; hash: string }>(
    `SELECT a.kiosk_id, k.store_id, a.seq, a.entry_id, a.at, a.staff_id, a.action, a.detail, a.prev_hash, a.hash
       FROM hq_staff_audit a JOIN kiosks k ON k.id = a.kiosk_id
      WHERE ($1::uuid IS NULL OR a.kiosk_id = $1)
      ORDER BY a.kiosk_id, a.seq`,
    [kioskId ?? null],
  );
  const byKiosk = new Map<string, { storeId: string; entries: AuditEntry[] }>();
  for (const r of rows) {
    let kiosk = byKiosk.get(r.kiosk_id);
    if (!kiosk) byKiosk.set(r.kiosk_id, (kiosk = { storeId: r.store_id, entries: [] }));
    kiosk.entries.push({ seq: Number(r.seq), id: r.entry_id, at: Number(r.at), staffId: r.staff_id, action: r.action, detail: r.detail, prevHash: r.prev_hash, hash: r.hash });
  }
  return [...byKiosk].map(([id, k]) => ({ kioskId: id, storeId: k.storeId, entries: k.entries.length, broken: verifyAuditChain(k.entries, sha256Hex) }));
}
