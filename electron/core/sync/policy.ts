import type { SyncStatus } from '../../contract/sync.ts';
import type { DatasetDocuments } from '../db/documents.ts';
import { offlinePolicy } from './fleet-config.ts';
import type { SyncStore } from './sync-store.ts';

export type OfflineBlock = NonNullable<SyncStatus['offlineApprovalBlocked']>;
export type OfflineApproval = { allowed: true } | { allowed: false; reason: OfflineBlock };

const HOUR = 3_600_000;

/**
 * Whether the kiosk may approve credit while HQ is unreachable (DESIGN.md §5, §7): fail closed.
 * Standalone (no HQ) it may, as always. With HQ it may not when it is not enrolled, was revoked,
 * or its blocklist or decision model was last confirmed with HQ longer ago than HQ's policy
 * allows (a copy HQ never confirmed — the demo seed — counts as stale).
 */
export function offlineApproval(d: { standalone: boolean; store: SyncStore; documents: DatasetDocuments; now: number }): OfflineApproval {
  if (d.standalone) return { allowed: true };
  if (!d.store.enrolment()) return { allowed: false, reason: 'NOT_ENROLLED' };
  if (d.store.state().revokedAt !== null) return { allowed: false, reason: 'REVOKED' };
  const policy = offlinePolicy(d.documents);
  const cursors = new Map(d.store.cursors().map((c) => [c.dataset, c.confirmedAt]));
  const fresh = (dataset: string, hours: number) => {
    const confirmedAt = cursors.get(dataset);
    return confirmedAt !== undefined && d.now - confirmedAt <= hours * HOUR;
  };
  if (!fresh('blocklist', policy.maxBlocklistAgeHours)) return { allowed: false, reason: 'BLOCKLIST_STALE' };
  if (!fresh('decision_models', policy.maxModelAgeHours)) return { allowed: false, reason: 'MODEL_STALE' };
  return { allowed: true };
}
