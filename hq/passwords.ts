import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets HQ keeps only as scrypt hashes, `scrypt$log2N$r$p$salt$hash` (base64url): console
 * passwords here, staff PINs for the kiosks' rosters (staff.ts; the kiosk checks those itself).
 */
function derive(secret: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  return new Promise((resolve, reject) => scrypt(secret, salt, 32, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashSecret(secret: string, log2N: number, r = 8, p = 1): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, log2N, r, p);
  return `scrypt$${log2N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const HASH = /^scrypt\$(1[4-9]|20)\$([1-9]|1[0-6])\$([1-4])\$([\w-]{16,64})\$([\w-]{43,88})$/;

/** Whether `secret` is the one `hash` was made from; a malformed hash matches nothing. */
export async function verifySecret(secret: string, hash: string): Promise<boolean> {
  const match = HASH.exec(hash);
  if (!match) return false;
  const [, log2N, r, p, salt, stored] = match as unknown as [string, string, string, string, string, string];
  const expected = Buffer.from(stored, 'base64url');
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), Number(log2N), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
