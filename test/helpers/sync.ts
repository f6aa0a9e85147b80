/** What the sync tests (and credit tests that run with HQ configured) share. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { importPKCS8, type CryptoKey } from 'jose';
import type { Publication, PublicationClaims } from '../../electron/contract/sync.ts';
import { signPublication } from '../../electron/domain/sync-signing.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const KIOSK_ID = '01937c00-0000-7000-8000-0000000000aa';
export const STORE = 'S001';

/** A generated HQ publication key pair (real Ed25519). */
export async function hqKeys(): Promise<{ publicKey: string; privateKey: CryptoKey }> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ format: 'jwk' }).x!,
    privateKey: await importPKCS8(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'EdDSA'),
  };
}

/** A publication signed by `hq` the way HQ signs one. */
export async function publish(
  hq: { privateKey: CryptoKey },
  dataset: PublicationClaims['dataset'],
  version: number,
  body: string,
  claims: Partial<Omit<PublicationClaims, 'dataset' | 'version' | 'contentHash'>> = {},
): Promise<Publication> {
  const signed: PublicationClaims = { dataset, version, scope: claims.scope ?? 'all', publishedAt: claims.publishedAt ?? 1_000, effectiveAt: claims.effectiveAt ?? 1_000, contentHash: sha256(body) };
  return { ...signed, body, signature: await signPublication(signed, hq.privateKey) };
}

/**
 * Records an enrolment in the kiosk's own tables (as `enrol` does after HQ answered) and, unless
 * told otherwise, a blocklist and a model HQ confirmed at `confirmedAt`: a kiosk in good standing.
 */
export function enrolled(k: KioskCore, o: { at: number; hqPublicKey?: string; hqUrl?: string; confirmedAt?: number | null }): void {
  k.sync.store.saveEnrolment({ kioskId: KIOSK_ID, storeId: STORE, hqUrl: o.hqUrl ?? 'http://127.0.0.1:9/', hqPublicKey: o.hqPublicKey ?? 'A'.repeat(43), label: null, enrolledAt: o.at });
  if (o.confirmedAt === null) return;
  const confirmedAt = o.confirmedAt ?? o.at;
  for (const [i, dataset] of ['blocklist', 'decision_models'].entries()) {
    k.sync.store.saveCursor({ dataset, version: i + 1, contentHash: sha256(dataset), publishedAt: confirmedAt, effectiveAt: confirmedAt, appliedAt: confirmedAt, confirmedAt });
  }
}
