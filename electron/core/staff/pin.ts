import { scrypt, timingSafeEqual } from 'node:crypto';
import { PinHash } from '../../contract/staff.ts';

/**
 * PINs are checked against the roster's scrypt hashes (contract/staff.ts PinHash). scrypt is
 * memory-hard, so a copied roster is slow to brute-force even for 4-digit PINs at 50 ms a guess;
 * the lockout (five wrong PINs) is what stops guessing at the screen. HQ makes the hashes
 * (hq/staff.ts); the kiosk only checks them.
 */
function derivePinKey(pin: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, 32, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Whether `pin` is the one `pinHash` was made from. A malformed hash matches nothing. */
export async function verifyPin(pin: string, pinHash: string): Promise<boolean> {
  if (!PinHash.safeParse(pinHash).success) return false;
  const [, log2N, r, p, salt, hash] = pinHash.split('$') as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derivePinKey(pin, Buffer.from(salt, 'base64url'), Number(log2N), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A well-formed hash no PIN matches: checked for an unknown staff number, so it takes as long as a known one. */
export const DECOY_PIN_HASH = `scrypt$14$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`;
