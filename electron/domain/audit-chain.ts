/**
 * The staff audit log is a hash chain: each entry's hash covers its own fields and the hash of the
 * entry before it, so changing or deleting an entry anywhere breaks every hash after it. Kiosk and
 * HQ check it the same way; the hash function is theirs (node:crypto), the rule is this.
 */
export interface AuditEntry {
  seq: number;
  id: string;
  at: number;
  staffId: string;
  action: string;
  /** A flat JSON object; never a PIN, an ID number or a phone number. */
  detail: Record<string, string | number | boolean | null>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The text an entry's hash is taken over: fixed field order, detail keys sorted. */
export function auditHashInput(entry: Omit<AuditEntry, 'hash'>): string {
  const detail = Object.fromEntries(Object.entries(entry.detail).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify([entry.prevHash, entry.seq, entry.id, entry.at, entry.staffId, entry.action, detail]);
}

export type AuditBreak = { seq: number; problem: 'HASH_MISMATCH' | 'CHAIN_BROKEN' | 'SEQ_GAP' };

/**
 * The first place the chain does not hold, or null: an entry whose hash is not its content's
 * (changed), whose `prevHash` is not the entry before it (one removed or inserted), or a gap in `seq`.
 * `from`: the hash the first entry must follow (the genesis hash for a whole log).
 */
export function verifyAuditChain(entries: readonly AuditEntry[], sha256Hex: (text: string) => string, from = { seq: 0, hash: GENESIS_HASH }): AuditBreak | null {
  let prev = from;
  for (const entry of entries) {
    if (entry.seq !== prev.seq + 1) return { seq: entry.seq, problem: 'SEQ_GAP' };
    if (entry.prevHash !== prev.hash) return { seq: entry.seq, problem: 'CHAIN_BROKEN' };
    if (sha256Hex(auditHashInput(entry)) !== entry.hash) return { seq: entry.seq, problem: 'HASH_MISMATCH' };
    prev = entry;
  }
  return null;
}
