import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { StaffPin } from '../electron/contract/staff.ts';

const scryptAsync = promisify(scrypt) as (pin: string, salt: Buffer, length: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/** Today's scrypt parameters for a staff PIN: N = 2^14, r = 8, p = 1 (16 MiB, about 50 ms). */
const LOG2_N = 14;
const R = 8;
const P = 1;

/**
 * A staff PIN as the roster carries it (contract/staff.ts PinHash): HQ hashes, the kiosk checks
 * (electron/core/staff/pin.ts), a PIN itself is never published or stored.
 */
export async function hashPin(pin: string): Promise<string> {
  if (!StaffPin.safeParse(pin).success) throw new Error('a PIN is 4 to 8 digits');
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt, 32, { N: 2 ** LOG2_N, r: R, p: P, maxmem: 256 * 2 ** LOG2_N * R });
  return `scrypt$${LOG2_N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}
