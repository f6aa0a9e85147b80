// Starts the built web host on a fresh data folder (KIOSK_DATA_DIR), as a store would on first boot.
import { rmSync } from 'node:fs';
rmSync(process.env.KIOSK_DATA_DIR, { recursive: true, force: true });
await import('../../dist/host/host.mjs');
