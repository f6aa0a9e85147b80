import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { importPKCS8 } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Publication } from '../../../electron/contract/sync.ts';
import { importEd25519PublicKey, signPublication, signRequestToken, unverifiedIssuer, verifyPublication, verifyRequestToken } from '../../../electron/domain/sync-signing.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { x, privateKey: await importPKCS8(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'EdDSA'), publicKey: await importEd25519PublicKey(x) };
}

async function publication(hq: Awaited<ReturnType<typeof keyPair>>, body = '{"version":"v1"}'): Promise<Publication> {
  const claims = { dataset: 'catalog' as const, version: 7, scope: 'S001', publishedAt: 1_000, effectiveAt: 1_000, contentHash: sha256(body) };
  return { ...claims, body, signature: await signPublication(claims, hq.privateKey) };
}

describe('publication signatures', () => {
  it('verify with the pinned key and refuse a tampered body, changed claims or another key', async () => {
    const hq = await keyPair();
    const good = await publication(hq);
    expect(await verifyPublication(good, hq.publicKey, sha256(good.body))).toEqual({ ok: true });

    const tampered = { ...good, body: '{"version":"v2"}' };
    expect(await verifyPublication(tampered, hq.publicKey, sha256(tampered.body))).toEqual({ ok: false, reason: 'CONTENT_HASH_MISMATCH' });
    // An older version replayed under a newer number: the signed claims say otherwise.
    expect(await verifyPublication({ ...good, version: 8 }, hq.publicKey, sha256(good.body))).toEqual({ ok: false, reason: 'CLAIMS_MISMATCH' });
    expect(await verifyPublication({ ...good, scope: 'all' }, hq.publicKey, sha256(good.body))).toEqual({ ok: false, reason: 'CLAIMS_MISMATCH' });

    const impostor = await keyPair();
    expect(await verifyPublication(await publication(impostor), hq.publicKey, sha256(good.body))).toEqual({ ok: false, reason: 'SIGNATURE_INVALID' });
    expect(await verifyPublication({ ...good, signature: 'not.a.jws' }, hq.publicKey, sha256(good.body))).toEqual({ ok: false, reason: 'SIGNATURE_INVALID' });
  });
});

describe('request tokens', () => {
  const now = Date.UTC(2026, 11, 2, 8);
  const request = { method: 'POST' as const, route: 'v1/sync/push', bodyHash: sha256('{"items":[]}') };

  it('bind one request and name the clock when it is off', async () => {
    const kiosk = await keyPair();
    const kioskId = '01937c00-0000-7000-8000-000000000001';
    const token = await signRequestToken({ kioskId, ...request, jti: randomUUID() }, now, kiosk.privateKey);
    expect(unverifiedIssuer(token)).toBe(kioskId);

    const verified = await verifyRequestToken(token, kiosk.publicKey, request, now + 1_000);
    expect(verified.ok && verified.claims.iss).toBe(kioskId);

    expect(await verifyRequestToken(token, kiosk.publicKey, { ...request, bodyHash: sha256('{"items":[1]}') }, now)).toMatchObject({ ok: false, reason: 'UNAUTHENTICATED' });
    expect(await verifyRequestToken(token, kiosk.publicKey, { ...request, route: 'v1/sync/pull' }, now)).toMatchObject({ ok: false, reason: 'UNAUTHENTICATED' });
    expect(await verifyRequestToken(token, (await keyPair()).publicKey, request, now)).toMatchObject({ ok: false, reason: 'UNAUTHENTICATED' });

    const skewed = await verifyRequestToken(token, kiosk.publicKey, request, now + 3 * 3_600_000);
    expect(skewed).toMatchObject({ ok: false, reason: 'CLOCK_SKEW' });
    expect(!skewed.ok && skewed.message).toContain('-180 minutes');
  });
});
