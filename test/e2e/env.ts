import { join } from 'node:path';

/** The web host the end-to-end tests drive: its own port and a data folder wiped per run. */
export const E2E_PORT = Number(process.env.KIOSK_E2E_PORT ?? 4791);
export const E2E_DATA_DIR = join(import.meta.dirname, '..', '..', '.kiosk-data', 'e2e');
