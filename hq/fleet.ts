import { randomBytes, randomInt } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { SILENT_AFTER_MS, type Ring } from '../electron/contract/fleet.ts';
import { ENROLMENT_ALPHABET, type EnrolRequest } from '../electron/contract/sync.ts';
import { forgetRegionSums } from './figures/figures.ts';
import { drawnRing } from './releases.ts';
import type { HqDb, Queryable } from './db/database.ts';
import { sha256Hex } from './sha256.ts';

/**
 * Kiosks and how they join and leave the fleet. Shared by the HTTP API and the CLI, which acts on
 * the database directly (so store IT can enrol and revoke with HQ stopped).
 */

export const DEFAULT_CODE_TTL_HOURS = 24;
const IDENTITY_KEY = 'identity_hmac_key';

export const hashCode = (code: string) => sha256Hex(code.trim().toUpperCase());

/** Three groups of four from the look-alike-free alphabet: 31^12 ≈ 2^59 codes, each used once, within a day. */
export function newEnrolmentCode(): string {
  const group = () => Array.from({ length: 4 }, () => ENROLMENT_ALPHABET[randomInt(ENROLMENT_ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

async function ensureStore(q: Queryable, storeId: string, now: number): Promise<void> {
  await q.query('INSERT INTO stores (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [storeId, now]);
}

/** A store's region, for the regional figures; the store is created when HQ does not know it yet. */
export async function setStoreRegion(db: HqDb, storeId: string, region: string | null, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.query<{ region: string | null }>('SELECT region FROM stores WHERE id = $1 FOR UPDATE', [storeId]);
    await tx.query('INSERT INTO stores (id, created_at, region) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET region = excluded.region', [storeId, now, region]);
    await forgetRegionSums(tx, [before?.region ?? null, region]);
  });
}

export async function createEnrolmentCode(db: HqDb, storeId: string, ttlHours: number, now: number): Promise<{ code: string; expiresAt: number }> {
  const code = newEnrolmentCode();
  const expiresAt = now + ttlHours * 3_600_000;
  await db.transaction(async (tx) => {
    await ensureStore(tx, storeId, now);
    await tx.query('INSERT INTO enrolment_codes (code_hash, store_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [hashCode(code), storeId, now, expiresAt]);
  });
  return { code, expiresAt };
}

/**
 * The fleet identity HMAC key: generated once per HQ database. Every process may try at once;
 * the first insert wins and everyone reads the winner.
 */
export async function identityKey(db: Queryable): Promise<string> {
  await db.query('INSERT INTO hq_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [IDENTITY_KEY, randomBytes(32).toString('hex')]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM hq_settings WHERE key = $1', [IDENTITY_KEY]);
  return row!.value;
}

export type EnrolOutcome = { ok: true; kioskId: string; storeId: string } | { ok: false; message: string };

/**
 * Uses a code and records the kiosk, atomically: the UPDATE claims the code only while it is
 * unused and unexpired, and its row lock makes a second kiosk racing with the same code wait,
 * then find it used. Nothing is written when the code is refused.
 */
export async function enrol(db: HqDb, request: EnrolRequest, now: number): Promise<EnrolOutcome> {
  const codeHash = hashCode(request.code);
  const kioskId = uuidv7();
  return db.transaction(async (tx): Promise<EnrolOutcome> => {
    const [claimed] = await tx.query<{ store_id: string }>(
      'UPDATE enrolment_codes SET used_at = $2, used_by_kiosk = $3 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING store_id',
      [codeHash, now, kioskId],
    );
    if (!claimed) {
      const [code] = await tx.query<{ used_at: number | null }>('SELECT used_at FROM enrolment_codes WHERE code_hash = $1', [codeHash]);
      const why = !code ? 'is not one HQ issued' : code.used_at !== null ? 'was already used' : 'has expired';
      return { ok: false, message: `the enrolment code ${why}: ask store IT for a new one` };
    }
    await tx.query('INSERT INTO kiosks (id, store_id, public_key, label, app_version, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      kioskId,
      claimed.store_id,
      request.publicKey,
      request.label ?? null,
      request.appVersion,
      now,
    ]);
    return { ok: true, kioskId, storeId: claimed.store_id };
  });
}

export interface KioskRow {
  id: string;
  storeId: string;
  label: string | null;
  appVersion: string;
  enrolledAt: number;
  revokedAt: number | null;
  revokeReason: string | null;
  nextSeq: number;
  lastPushAt: number | null;
  lastPullAt: number | null;
  lastHeartbeatAt: number | null;
  /** No heartbeat for SILENT_AFTER_MS (or never one). */
  silent: boolean;
  lastFrameAt: number | null;
  camera: string | null;
  syncPending: number | null;
  /** The store's ring for rollouts: placed by hand, else drawn from its id. */
  ring: Ring;
  /** A version store IT pinned this kiosk to, and whether its updates are held. */
  pinnedVersion: string | null;
  updatesHeld: boolean;
}

const KIOSK_COLUMNS = `k.id, k.store_id AS "storeId", k.label, k.app_version AS "appVersion", k.enrolled_at AS "enrolledAt", k.revoked_at AS "revokedAt",
            k.revoke_reason AS "revokeReason", k.next_seq AS "nextSeq", k.last_push_at AS "lastPushAt", k.last_pull_at AS "lastPullAt",
            h.received_at AS "lastHeartbeatAt", (h.received_at IS NULL OR h.received_at < $2) AS silent,
            (h.heartbeat->>'lastFrameAt')::bigint AS "lastFrameAt", h.heartbeat->>'camera' AS camera,
            (h.heartbeat->'sync'->>'pending')::integer AS "syncPending",
            sr.ring, k.pinned_version AS "pinnedVersion", k.updates_held AS "updatesHeld"
     FROM kiosks k LEFT JOIN kiosk_health h ON h.kiosk_id = k.id LEFT JOIN store_rings sr ON sr.store_id = k.store_id
     WHERE $1::text IS NULL OR k.store_id = $1`;

const withRing = (rows: (Omit<KioskRow, 'ring'> & { ring: Ring | null })[]): KioskRow[] => rows.map((r) => ({ ...r, ring: r.ring ?? drawnRing(r.storeId) }));

export async function listKiosks(db: Queryable, now: number, storeId?: string): Promise<KioskRow[]> {
  return withRing(await db.query(`SELECT ${KIOSK_COLUMNS} ORDER BY k.store_id, k.enrolled_at`, [storeId ?? null, now - SILENT_AFTER_MS]));
}

/**
 * The first `first` kiosks in the order the console opens its fleet page in (silent, then online,
 * then revoked; ties by store, label, id as JavaScript compares strings, hence COLLATE "C"), and how
 * many there are in all: a screenful the console paints while the whole list is still on its way.
 */
export async function listKioskHead(db: Queryable, now: number, first: number, storeId?: string): Promise<{ kiosks: KioskRow[]; total: number }> {
  const params = [storeId ?? null, now - SILENT_AFTER_MS];
  const [rows, [count]] = await Promise.all([
    db.query<Omit<KioskRow, 'ring'> & { ring: Ring | null }>(
      `SELECT ${KIOSK_COLUMNS}
       ORDER BY CASE WHEN k.revoked_at IS NOT NULL THEN 2 WHEN h.received_at IS NULL OR h.received_at < $2 THEN 0 ELSE 1 END,
                k.store_id COLLATE "C", COALESCE(k.label, '') COLLATE "C", k.id::text COLLATE "C"
       LIMIT $3`,
      [...params, first],
    ),
    db.query<{ total: number }>('SELECT count(*)::integer AS total FROM kiosks k WHERE $1::text IS NULL OR k.store_id = $1', [params[0]]),
  ]);
  return { kiosks: withRing(rows), total: count?.total ?? 0 };
}

/** Revokes a kiosk (again: the first revocation's time stays). False when there is no such kiosk. */
export async function revokeKiosk(db: Queryable, kioskId: string, reason: string, now: number): Promise<boolean> {
  const rows = await db.query('UPDATE kiosks SET revoked_at = COALESCE(revoked_at, $2), revoke_reason = $3 WHERE id = $1 RETURNING id', [kioskId, now, reason]);
  return rows.length > 0;
}

export interface RefusalRow {
  kioskId: string;
  storeId: string;
  dataset: string;
  version: number;
  reason: string;
  at: number;
}

/** Publications kiosks refused, newest first: tampering and replays show up here for HQ staff. */
export async function listRefusals(db: Queryable, limit = 200): Promise<RefusalRow[]> {
  return db.query<RefusalRow>(
    `SELECT r.kiosk_id AS "kioskId", k.store_id AS "storeId", r.dataset, r.version, r.reason, r.at
     FROM hq_publication_refusals r JOIN kiosks k ON k.id = r.kiosk_id ORDER BY r.at DESC LIMIT $1`,
    [limit],
  );
}
