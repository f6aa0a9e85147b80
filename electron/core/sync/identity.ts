import { generateKeyPairSync, createPrivateKey, createPublicKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPKCS8, type CryptoKey } from 'jose';

/**
 * Keeps secrets at rest. The web host's vault is the file itself (mode 0600 in the data folder);
 * Electron's main passes one backed by safeStorage (the OS keychain / DPAPI), so a copied data
 * folder does not carry a usable key.
 */
export interface KeyVault {
  seal(bytes: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

/** The web host's vault: no wrapping; the protection is the file's 0600 mode. */
export const plainFileVault: KeyVault = {
  seal: (bytes) => Buffer.from(bytes),
  open: (sealed) => Buffer.from(sealed),
};

export const IDENTITY_DIR = 'identity';
const PRIVATE_KEY_FILE = 'kiosk-key.sealed';
const FLEET_KEY_FILE = 'fleet-identity-key.sealed';

/** The kiosk's signing identity as the HQ client needs it. */
export interface SigningKey {
  /** The public key as the protocol carries it (base64url of the 32 raw bytes). */
  readonly publicKey: string;
  readonly privateKey: CryptoKey;
}

/** A fresh Ed25519 key pair, made at enrolment; the private key as PKCS#8 DER (never logged). */
export function newKeyPair(): { publicKey: string; pkcs8: Buffer } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  if (!x) throw new Error('Ed25519 public key without x');
  return { publicKey: x, pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }) };
}

/**
 * The kiosk's secrets on disk: its private key and the fleet identity HMAC key HQ issued, each
 * sealed by the vault and written with mode 0600 (write to a temporary file, then rename, so a
 * crash leaves the old file or the new one, never half of one).
 */
export class IdentityFiles {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly vault: KeyVault,
  ) {
    this.dir = join(dataDir, IDENTITY_DIR);
  }

  get privateKeyFile(): string {
    return join(this.dir, PRIVATE_KEY_FILE);
  }

  get fleetKeyFile(): string {
    return join(this.dir, FLEET_KEY_FILE);
  }

  hasPrivateKey(): boolean {
    return existsSync(this.privateKeyFile);
  }

  save(pkcs8: Buffer, fleetKey: Buffer): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeSecret(this.privateKeyFile, this.vault.seal(pkcs8));
    writeSecret(this.fleetKeyFile, this.vault.seal(fleetKey));
  }

  /** Forgets the kiosk's keys (re-enrolment replaces them). */
  remove(): void {
    rmSync(this.privateKeyFile, { force: true });
    rmSync(this.fleetKeyFile, { force: true });
  }

  /** The signing key; throws naming the file when it is missing or does not open. */
  async signingKey(): Promise<SigningKey> {
    const pkcs8 = this.vault.open(readFileSync(this.privateKeyFile));
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${this.privateKeyFile} does not hold an Ed25519 key`);
    const x = createPublicKey(key).export({ format: 'jwk' }).x;
    if (!x) throw new Error(`${this.privateKeyFile}: no public key`);
    const pem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
    return { publicKey: x, privateKey: await importPKCS8(pem, 'EdDSA') };
  }

  /** The fleet identity HMAC key (32 bytes), or undefined before enrolment. */
  fleetKey(): Buffer | undefined {
    if (!existsSync(this.fleetKeyFile)) return undefined;
    const key = this.vault.open(readFileSync(this.fleetKeyFile));
    if (key.length !== 32) throw new Error(`${this.fleetKeyFile} does not hold a 32-byte key`);
    return key;
  }
}

/** Writes a secret file readable by this user only (0600), whole or not at all. */
export function writeSecret(file: string, bytes: Buffer): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, bytes, { mode: 0o600 });
  chmodSync(temporary, 0o600); // a leftover temporary file keeps its old mode through writeFileSync
  renameSync(temporary, file);
}
