import type { Heartbeat } from '../electron/contract/fleet.ts';
import { sqlState, type Queryable } from './db/database.ts';
import type { TokenUse, VerifiedToken } from './server/auth.ts';

/** Heartbeats older than this leave the history (the last one per kiosk stays). */
export const HEARTBEAT_HISTORY_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/** One heartbeat to keep, with the verified request token it came with (recorded in the same statement). */
export interface HeartbeatWrite {
  token: VerifiedToken;
  heartbeat: Heartbeat;
  receivedAt: number;
}

/**
 * Heartbeats in one statement (one round trip, one commit, atomic), each with its request token:
 * a token id is recorded only if its kiosk is enrolled, not revoked and still has the key the token
 * verified with, and only a heartbeat whose token id was fresh is kept: as its kiosk's latest (the
 * last one here per kiosk), in the history, with the update states it reports, and the version it
 * runs now. Resolves to each write's token use, in order; `fresh` means kept.
 *
 * The caller gives each (kiosk, token id) at most once (see HeartbeatBatcher).
 */
export async function recordHeartbeats(db: Queryable, writes: readonly HeartbeatWrite[]): Promise<TokenUse[]> {
  const rows = await db.query<{ n: number; known: boolean; revoked: boolean; same_key: boolean; fresh: boolean }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[], $5::bigint[], $6::jsonb[], $7::text[]) WITH ORDINALITY
         AS i (kiosk_id, public_key, jti, expires_at, received_at, heartbeat, app_version, n)
     ), checked AS (
       SELECT i.*, k.id IS NOT NULL AS known, k.revoked_at IS NOT NULL AS revoked, k.public_key IS NOT DISTINCT FROM i.public_key AS same_key
       FROM input i LEFT JOIN kiosks k ON k.id = i.kiosk_id
     ), used AS (
       INSERT INTO request_nonces (kiosk_id, jti, expires_at)
       SELECT kiosk_id, jti, expires_at FROM checked WHERE known AND same_key AND NOT revoked
       ON CONFLICT (kiosk_id, jti) DO NOTHING
       RETURNING kiosk_id, jti
     ), fresh AS (
       SELECT checked.* FROM checked JOIN used USING (kiosk_id, jti)
     ), last AS (
       SELECT DISTINCT ON (kiosk_id) * FROM fresh ORDER BY kiosk_id, n DESC
     ), latest AS (
       INSERT INTO kiosk_health (kiosk_id, received_at, heartbeat) SELECT kiosk_id, received_at, heartbeat FROM last
       ON CONFLICT (kiosk_id) DO UPDATE SET received_at = EXCLUDED.received_at, heartbeat = EXCLUDED.heartbeat
     ), history AS (
       INSERT INTO kiosk_heartbeats (kiosk_id, received_at, heartbeat) SELECT kiosk_id, received_at, heartbeat FROM fresh ORDER BY n
     ), updates AS (
       INSERT INTO kiosk_update_events (kiosk_id, version, state, reason, at)
       SELECT f.kiosk_id, e->>'version', e->>'state', e->>'reason', (e->>'at')::bigint
       FROM fresh f, jsonb_array_elements(f.heartbeat->'updates') WITH ORDINALITY AS u (e, m) ORDER BY f.n, u.m
     ), versions AS (
       UPDATE kiosks k SET app_version = last.app_version FROM last WHERE k.id = last.kiosk_id AND k.app_version IS DISTINCT FROM last.app_version
     )
     SELECT c.n, c.known, c.revoked, c.same_key, used.jti IS NOT NULL AS fresh FROM checked c LEFT JOIN used USING (kiosk_id, jti) ORDER BY c.n`,
    [
      writes.map((w) => w.token.kioskId),
      writes.map((w) => w.token.publicKey),
      writes.map((w) => w.token.jti),
      writes.map((w) => w.token.nonceExpiresAt),
      writes.map((w) => w.receivedAt),
      writes.map((w) => JSON.stringify(w.heartbeat)),
      writes.map((w) => w.heartbeat.appVersion),
    ],
  );
  return rows.map((r) => (!r.known ? 'unknown' : !r.same_key ? 'key-changed' : r.revoked ? 'revoked' : r.fresh ? 'fresh' : 'replayed'));
}

interface Pending {
  write: HeartbeatWrite;
  resolve: (use: TokenUse) => void;
  reject: (error: unknown) => void;
}

/**
 * A small group commit for heartbeats. A heartbeat that finds no statement of this process's in
 * flight is written at once, alone; the ones that arrive meanwhile wait for it and then go together
 * as one statement (`recordHeartbeats`): so an idle HQ adds no delay, and a busy one pays one round
 * trip and one commit for many heartbeats. Each caller's promise resolves only after the statement
 * holding its heartbeat committed (durably: synchronous_commit stays on), to its own token use.
 *
 * A statement that fails is rolled back whole, so nothing of it was kept: its heartbeats are then
 * written one by one, so one that cannot be stored fails alone. A failure that is not the
 * database's answer (a lost connection: the commit may or may not have happened) fails them all.
 * No timers: nothing to stop when the app closes (Fastify waits for requests in flight).
 *
 * One statement in flight per process and up to 200 heartbeats in one: in the ingest bench
 * (test/bench/fleet.bench.ts) 50 kiosks in flight made statements of 17 heartbeats on average, and
 * allowing two or four in flight made smaller ones and cost PostgreSQL more CPU per heartbeat.
 */
export class HeartbeatBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Queryable,
    options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Keeps `write` (once its statement committed) if its token was fresh; resolves to the token's use. */
  record(write: HeartbeatWrite): Promise<TokenUse> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    // A token id twice in one statement: the second is a replay (the database could not tell them apart).
    const seen = new Set<string>();
    const unique: Pending[] = [];
    for (const pending of batch) {
      const key = `${pending.write.token.kioskId}/${pending.write.token.jti}`;
      if (seen.has(key)) pending.resolve('replayed');
      else {
        seen.add(key);
        unique.push(pending);
      }
    }
    try {
      const uses = await recordHeartbeats(
        this.db,
        unique.map((p) => p.write),
      );
      unique.forEach((p, i) => p.resolve(uses[i]!));
    } catch (error) {
      if (unique.length === 1 || sqlState(error) === undefined) {
        for (const p of unique) p.reject(error);
        return;
      }
      await Promise.all(
        unique.map(async (p) => {
          try {
            p.resolve((await recordHeartbeats(this.db, [p.write]))[0]!);
          } catch (alone) {
            p.reject(alone);
          }
        }),
      );
    }
  }
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
