import type { Heartbeat } from '../electron/contract/fleet.ts';
import type { Queryable } from './db/database.ts';

/** Heartbeats older than this leave the history (the last one per kiosk stays). */
export const HEARTBEAT_HISTORY_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * A kiosk's heartbeat in one statement (one round trip, atomic): the last one per kiosk, the
 * history, the update states it reports, and the version it runs now.
 */
export async function recordHeartbeat(db: Queryable, kioskId: string, heartbeat: Heartbeat, receivedAt: number): Promise<void> {
  const body = JSON.stringify(heartbeat);
  await db.query(
    `WITH latest AS (
       INSERT INTO kiosk_health (kiosk_id, received_at, heartbeat) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (kiosk_id) DO UPDATE SET received_at = EXCLUDED.received_at, heartbeat = EXCLUDED.heartbeat
     ), history AS (
       INSERT INTO kiosk_heartbeats (kiosk_id, received_at, heartbeat) VALUES ($1, $2, $3::jsonb)
     ), updates AS (
       INSERT INTO kiosk_update_events (kiosk_id, version, state, reason, at)
       SELECT $1, e->>'version', e->>'state', e->>'reason', (e->>'at')::bigint FROM jsonb_array_elements($3::jsonb->'updates') e
     )
     UPDATE kiosks SET app_version = $4 WHERE id = $1 AND app_version IS DISTINCT FROM $4`,
    [kioskId, receivedAt, body, heartbeat.appVersion],
  );
}

/** Drops history past HEARTBEAT_HISTORY_MS, at most every ten minutes per process (no timer to own). */
export class HeartbeatPruner {
  private last = 0;

  constructor(private readonly db: Queryable) {}

  maybePrune(now: number): void {
    if (now - this.last < PRUNE_EVERY_MS) return;
    this.last = now;
    this.db.query('DELETE FROM kiosk_heartbeats WHERE received_at < $1', [now - HEARTBEAT_HISTORY_MS]).catch(() => undefined);
  }
}

/** A kiosk's heartbeats from `since`, oldest first (its page charts them). */
export async function heartbeatHistory(db: Queryable, kioskId: string, since: number): Promise<Array<{ receivedAt: number; heartbeat: Heartbeat }>> {
  return db.query<{ receivedAt: number; heartbeat: Heartbeat }>(
    'SELECT received_at AS "receivedAt", heartbeat FROM kiosk_heartbeats WHERE kiosk_id = $1 AND received_at >= $2 ORDER BY received_at',
    [kioskId, since],
  );
}
