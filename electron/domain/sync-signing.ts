import { CompactSign, compactVerify, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { ReleaseClaims } from '../contract/fleet.ts';
import { CommandClaims } from '../contract/fleet-commands.ts';
import { PublicationClaims, RequestClaims, TOKEN_AUDIENCE, TOKEN_LIFETIME_S, MAX_CLOCK_SKEW_S, type Publication } from '../contract/sync.ts';

/**
 * The signatures of the sync protocol (DESIGN.md §7, §8), one implementation for both ends:
 * HQ signs publications and release manifests and verifies request tokens; the kiosk signs request
 * tokens and verifies publications and releases. Ed25519 through jose (WebCrypto), so nothing here needs Node.
 */

/**
 * What HQ signs with its key, each under its own JWS `typ`, so one kind's signature is never
 * another's (a publication's is not a release's nor a command's).
 */
const TYPES = { publication: 'kiosk-publication+jws', release: 'kiosk-release+jws', command: 'kiosk-command+jws' } as const;
type Signed = keyof typeof TYPES;

interface ClaimsSchema<T> {
  parse(value: unknown): T;
}

function signTyped<T>(type: Signed, schema: ClaimsSchema<T>, claims: T, hqKey: CryptoKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(schema.parse(claims))))
    .setProtectedHeader({ alg: 'EdDSA', typ: TYPES[type] })
    .sign(hqKey);
}

/** The signed payload (parsed JSON) if `jws` is of this type and the key verifies it; null otherwise. */
async function verifiedPayload(type: Signed, jws: string, hqKey: CryptoKey): Promise<unknown> {
  try {
    if (decodeProtectedHeader(jws).typ !== TYPES[type]) return null;
    const { payload } = await compactVerify(jws, hqKey, { algorithms: ['EdDSA'] });
    return JSON.parse(new TextDecoder().decode(payload)) as unknown;
  } catch {
    return null;
  }
}

/** An Ed25519 public key from its base64url `x` (the form the protocol carries). */
export function importEd25519PublicKey(x: string): Promise<CryptoKey> {
  return importJWK({ kty: 'OKP', crv: 'Ed25519', x }, 'EdDSA') as Promise<CryptoKey>;
}

export function signPublication(claims: PublicationClaims, hqKey: CryptoKey): Promise<string> {
  return signTyped('publication', PublicationClaims, claims, hqKey);
}

export type PublicationCheck =
  | { ok: true }
  | { ok: false; reason: 'SIGNATURE_INVALID' | 'CLAIMS_MISMATCH' | 'CONTENT_HASH_MISMATCH' };

/**
 * Whether a publication is HQ's and intact: the signature verifies with the pinned key, the signed
 * claims are the envelope's, and `bodyHash` (SHA-256 hex of the body, computed by the caller) is
 * the signed content hash. Anything else is refused; the reason names which check failed.
 */
export async function verifyPublication(publication: Publication, hqKey: CryptoKey, bodyHash: string): Promise<PublicationCheck> {
  const signed = await verifiedPayload('publication', publication.signature, hqKey);
  if (signed === null) return { ok: false, reason: 'SIGNATURE_INVALID' };
  const claims = PublicationClaims.safeParse(signed);
  if (!claims.success) return { ok: false, reason: 'CLAIMS_MISMATCH' };
  const c = claims.data;
  const p = publication;
  if (c.dataset !== p.dataset || c.version !== p.version || c.scope !== p.scope || c.publishedAt !== p.publishedAt || c.effectiveAt !== p.effectiveAt || c.contentHash !== p.contentHash) {
    return { ok: false, reason: 'CLAIMS_MISMATCH' };
  }
  if (bodyHash !== c.contentHash) return { ok: false, reason: 'CONTENT_HASH_MISMATCH' };
  return { ok: true };
}

export function signRelease(claims: ReleaseClaims, hqKey: CryptoKey): Promise<string> {
  return signTyped('release', ReleaseClaims, claims, hqKey);
}

/** A release manifest's claims, if HQ's pinned key signed it as a release. */
export async function verifyRelease(manifest: string, hqKey: CryptoKey): Promise<ReleaseClaims | null> {
  const claims = ReleaseClaims.safeParse(await verifiedPayload('release', manifest, hqKey));
  return claims.success ? claims.data : null;
}

/** A remote command for one kiosk (issue 12 item 4), signed with HQ's key. */
export function signCommand(claims: CommandClaims, hqKey: CryptoKey): Promise<string> {
  return signTyped('command', CommandClaims, claims, hqKey);
}

/**
 * A command's claims, if HQ's pinned key signed them as a command. Whom it is for, its expiry and
 * whether it ran before are the kiosk's checks: they need its identity, clock and storage.
 */
export async function verifyCommand(command: string, hqKey: CryptoKey): Promise<CommandClaims | null> {
  const claims = CommandClaims.safeParse(await verifiedPayload('command', command, hqKey));
  return claims.success ? claims.data : null;
}

/** A request token for one call: bound to the method, route and body hash, used once. */
export async function signRequestToken(
  request: { kioskId: string; method: 'GET' | 'POST'; route: string; bodyHash: string; jti: string },
  nowMs: number,
  kioskKey: CryptoKey,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ htm: request.method, htu: request.route, bh: request.bodyHash })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(request.kioskId)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_LIFETIME_S)
    .setJti(request.jti)
    .sign(kioskKey);
}

/** The kiosk a token claims to come from, read before its key is known (never trusted alone). */
export function unverifiedIssuer(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

export type TokenCheck =
  | { ok: true; claims: RequestClaims }
  | { ok: false; reason: 'UNAUTHENTICATED' | 'CLOCK_SKEW'; message: string };

/**
 * Verifies a request token against the kiosk's key and this request. A token issued too far
 * from HQ's clock is CLOCK_SKEW (the kiosk can tell store IT its clock is off); every other
 * failure is UNAUTHENTICATED. Replay (the `jti` seen before) is the caller's check: it needs storage.
 */
export async function verifyRequestToken(
  token: string,
  kioskKey: CryptoKey,
  expected: { method: 'GET' | 'POST'; route: string; bodyHash: string },
  nowMs: number,
): Promise<TokenCheck> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, kioskKey, {
      algorithms: ['EdDSA'],
      audience: TOKEN_AUDIENCE,
      currentDate: new Date(nowMs),
      // Expiry and issue time are checked below against the skew allowance, with a clear reason.
      clockTolerance: Number.MAX_SAFE_INTEGER,
    }));
  } catch (error) {
    return { ok: false, reason: 'UNAUTHENTICATED', message: `token does not verify: ${(error as Error).message}` };
  }
  const claims = RequestClaims.safeParse(payload);
  if (!claims.success) return { ok: false, reason: 'UNAUTHENTICATED', message: 'token claims are incomplete' };
  const c = claims.data;
  const now = Math.floor(nowMs / 1000);
  if (c.exp - c.iat > TOKEN_LIFETIME_S || c.exp <= c.iat) return { ok: false, reason: 'UNAUTHENTICATED', message: 'token lifetime is not allowed' };
  if (Math.abs(c.iat - now) > MAX_CLOCK_SKEW_S) {
    return { ok: false, reason: 'CLOCK_SKEW', message: `the kiosk clock is ${Math.round((c.iat - now) / 60)} minutes off HQ's` };
  }
  if (c.exp + MAX_CLOCK_SKEW_S < now) return { ok: false, reason: 'UNAUTHENTICATED', message: 'token expired' };
  if (c.htm !== expected.method || c.htu !== expected.route || c.bh !== expected.bodyHash) {
    return { ok: false, reason: 'UNAUTHENTICATED', message: 'token was issued for another request' };
  }
  return { ok: true, claims: c };
}
