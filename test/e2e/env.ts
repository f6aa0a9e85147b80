import { join } from 'node:path';

/** Where each end-to-end test's kiosk keeps its data: one folder per test, wiped before it starts. */
export const E2E_DATA_ROOT = join(import.meta.dirname, '..', '..', '.kiosk-data', 'e2e');
/** The built web host every test starts its own copy of. */
export const HOST_ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'host', 'host.mjs');

/** An HQ that never answers (port 9 is closed here): the offline credit rules apply. */
export const UNREACHABLE_HQ = 'http://127.0.0.1:9/';
/** A kiosk that talks to HQ needs a fleet key; the demo one keeps the demo blocklist matching. */
export const DEMO_IDENTITY_KEY = join(import.meta.dirname, '..', '..', 'resources', 'credit', 'demo-identity.key');

/** What a store sees when its line to head office is down. */
export const OFFLINE_HOST_ENV = { KIOSK_HQ_URL: UNREACHABLE_HQ, KIOSK_IDENTITY_KEY_FILE: DEMO_IDENTITY_KEY } as const;
