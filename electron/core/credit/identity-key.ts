import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** 32 bytes as 64 hex digits, on one line. */
const KEY_FILE = /^([0-9a-f]{64})\s*$/i;

/**
 * Keyed HMAC-SHA256 of resident ID and mobile numbers (DESIGN.md §4): what the kiosk stores and
 * matches instead of the numbers. The key is fleet-wide, issued by HQ, so a blocklist HQ publishes
 * matches at every kiosk; a kiosk that is not yet enrolled runs on the demo store's key.
 * Each kind is hashed under its own label so an ID can never match a phone entry.
 */
export class IdentityHasher {
  private constructor(
    private key: Buffer,
    private fleet: boolean,
  ) {}

  /** `fleet: false` for the demo store's key, which ships in the app: anyone could reverse its hashes. */
  static fromFile(file: string, options: { fleet: boolean } = { fleet: true }): IdentityHasher {
    const match = KEY_FILE.exec(readFileSync(file, 'utf8'));
    if (!match?.[1]) throw new Error(`${file} must hold the identity key as 64 hex digits`);
    return new IdentityHasher(Buffer.from(match[1], 'hex'), options.fleet);
  }

  static fromKey(key: Buffer): IdentityHasher {
    if (key.length !== 32) throw new Error('the identity key must be 32 bytes');
    return new IdentityHasher(Buffer.from(key), true);
  }

  /** Enrolment hands the kiosk the fleet key: hashes from now on match HQ's and every other store's. */
  useKey(key: Buffer): void {
    if (key.length !== 32) throw new Error('the identity key must be 32 bytes');
    this.key = Buffer.from(key);
    this.fleet = true;
  }

  /**
   * Whether hashes are under a secret fleet key and so may leave the kiosk (the outbox, HQ's
   * cross-store check). A hash under the demo key, which ships in every install, would let anyone
   * with the app recover an ID by trying the few hundred million valid numbers: it stays here.
   */
  get onFleetKey(): boolean {
    return this.fleet;
  }

  /** Takes a resident ID already checked by checkResidentId; the check character is hashed upper case. */
  residentId(id: string): string {
    return this.hmac('resident_id', id.toUpperCase());
  }

  /** Takes the 11-digit form from normaliseMobile, so every spelling of one number hashes alike. */
  mobile(normalised: string): string {
    return this.hmac('mobile', normalised);
  }

  private hmac(kind: string, value: string): string {
    return createHmac('sha256', this.key).update(`${kind}:${value}`).digest('hex');
  }
}
