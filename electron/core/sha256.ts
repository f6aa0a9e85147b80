import { createHash } from 'node:crypto';

/** SHA-256 in lowercase hex: how the kiosk names content (datasets, outbox payloads, contracts) and HQ checks it. */
export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
