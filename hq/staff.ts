import { StaffPin } from '../electron/contract/staff.ts';
import { hashSecret } from './passwords.ts';

/** Today's scrypt parameters for a staff PIN: N = 2^14, r = 8, p = 1 (16 MiB, about 50 ms). */
const LOG2_N = 14;

/**
 * A staff PIN as the roster carries it (contract/staff.ts PinHash): HQ hashes, the kiosk checks
 * (electron/core/staff/pin.ts), a PIN itself is never published or stored.
 */
export async function hashPin(pin: string): Promise<string> {
  if (!StaffPin.safeParse(pin).success) throw new Error('a PIN is 4 to 8 digits');
  return hashSecret(pin, LOG2_N);
}
