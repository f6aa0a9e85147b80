import { createHash } from 'node:crypto';

/** SHA-256 in lowercase hex: how HQ names content (publications, request bodies, audit entries), as the kiosk does. */
export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
