import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { importPKCS8, type CryptoKey } from 'jose';
import { importEd25519PublicKey } from '../electron/domain/sync-signing.ts';

/** HQ's Ed25519 publication key pair. Kiosks pin `publicKeyX` and refuse anything it did not sign. */
export interface HqKeys {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public key's 32 raw bytes in base64url (the protocol's form). */
  readonly publicKeyX: string;
}

export const SIGNING_KEY_FILE = 'hq-signing-key.pem';

async function fromKeyObject(privateKey: KeyObject): Promise<HqKeys> {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`HQ's signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKeyX = createPublicKey(privateKey).export({ format: 'jwk' }).x;
  if (!publicKeyX) throw new Error('cannot read the public half of the signing key');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { privateKey: await importPKCS8(pem, 'EdDSA'), publicKey: await importEd25519PublicKey(publicKeyX), publicKeyX };
}

/** A fresh key pair that lives only in memory (tests). */
export function generateHqKeys(): Promise<HqKeys> {
  return fromKeyObject(generateKeyPairSync('ed25519').privateKey);
}

/**
 * The key pair from `keyFile` (HQ_SIGNING_KEY_FILE: several HQ processes share one key that way),
 * else from the data folder, generated there on first start. The private key file is written
 * 0600: anyone who reads it can publish to every kiosk of the chain.
 */
export async function loadOrCreateHqKeys(dataDir: string, keyFile?: string): Promise<{ keys: HqKeys; created: boolean }> {
  const file = keyFile ?? join(dataDir, SIGNING_KEY_FILE);
  if (existsSync(file)) {
    let key: KeyObject;
    try {
      key = createPrivateKey(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read HQ's signing key ${file}: ${(error as Error).message}`, { cause: error });
    }
    return { keys: await fromKeyObject(key), created: false };
  }
  if (keyFile !== undefined) throw new Error(`HQ_SIGNING_KEY_FILE ${keyFile} does not exist`);
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true });
  // `wx`: two processes starting together on one data folder never overwrite each other's key.
  try {
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateHqKeys(dataDir, keyFile);
    throw error;
  }
  chmodSync(file, 0o600);
  return { keys: await fromKeyObject(privateKey), created: true };
}
