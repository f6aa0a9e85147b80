import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { load } from 'js-yaml';
import { RINGS, type ReleaseFile, type Ring, type UpdateOffer } from '../electron/contract/fleet.ts';
import { compareVersions } from '../electron/domain/release.ts';
import { signRelease } from '../electron/domain/sync-signing.ts';
import type { HqDb, Queryable } from './db/database.ts';
import type { HqKeys } from './keys.ts';
import { sha256Hex } from './sha256.ts';

/**
 * Releases and their rollout through the rings (issue 12 item 1). HQ alone decides what each
 * kiosk runs next (`offerFor`): its pin, else the open rollout when it has reached the kiosk's
 * ring, else the last completed one. A rollout advances a ring after its bake time and halts by
 * itself when enough kiosks that took it failed (a failed install, a failed health gate, a crash
 * loop: the states kiosks report in their heartbeats). Shared by the HTTP API and the CLI.
 */

export const DEFAULT_BAKE_MS = 24 * 3_600_000;
export const DEFAULT_FAILURE_SHARE = 0.1;
export const DEFAULT_MIN_FAILURES = 2;
/** How long a feed URL handed to a kiosk works: long enough for a slow download on a store's line. */
const FEED_TOKEN_MS = 6 * 3_600_000;
const FEED_KEY = 'feed_token_key';

/** Failed states that are not the release's fault: another offer replaced it, or HQ withdrew it. */
const NOT_A_FAILURE = ['withdrawn', 'superseded%'];

export type RolloutState = 'running' | 'halted' | 'completed' | 'cancelled';

/**
 * The ring of a store HQ did not place by hand: 5 % of stores are `early`, the next 20 % `broad`
 * (so the rollout has reached a quarter of the chain after it), the rest `all`. Drawn from a hash
 * of the store id, so it is the same on every HQ process and every day.
 */
export function drawnRing(storeId: string): Ring {
  const bucket = Number.parseInt(sha256Hex(`ring:${storeId}`).slice(0, 8), 16) % 100;
  return bucket < 5 ? 'early' : bucket < 25 ? 'broad' : 'all';
}

/* ---------------------------------------------------------------- registry */

export type RegisterOutcome = { ok: true; version: string; registeredAt: number } | { ok: false; code: 'EXISTS'; message: string };

/** Registers a build and signs its manifest (without a pin: pins are signed per kiosk when offered). */
export async function registerRelease(
  db: HqDb,
  keys: HqKeys,
  release: { version: string; files: ReleaseFile[]; notes?: string | undefined },
  by: string,
  now: number,
): Promise<RegisterOutcome> {
  const manifest = await signRelease({ version: release.version, files: release.files, releasedAt: now }, keys.privateKey);
  const rows = await db.query(
    `INSERT INTO releases (version, files, notes, manifest, registered_at, registered_by) VALUES ($1, $2::jsonb, $3, $4, $5, $6)
     ON CONFLICT (version) DO NOTHING RETURNING version`,
    [release.version, JSON.stringify(release.files), release.notes ?? null, manifest, now, by],
  );
  // A version is one build for ever: a second build under the same number would split the fleet.
  if (rows.length === 0) return { ok: false, code: 'EXISTS', message: `release ${release.version} is registered already: give the new build a new version` };
  return { ok: true, version: release.version, registeredAt: now };
}

/**
 * A build as electron-builder describes it (its latest-linux.yml or latest.yml: version, files,
 * SHA-512, size), with the files' names made absolute against where store IT uploaded them.
 * Several files (Linux and Windows) of one version merge into one release.
 */
export function releaseFromUpdaterYaml(texts: readonly string[], baseUrl: string): { version: string; files: ReleaseFile[] } | { error: string } {
  let version: string | undefined;
  const files: ReleaseFile[] = [];
  for (const text of texts) {
    let doc: unknown;
    try {
      doc = load(text);
    } catch (error) {
      return { error: `not YAML: ${(error as Error).message.split('\n')[0]}` };
    }
    const info = doc as { version?: unknown; files?: Array<{ url?: unknown; sha512?: unknown; size?: unknown }> } | null;
    if (typeof info?.version !== 'string' || !Array.isArray(info.files)) return { error: 'not an electron-builder update file: it needs version and files' };
    if (version !== undefined && version !== info.version) return { error: `the files are of two versions, ${version} and ${info.version}` };
    version = info.version;
    for (const f of info.files) files.push({ url: new URL(String(f.url), baseUrl).toString(), sha512: String(f.sha512), size: Number(f.size) });
  }
  return version === undefined ? { error: 'no update file given' } : { version, files };
}

export interface ReleaseRow {
  version: string;
  files: ReleaseFile[];
  notes: string | null;
  registeredAt: number;
  registeredBy: string;
}

export async function listReleases(db: Queryable): Promise<ReleaseRow[]> {
  const rows = await db.query<ReleaseRow>(
    'SELECT version, files, notes, registered_at AS "registeredAt", registered_by AS "registeredBy" FROM releases ORDER BY registered_at DESC',
  );
  return rows.sort((a, b) => compareVersions(b.version, a.version));
}

/* ---------------------------------------------------------------- rollouts */

export interface RolloutRow {
  id: number;
  version: string;
  state: RolloutState;
  stage: number;
  ring: Ring;
  stageStartedAt: number;
  bakeMs: number;
  failureShare: number;
  minFailures: number;
  acceptedFailures: number;
  haltedReason: string | null;
  startedAt: number;
  startedBy: string;
  updatedAt: number;
}

const ROLLOUT_COLUMNS = `id, version, state, stage, stage_started_at AS "stageStartedAt", bake_ms AS "bakeMs", failure_share AS "failureShare",
  min_failures AS "minFailures", accepted_failures AS "acceptedFailures", halted_reason AS "haltedReason", started_at AS "startedAt", started_by AS "startedBy", updated_at AS "updatedAt"`;

const withRing = (row: Omit<RolloutRow, 'ring'>): RolloutRow => ({ ...row, id: Number(row.id), ring: RINGS[row.stage]! });

export type RolloutOutcome = { ok: true; rollout: RolloutRow } | { ok: false; code: 'NOT_FOUND' | 'CONFLICT'; message: string };

export async function startRollout(
  db: HqDb,
  input: { version: string; bakeMs?: number | undefined; failureShare?: number | undefined; minFailures?: number | undefined },
  by: string,
  now: number,
): Promise<RolloutOutcome> {
  return db.transaction(async (tx): Promise<RolloutOutcome> => {
    const [release] = await tx.query<{ version: string }>('SELECT version FROM releases WHERE version = $1', [input.version]);
    if (!release) return { ok: false, code: 'NOT_FOUND', message: `no release ${input.version}: register it first` };
    const [open] = await tx.query<{ id: number; version: string }>(`SELECT id, version FROM rollouts WHERE state IN ('running', 'halted') FOR UPDATE`);
    if (open) return { ok: false, code: 'CONFLICT', message: `rollout ${open.id} of ${open.version} is still open: complete or cancel it first` };
    const [baseline] = await tx.query<{ version: string }>(`SELECT version FROM rollouts WHERE state = 'completed' ORDER BY id DESC LIMIT 1`);
    if (baseline && compareVersions(input.version, baseline.version) <= 0) {
      return { ok: false, code: 'CONFLICT', message: `${input.version} is not newer than ${baseline.version}, which the fleet runs: to go back, pin kiosks or roll back` };
    }
    const [row] = await tx.query<Omit<RolloutRow, 'ring'>>(
      `INSERT INTO rollouts (version, state, stage, stage_started_at, bake_ms, failure_share, min_failures, started_at, started_by, updated_at)
       VALUES ($1, 'running', 0, $2, $3, $4, $5, $2, $6, $2) RETURNING ${ROLLOUT_COLUMNS}`,
      [input.version, now, input.bakeMs ?? DEFAULT_BAKE_MS, input.failureShare ?? DEFAULT_FAILURE_SHARE, input.minFailures ?? DEFAULT_MIN_FAILURES, by],
    );
    await event(tx, row!.id, now, 'started', 0, null, by);
    return { ok: true, rollout: withRing(row!) };
  });
}

export async function listRollouts(db: Queryable, limit = 50): Promise<RolloutRow[]> {
  const rows = await db.query<Omit<RolloutRow, 'ring'>>(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map(withRing);
}

export type RolloutAction = 'halt' | 'resume' | 'advance' | 'cancel';

/**
 * Store IT's hand on a rollout. `resume` accepts the failures seen so far (they do not halt it
 * again at once) and bakes the current ring anew; `advance` skips the rest of the bake time.
 */
export async function actOnRollout(db: HqDb, id: number, action: RolloutAction, by: string, now: number, reason?: string): Promise<RolloutOutcome> {
  return db.transaction(async (tx): Promise<RolloutOutcome> => {
    const [row] = await tx.query<Omit<RolloutRow, 'ring'>>(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) return { ok: false, code: 'NOT_FOUND', message: `no rollout ${id}` };
    const allowed: Record<RolloutAction, RolloutState[]> = { halt: ['running'], resume: ['halted'], advance: ['running'], cancel: ['running', 'halted'] };
    if (!allowed[action].includes(row.state)) return { ok: false, code: 'CONFLICT', message: `rollout ${id} is ${row.state}: it cannot ${action}` };
    let updated: Omit<RolloutRow, 'ring'>;
    switch (action) {
      case 'halt':
        updated = await setRollout(tx, id, { state: 'halted', halted_reason: reason ?? `halted by ${by}` }, now);
        break;
      case 'resume': {
        const { failed } = await failures(tx, row);
        updated = await setRollout(tx, id, { state: 'running', halted_reason: null, stage_started_at: now, accepted_failures: failed }, now);
        break;
      }
      case 'advance':
        updated = await advance(tx, row, now);
        break;
      case 'cancel':
        updated = await setRollout(tx, id, { state: 'cancelled' }, now);
        break;
    }
    const past = { halt: 'halted', resume: 'resumed', cancel: 'cancelled', advance: eventOfAdvance(updated) }[action];
    await event(tx, id, now, past, updated.stage, reason ?? null, by);
    return { ok: true, rollout: withRing(updated) };
  });
}

const eventOfAdvance = (row: { state: RolloutState }) => (row.state === 'completed' ? 'completed' : 'advanced');

/**
 * Moves every running rollout on (HQ calls it every half minute, and tests with their own clock):
 * halts it when its failures pass the threshold, else advances it once the ring has baked. One
 * transaction with the rollout row locked, so any number of HQ processes may call it at once.
 */
export async function driveRollouts(db: HqDb, now: number): Promise<RolloutRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<Omit<RolloutRow, 'ring'>>(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE state = 'running' FOR UPDATE`);
    if (!row) return null;
    const { failed, took, reasons } = await failures(tx, row);
    const counted = failed - row.acceptedFailures;
    if (counted >= row.minFailures && counted / Math.max(took, 1) >= row.failureShare) {
      const why = `${failed} of ${took} kiosks that took ${row.version} failed (${reasons.join(', ')})`;
      const halted = await setRollout(tx, row.id, { state: 'halted', halted_reason: why }, now);
      await event(tx, row.id, now, 'auto_halted', row.stage, why, 'hq');
      return withRing(halted);
    }
    if (now - row.stageStartedAt < row.bakeMs) return withRing(row);
    const next = await advance(tx, row, now);
    await event(tx, row.id, now, eventOfAdvance(next), next.stage, `baked ${Math.round((now - row.stageStartedAt) / 60_000)} min in ${RINGS[row.stage]}`, 'hq');
    return withRing(next);
  });
}

async function advance(tx: Queryable, row: Omit<RolloutRow, 'ring'>, now: number): Promise<Omit<RolloutRow, 'ring'>> {
  if (row.stage >= RINGS.length - 1) return setRollout(tx, row.id, { state: 'completed' }, now);
  return setRollout(tx, row.id, { stage: row.stage + 1, stage_started_at: now }, now);
}

async function setRollout(tx: Queryable, id: number, change: Record<string, unknown>, now: number): Promise<Omit<RolloutRow, 'ring'>> {
  const entries = Object.entries(change);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`).join(', ');
  const [row] = await tx.query<Omit<RolloutRow, 'ring'>>(`UPDATE rollouts SET updated_at = $2, ${sets} WHERE id = $1 RETURNING ${ROLLOUT_COLUMNS}`, [
    id,
    now,
    ...entries.map(([, value]) => value),
  ]);
  return row!;
}

async function event(tx: Queryable, id: number, at: number, name: string, stage: number, detail: string | null, by: string): Promise<void> {
  await tx.query('INSERT INTO rollout_events (rollout_id, at, event, stage, detail, by_whom) VALUES ($1, $2, $3, $4, $5, $6)', [id, at, name, stage, detail, by]);
}

/** Kiosks that reported the rollout's version since it started: how many took it, how many of those failed, and why. */
async function failures(tx: Queryable, row: { version: string; startedAt: number }): Promise<{ took: number; failed: number; reasons: string[] }> {
  const [counts] = await tx.query<{ took: number; failed: number; reasons: string[] | null }>(
    `WITH e AS (
       SELECT kiosk_id, state, reason,
              state = 'reverted' OR (state = 'failed' AND NOT (coalesce(reason, '') LIKE ANY ($3::text[]))) AS bad
       FROM kiosk_update_events WHERE version = $1 AND at >= $2 AND state <> 'refused'
     )
     SELECT count(DISTINCT kiosk_id)::int AS took, count(DISTINCT kiosk_id) FILTER (WHERE bad)::int AS failed,
            array_agg(DISTINCT coalesce(reason, state)) FILTER (WHERE bad) AS reasons
     FROM e`,
    [row.version, row.startedAt, NOT_A_FAILURE],
  );
  return { took: counts?.took ?? 0, failed: counts?.failed ?? 0, reasons: counts?.reasons ?? [] };
}

export interface RolloutTimelineEntry {
  at: number;
  event: string;
  ring: Ring;
  detail: string | null;
  by: string;
}

export async function rolloutTimeline(db: Queryable, id: number): Promise<RolloutTimelineEntry[]> {
  const rows = await db.query<{ at: number; event: string; stage: number; detail: string | null; by: string }>(
    'SELECT at, event, stage, detail, by_whom AS by FROM rollout_events WHERE rollout_id = $1 ORDER BY id',
    [id],
  );
  return rows.map(({ stage, ...rest }) => ({ ...rest, ring: RINGS[stage]! }));
}

export interface RingProgress {
  ring: Ring;
  kiosks: number;
  /** Kiosks whose last heartbeat says they run the rollout's version. */
  onVersion: number;
  failed: number;
}

/** Where a rollout stands ring by ring (store IT's status view and the console's). */
export async function rolloutProgress(db: Queryable, rollout: { version: string; startedAt: number }): Promise<RingProgress[]> {
  const kiosks = await db.query<{ id: string; storeId: string; ring: Ring | null; appVersion: string }>(
    `SELECT k.id, k.store_id AS "storeId", sr.ring, k.app_version AS "appVersion"
     FROM kiosks k LEFT JOIN store_rings sr ON sr.store_id = k.store_id WHERE k.revoked_at IS NULL`,
  );
  const failedKiosks = new Set(
    (
      await db.query<{ kioskId: string }>(
        `SELECT DISTINCT kiosk_id AS "kioskId" FROM kiosk_update_events
         WHERE version = $1 AND at >= $2 AND (state = 'reverted' OR (state = 'failed' AND NOT (coalesce(reason, '') LIKE ANY ($3::text[]))))`,
        [rollout.version, rollout.startedAt, NOT_A_FAILURE],
      )
    ).map((r) => r.kioskId),
  );
  const progress = new Map<Ring, RingProgress>(RINGS.map((ring) => [ring, { ring, kiosks: 0, onVersion: 0, failed: 0 }]));
  for (const kiosk of kiosks) {
    const entry = progress.get(kiosk.ring ?? drawnRing(kiosk.storeId))!;
    entry.kiosks++;
    if (kiosk.appVersion === rollout.version) entry.onVersion++;
    if (failedKiosks.has(kiosk.id)) entry.failed++;
  }
  return [...progress.values()];
}

/* ---------------------------------------------------------------- rings, pins, holds */

/** Places a store in a ring by hand (lab, canary …), or back in the one HQ draws for it (null). */
export async function setStoreRing(db: Queryable, storeId: string, ring: Ring | null, now: number): Promise<boolean> {
  const [store] = await db.query('SELECT id FROM stores WHERE id = $1', [storeId]);
  if (!store) return false;
  if (ring === null) await db.query('DELETE FROM store_rings WHERE store_id = $1', [storeId]);
  else await db.query('INSERT INTO store_rings (store_id, ring, set_at) VALUES ($1, $2, $3) ON CONFLICT (store_id) DO UPDATE SET ring = $2, set_at = $3', [storeId, ring, now]);
  return true;
}

export type PinOutcome = { ok: true } | { ok: false; code: 'NOT_FOUND'; message: string };

/** Pins a kiosk to a release (older ones too: the kiosk installs a downgrade only with such a pin), or unpins it (null). */
export async function pinKiosk(db: Queryable, kioskId: string, version: string | null): Promise<PinOutcome> {
  if (version !== null) {
    const [release] = await db.query('SELECT version FROM releases WHERE version = $1', [version]);
    if (!release) return { ok: false, code: 'NOT_FOUND', message: `no release ${version}` };
  }
  const rows = await db.query('UPDATE kiosks SET pinned_version = $2 WHERE id = $1 RETURNING id', [kioskId, version]);
  return rows.length > 0 ? { ok: true } : { ok: false, code: 'NOT_FOUND', message: `no kiosk ${kioskId}` };
}

/** Holds a kiosk where it is (nothing is offered to it) or lets it follow its ring again. */
export async function holdKiosk(db: Queryable, kioskId: string, held: boolean): Promise<boolean> {
  const rows = await db.query('UPDATE kiosks SET updates_held = $2 WHERE id = $1 RETURNING id', [kioskId, held]);
  return rows.length > 0;
}

/**
 * Rolls a rollout back, even a completed one: cancels it (so the fleet's baseline is the release
 * before it again) and pins every kiosk that runs its version to that release, which those kiosks
 * then install as a signed downgrade. Returns how many kiosks were pinned.
 */
export async function rollBack(db: HqDb, id: number, by: string, now: number): Promise<{ ok: true; pinned: number; to: string } | { ok: false; code: 'NOT_FOUND' | 'CONFLICT'; message: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<Omit<RolloutRow, 'ring'>>(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) return { ok: false as const, code: 'NOT_FOUND' as const, message: `no rollout ${id}` };
    const [previous] = await tx.query<{ version: string }>(`SELECT version FROM rollouts WHERE state = 'completed' AND id < $1 ORDER BY id DESC LIMIT 1`, [id]);
    if (!previous) return { ok: false as const, code: 'CONFLICT' as const, message: `no release completed before rollout ${id}: pin kiosks by hand` };
    // A completed one too: the fleet's baseline goes back to the release before it.
    if (row.state !== 'cancelled') await setRollout(tx, id, { state: 'cancelled' }, now);
    const pinned = await tx.query('UPDATE kiosks SET pinned_version = $2 WHERE app_version = $1 AND revoked_at IS NULL RETURNING id', [row.version, previous.version]);
    await event(tx, id, now, 'rolled_back', row.stage, `${pinned.length} kiosks pinned to ${previous.version}`, by);
    return { ok: true as const, pinned: pinned.length, to: previous.version };
  });
}

/* ---------------------------------------------------------------- what a kiosk gets */

/**
 * What HQ decides this kiosk runs next: nothing while it is held; its pin (signed for it alone,
 * which is what lets it go back); else the open rollout once it has reached the kiosk's ring
 * (nothing from a halted one), else the last completed release; and only when newer than what it
 * runs. The feed URL (relative to HQ) serves electron-updater this release and no other.
 */
export async function offerFor(
  db: HqDb,
  keys: HqKeys,
  kioskId: string,
  appVersion: string,
  now: number,
): Promise<{ offer: UpdateOffer | null; ring: Ring }> {
  const [kiosk] = await db.query<{ storeId: string; ring: Ring | null; pinned: string | null; held: boolean }>(
    `SELECT k.store_id AS "storeId", sr.ring, k.pinned_version AS pinned, k.updates_held AS held
     FROM kiosks k LEFT JOIN store_rings sr ON sr.store_id = k.store_id WHERE k.id = $1`,
    [kioskId],
  );
  if (!kiosk) throw new Error(`no kiosk ${kioskId}`);
  const ring = kiosk.ring ?? drawnRing(kiosk.storeId);
  if (kiosk.held) return { offer: null, ring };
  if (kiosk.pinned !== null) {
    if (kiosk.pinned === appVersion) return { offer: null, ring };
    const [release] = await db.query<{ files: ReleaseFile[]; registeredAt: number }>('SELECT files, registered_at AS "registeredAt" FROM releases WHERE version = $1', [kiosk.pinned]);
    const manifest = await signRelease({ version: kiosk.pinned, files: release!.files, releasedAt: release!.registeredAt, pinnedFor: kioskId }, keys.privateKey);
    return { offer: { version: kiosk.pinned, manifest, feedUrl: await feedUrl(db, kioskId, kiosk.pinned, now) }, ring };
  }
  const [target] = await db.query<{ version: string; manifest: string }>(
    `SELECT r.version, r.manifest FROM rollouts o JOIN releases r ON r.version = o.version
     WHERE (o.state = 'running' AND o.stage >= $1) OR o.state = 'completed'
     ORDER BY (o.state = 'running') DESC, o.id DESC LIMIT 1`,
    [RINGS.indexOf(ring)],
  );
  if (!target || compareVersions(target.version, appVersion) <= 0) return { offer: null, ring };
  return { offer: { version: target.version, manifest: target.manifest, feedUrl: await feedUrl(db, kioskId, target.version, now) }, ring };
}

/* ---------------------------------------------------------------- electron-updater's feed */

const FEED_ROUTE = 'v1/fleet/feed';

async function feedKey(db: Queryable): Promise<Buffer> {
  await db.query('INSERT INTO hq_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [FEED_KEY, randomBytes(32).toString('hex')]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM hq_settings WHERE key = $1', [FEED_KEY]);
  return Buffer.from(row!.value, 'hex');
}

/**
 * electron-updater fetches `<feed>/latest-linux.yml` (or `latest.yml` on Windows) with plain GETs
 * it cannot sign per request, so the feed URL carries its own proof: the kiosk, the release and an
 * expiry under HQ's feed key. It names one release, so a leaked URL offers nothing else.
 */
async function feedUrl(db: Queryable, kioskId: string, version: string, now: number): Promise<string> {
  // Compact (kiosk id bytes, expiry in seconds, version) so the path stays under Fastify's parameter limit.
  const expiry = Buffer.alloc(4);
  expiry.writeUInt32BE(Math.floor((now + FEED_TOKEN_MS) / 1000));
  const claims = Buffer.concat([Buffer.from(kioskId.replaceAll('-', ''), 'hex'), expiry, Buffer.from(version, 'utf8')]).toString('base64url');
  return `${FEED_ROUTE}/${claims}.${await feedMac(db, claims)}/`;
}

const feedMac = async (db: Queryable, claims: string) => createHmac('sha256', await feedKey(db)).update(claims).digest().subarray(0, 16).toString('base64url');

export type FeedOutcome = { ok: true; yaml: string } | { ok: false; status: 401 | 404; message: string };

/** The `latest*.yml` a feed URL stands for, or why not (an expired or forged token, a platform without files). */
export async function feedFile(db: Queryable, token: string, file: string, now: number): Promise<FeedOutcome> {
  const [claims = '', mac = ''] = token.split('.', 2);
  const given = Buffer.from(mac, 'base64url');
  const expected = Buffer.from(await feedMac(db, claims), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 401, message: 'the feed token is not one HQ issued' };
  const bytes = Buffer.from(claims, 'base64url');
  const expiresAt = bytes.readUInt32BE(16) * 1000;
  const version = bytes.subarray(20).toString('utf8');
  if (expiresAt < now) return { ok: false, status: 401, message: 'the feed token has expired: the kiosk asks HQ again' };
  const windows = file === 'latest.yml';
  if (!windows && !/^latest-linux(-arm64)?\.yml$/.test(file)) return { ok: false, status: 404, message: `no feed file ${file}` };
  const [release] = await db.query<{ files: ReleaseFile[]; registeredAt: number }>('SELECT files, registered_at AS "registeredAt" FROM releases WHERE version = $1', [version]);
  const files = (release?.files ?? []).filter((f) => f.url.toLowerCase().endsWith('.exe') === windows);
  if (!release || files.length === 0) return { ok: false, status: 404, message: `release ${version} has no ${windows ? 'Windows' : 'Linux'} build` };
  return { ok: true, yaml: updaterYaml(version, files, release.registeredAt) };
}

/** electron-updater's UpdateInfo as YAML; strings are written as JSON strings, which YAML reads as they are. */
function updaterYaml(version: string, files: ReleaseFile[], releasedAt: number): string {
  const q = JSON.stringify;
  const lines = [`version: ${q(version)}`, 'files:'];
  for (const f of files) lines.push(`  - url: ${q(f.url)}`, `    sha512: ${q(f.sha512)}`, `    size: ${f.size}`);
  lines.push(`path: ${q(files[0]!.url)}`, `sha512: ${q(files[0]!.sha512)}`, `releaseDate: ${q(new Date(releasedAt).toISOString())}`);
  return `${lines.join('\n')}\n`;
}
