import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
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

/**
 * Checks a kiosk request and returns the kiosk it came from: the token names the kiosk, verifies
 * with the key it enrolled with, and is bound to this route, method and the exact body bytes; a
 * revoked kiosk is told so; the token's id is then recorded, and a second use is REPLAYED. Every
 * piece of state is in the database (the INSERT's conflict is the replay check), so it holds
 * with any number of HQ processes.
 */
export class KioskAuth {
  private lastPurge = 0;

  constructor(
    private readonly db: HqDb,
    private readonly now: () => number,
  ) {}

  async authenticate(request: FastifyRequest, route: string, method: 'GET' | 'POST'): Promise<{ kioskId: string; storeId: string }> {
    const token = bearer(request);
    const issuer = unverifiedIssuer(token);
    if (issuer === undefined || !KioskId.safeParse(issuer).success) throw new HqHttpError(401, 'UNAUTHENTICATED', 'the token does not name a kiosk');
    const [kiosk] = await this.db.query<{ public_key: string; store_id: string; revoked_at: number | null }>(
      'SELECT public_key, store_id, revoked_at FROM kiosks WHERE id = $1',
      [issuer],
    );
    if (!kiosk) throw new HqHttpError(401, 'UNAUTHENTICATED', 'no kiosk is enrolled under this id');
    const now = this.now();
    const bodyHash = sha256Hex(request.rawBody ?? Buffer.alloc(0));
    const check = await verifyRequestToken(token, await importEd25519PublicKey(kiosk.public_key), { method, route, bodyHash }, now);
    if (!check.ok) {
      throw check.reason === 'CLOCK_SKEW'
        ? new HqHttpError(401, 'CLOCK_SKEW', check.message, { serverTime: now })
        : new HqHttpError(401, 'UNAUTHENTICATED', check.message);
    }
    if (kiosk.revoked_at !== null) throw new HqHttpError(401, 'KIOSK_REVOKED', 'store IT revoked this kiosk: offline approvals stop, cash sales go on');
    const fresh = await this.db.query(
      'INSERT INTO request_nonces (kiosk_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT (kiosk_id, jti) DO NOTHING RETURNING jti',
      // Past exp + the skew allowance the token fails as expired, so the id need not be kept longer.
      [issuer, check.claims.jti, (check.claims.exp + MAX_CLOCK_SKEW_S) * 1000],
    );
    if (fresh.length === 0) throw new HqHttpError(401, 'REPLAYED', 'this request token was used before: sign each request anew');
    this.purgeNow(now);
    return { kioskId: issuer, storeId: kiosk.store_id };
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
