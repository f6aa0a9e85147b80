import electronUpdater from 'electron-updater';
import type { Logger } from '../core/logger.ts';

const CHECK_EVERY_MS = 60 * 60_000;

/**
 * Minimal auto-update (DESIGN.md §8): with a generic feed from HQ, download in the background
 * and never install on quit by itself. The fleet logic — HQ-signed manifest, ring/pin/hold,
 * installing only in the maintenance window with no shopper session open, reporting update
 * states, rollback after a failed first boot — belongs to a later issue and replaces this.
 */
export function startUpdater(feedUrl: string | undefined, log: Logger): void {
  if (!feedUrl) {
    log.info('no update feed configured (updateFeedUrl / KIOSK_UPDATE_FEED_URL); auto-update off');
    return;
  }
  const { autoUpdater } = electronUpdater;
  const updaterLog = log.child({ component: 'updater' });
  autoUpdater.logger = updaterLog;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.on('error', (error) => updaterLog.warn({ err: error }, 'update check failed'));
  autoUpdater.on('update-downloaded', (info) => updaterLog.info({ version: info.version }, 'update downloaded; waiting for the fleet rollout logic to install it'));
  const check = () => void autoUpdater.checkForUpdates().catch((error: unknown) => updaterLog.warn({ err: error }, 'update check failed'));
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
}
