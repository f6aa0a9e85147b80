import { uuidv7 } from 'uuidv7';
import type { StaffAction } from '../../contract/staff.ts';
import { auditHashInput, GENESIS_HASH, verifyAuditChain, type AuditBreak, type AuditEntry } from '../../domain/audit-chain.ts';
import type { Db } from '../db/database.ts';
import type { Emit } from '../db/outbox.ts';
import { sha256Hex } from '../sha256.ts';

type Detail = AuditEntry['detail'];

/**
 * The staff audit log: append-only (the table's triggers refuse changes), hash-chained
 * (domain/audit-chain.ts), each entry sent to HQ in the same transaction that writes it.
 */
export class StaffAudit {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      last: db.prepare('SELECT seq, hash FROM staff_audit ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO staff_audit (seq, id, at, staff_id, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      all: db.prepare('SELECT seq, id, at, staff_id AS staffId, action, detail, prev_hash AS prevHash, hash FROM staff_audit ORDER BY seq'),
    };
  }

  /** Appends an entry; call inside `writeWithOutbox`, with its `emit`, so the entry and its outbox row commit together. */
  record(emit: Emit, at: number, staffId: string, action: StaffAction, detail: Detail = {}): AuditEntry {
    const last = this.q.last.get() as { seq: number; hash: string } | undefined;
    const unsigned = { seq: (last?.seq ?? 0) + 1, id: uuidv7(), at, staffId, action, detail, prevHash: last?.hash ?? GENESIS_HASH };
    const entry: AuditEntry = { ...unsigned, hash: sha256Hex(auditHashInput(unsigned)) };
    this.q.insert.run(entry.seq, entry.id, entry.at, entry.staffId, entry.action, JSON.stringify(entry.detail), entry.prevHash, entry.hash);
    emit({ topic: 'staff.audit', aggregateId: entry.id, payload: entry });
    return entry;
  }

  entries(): AuditEntry[] {
    return (this.q.all.all() as Array<Omit<AuditEntry, 'detail'> & { detail: string }>).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Detail }));
  }

  /** Where the stored chain breaks, or null when it holds. */
  verify(): AuditBreak | null {
    return verifyAuditChain(this.entries(), sha256Hex);
  }
}
