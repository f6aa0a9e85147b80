import { join } from 'node:path';

/** The web host the end-to-end tests drive: its own port and a data folder wiped per run. */
export const E2E_PORT = Number(process.env.KIOSK_E2E_PORT ?? 4791);
export const E2E_DATA_DIR = join(import.meta.dirname, '..', '..', '.kiosk-data', 'e2e');

/**
 * A second host whose HQ is unreachable (port 9 is closed here), so the offline credit rules
 * apply: what a store sees when its line to head office is down.
 */
export const E2E_OFFLINE_PORT = Number(process.env.KIOSK_E2E_OFFLINE_PORT ?? 4792);
export const E2E_OFFLINE_DATA_DIR = join(import.meta.dirname, '..', '..', '.kiosk-data', 'e2e-offline');
export const UNREACHABLE_HQ = 'http://127.0.0.1:9/';
/** A kiosk that talks to HQ needs a fleet key; the demo one keeps the demo blocklist matching. */
export const DEMO_IDENTITY_KEY = join(import.meta.dirname, '..', '..', 'resources', 'credit', 'demo-identity.key');
