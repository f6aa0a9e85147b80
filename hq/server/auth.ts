import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CryptoKey } from 'jose';
import { KioskId, MAX_CLOCK_SKEW_S } from '../../electron/contract/sync.ts';
import { importEd25519PublicKey, unverifiedIssuer, verifyRequestToken } from '../../electron/domain/sync-signing.ts';
import type { HqDb } from '../db/database.ts';
import { sha256Hex } from '../sha256.ts';
import { HqHttpError } from './http.ts';


function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new HqHttpError(401, 'UNAUTHENTICATED', 'Authorization: Bearer <token> is required');
  return match[1]!;
}

/** How often (at most) a process sweeps used token ids that can no longer be replayed. */
const PURGE_EVERY_MS = 60_000;
/** Imported kiosk keys a process keeps (a fleet's worth); past it the oldest entry goes. */
const MAX_CACHED_KEYS = 20_000;

/**
 * A request token that verified with the kiosk's key, bound to this route, method and body, not
 * yet recorded as used: `consume` (or a statement that records it with its own write, as the
 * heartbeat's does) decides whether it is fresh and the kiosk still allowed.
 */
export interface VerifiedToken {
  kioskId: string;
  jti: string;
  /** Past this the token fails as expired, so its id need not be kept longer (epoch ms). */
  nonceExpiresAt: number;
  /** The public key it verified with: the recording statement checks it is still the kiosk's. */
  publicKey: string;
}

/**
 * What the database said when a verified token's id was recorded (`fresh`), or why it was not:
 * the id was used before, the kiosk is revoked or no longer enrolled, or its stored key is not the
 * one the token verified with (a key this process cached before the kiosk's key changed).
 */
export type TokenUse = 'fresh' | 'replayed' | 'revoked' | 'unknown' | 'key-changed';

interface CachedKey {
  publicKey: string;
  key: Promise<CryptoKey>;
}

/**
 * Checks a kiosk request and returns the kiosk it came from: the token names the kiosk, verifies
 * with the key it enrolled with, and is bound to this route, method and the exact body bytes; a
 * revoked kiosk is told so; the token's id is then recorded, and a second use is REPLAYED.
 *
 * Every decision is the database's, so it holds with any number of HQ processes: one statement
 * reads the kiosk's row and records the token id (the INSERT's conflict is the replay check), and
 * records it only if the kiosk is enrolled, not revoked, and its stored key is the one the token
 * verified with. The process keeps only imported public keys (importing one costs more than a
 * round trip), and a cached key never decides alone: a revocation refuses the kiosk's very next
 * request (the bound is the commit of the revocation, not a cache lifetime), and a key that
 * changed in the database is noticed by that statement (refused, and the entry dropped) or, for a
 * token signed with the new key, by reading the key again before refusing.
 */
export class KioskAuth {
  private lastPurge = 0;
  private readonly keys = new Map<string, CachedKey>();

  constructor(
    private readonly db: HqDb,
    private readonly now: () => number,
  ) {}

  /** Verifies the request and records its token id: the kiosk, or an HqHttpError. */
  async authenticate(request: FastifyRequest, route: string, method: 'GET' | 'POST'): Promise<{ kioskId: string; storeId: string }> {
    const token = await this.verify(request, route, method);
    const { use, storeId } = await this.consume(token);
    this.settle(token, use);
    return { kioskId: token.kioskId, storeId: storeId! };
  }

  /**
   * The token's signature, claims and binding to this request, against the kiosk's key; nothing
   * is recorded yet (see `consume`). Refusals are UNAUTHENTICATED or CLOCK_SKEW.
   */
  async verify(request: FastifyRequest, route: string, method: 'GET' | 'POST'): Promise<VerifiedToken> {
    const token = bearer(request);
    const issuer = unverifiedIssuer(token);
    if (issuer === undefined || !KioskId.safeParse(issuer).success) throw new HqHttpError(401, 'UNAUTHENTICATED', 'the token does not name a kiosk');
    const now = this.now();
    const expected = { method, route, bodyHash: sha256Hex(request.rawBody ?? Buffer.alloc(0)) };
    let kiosk = this.keys.get(issuer);
    const cached = kiosk !== undefined;
    kiosk ??= await this.readKey(issuer);
    let check = await verifyRequestToken(token, await kiosk.key, expected, now);
    if (!check.ok && check.reason === 'UNAUTHENTICATED' && cached) {
      // The cached key may be one the kiosk no longer has: read it again before refusing.
      const stored = await this.readKey(issuer);
      if (stored.publicKey !== kiosk.publicKey) {
        kiosk = stored;
        check = await verifyRequestToken(token, await kiosk.key, expected, now);
      }
    }
    if (!check.ok) {
      throw check.reason === 'CLOCK_SKEW'
        ? new HqHttpError(401, 'CLOCK_SKEW', check.message, { serverTime: now })
        : new HqHttpError(401, 'UNAUTHENTICATED', check.message);
    }
    this.purgeNow(now);
    // Past exp + the skew allowance the token fails as expired, so the id need not be kept longer.
    return { kioskId: issuer, jti: check.claims.jti, nonceExpiresAt: (check.claims.exp + MAX_CLOCK_SKEW_S) * 1000, publicKey: kiosk.publicKey };
  }

  /** Records a verified token's id in one statement that also reads whether the kiosk may still call. */
  async consume(token: VerifiedToken): Promise<{ use: TokenUse; storeId?: string }> {
    const [row] = await this.db.query<{ store_id: string; revoked: boolean; same_key: boolean; fresh: boolean }>(
      `WITH kiosk AS (
         SELECT store_id, revoked_at IS NOT NULL AS revoked, public_key = $4::text AS same_key FROM kiosks WHERE id = $1::uuid
       ), used AS (
         INSERT INTO request_nonces (kiosk_id, jti, expires_at)
         SELECT $1::uuid, $2::uuid, $3::bigint FROM kiosk WHERE same_key AND NOT revoked
         ON CONFLICT (kiosk_id, jti) DO NOTHING RETURNING jti
       )
       SELECT store_id, revoked, same_key, EXISTS (SELECT 1 FROM used) AS fresh FROM kiosk`,
      [token.kioskId, token.jti, token.nonceExpiresAt, token.publicKey],
    );
    const use: TokenUse = !row ? 'unknown' : !row.same_key ? 'key-changed' : row.revoked ? 'revoked' : row.fresh ? 'fresh' : 'replayed';
    return { use, storeId: row?.store_id };
  }

  /** Refuses the request unless its token was `fresh` (as REPLAYED, KIOSK_REVOKED or UNAUTHENTICATED). */
  settle(token: VerifiedToken, use: TokenUse): void {
    switch (use) {
      case 'fresh':
        return;
      case 'replayed':
        throw new HqHttpError(401, 'REPLAYED', 'this request token was used before: sign each request anew');
      case 'revoked':
        throw new HqHttpError(401, 'KIOSK_REVOKED', 'store IT revoked this kiosk: offline approvals stop, cash sales go on');
      case 'unknown':
        this.keys.delete(token.kioskId);
        throw new HqHttpError(401, 'UNAUTHENTICATED', 'no kiosk is enrolled under this id');
      case 'key-changed':
        this.keys.delete(token.kioskId);
        throw new HqHttpError(401, 'UNAUTHENTICATED', 'token does not verify with the kiosk’s current key');
    }
  }

  /** The kiosk's stored key, imported and cached; UNAUTHENTICATED when no kiosk has this id. */
  private async readKey(kioskId: string): Promise<CachedKey> {
    const [row] = await this.db.query<{ public_key: string }>('SELECT public_key FROM kiosks WHERE id = $1', [kioskId]);
    if (!row) {
      this.keys.delete(kioskId);
      throw new HqHttpError(401, 'UNAUTHENTICATED', 'no kiosk is enrolled under this id');
    }
    const entry: CachedKey = { publicKey: row.public_key, key: importEd25519PublicKey(row.public_key) };
    entry.key.catch(() => {
      if (this.keys.get(kioskId) === entry) this.keys.delete(kioskId);
    });
    this.keys.delete(kioskId);
    if (this.keys.size >= MAX_CACHED_KEYS) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(kioskId, entry);
    return entry;
  }

  /** Opportunistic: no timer to own, and a failed sweep only leaves rows for the next one. */
  private purgeNow(now: number): void {
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    this.db.query('DELETE FROM request_nonces WHERE expires_at < $1', [now]).catch(() => undefined);
  }
}

/** The admin bearer token, compared in constant time (as digests, so lengths leak nothing either). */
export function checkAdmin(request: FastifyRequest, adminToken: string): void {
  const given = sha256Hex(bearer(request));
  if (!timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(sha256Hex(adminToken), 'hex'))) {
    throw new HqHttpError(401, 'UNAUTHENTICATED', 'the admin token is not HQ_ADMIN_TOKEN');
  }
}
