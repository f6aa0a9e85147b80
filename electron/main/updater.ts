import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { ReleaseClaims } from '../contract/fleet.ts';
import type { UpdaterPort } from '../core/fleet/update-manager.ts';
import type { Logger } from '../core/logger.ts';

/**
 * electron-updater behind the core's UpdaterPort (electron/core/fleet/update-manager.ts decides
 * everything: what, when, whether it is kept). It only fetches from the feed HQ handed out,
 * restarts into what it fetched, and goes back to the copy of the previous build it kept.
 *
 * Going back: an AppImage is one file, so the running one is copied aside before installing and
 * copied back to revert. The Windows installer keeps no previous build; there the revert is HQ's
 * signed pin to the previous version (the kiosk reports `reverted`, HQ's rollout halts, store IT
 * rolls back: README "Fleet health and updates").
 */
export function electronUpdaterPort(dataDir: string, log: Logger): UpdaterPort {
  const { autoUpdater } = electronUpdater;
  const updaterLog = log.child({ component: 'updater' });
  autoUpdater.logger = updaterLog;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  // The core allows an older version only with HQ's signed pin; electron-updater must not refuse it again.
  autoUpdater.allowDowngrade = true;
  const keptDir = join(dataDir, 'previous-builds');
  const appImage = process.env.APPIMAGE;

  return {
    async download(release: ReleaseClaims, feedUrl: string) {
      autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
      const check = await autoUpdater.checkForUpdates();
      if (check?.updateInfo.version !== release.version) throw new Error(`the feed offers ${check?.updateInfo.version ?? 'nothing'}, not ${release.version}`);
      const [file] = await autoUpdater.downloadUpdate();
      if (!file) throw new Error('electron-updater downloaded no file');
      return { sha512: await sha512Of(file) };
    },
    install() {
      void keepRunningBuild()
        .catch((error: unknown) => updaterLog.error({ err: error }, 'could not keep the running build; installing without a way back but HQ’s pin'))
        .finally(() => autoUpdater.quitAndInstall(true, true));
    },
    revert(toVersion: string) {
      const kept = join(keptDir, `${toVersion}.AppImage`);
      if (!appImage || !existsSync(kept)) {
        updaterLog.error({ toVersion }, 'no kept build to go back to: HQ sees the revert and pins this kiosk to it');
        return;
      }
      void copyFile(kept, `${appImage}.revert`)
        .then(() => rename(`${appImage}.revert`, appImage))
        .then(() => {
          app.relaunch({ execPath: appImage });
          app.exit(0);
        })
        .catch((error: unknown) => updaterLog.error({ err: error, toVersion }, 'going back to the kept build failed'));
    },
  };

  async function keepRunningBuild(): Promise<void> {
    if (!appImage) return;
    await mkdir(keptDir, { recursive: true });
    await copyFile(appImage, join(keptDir, `${app.getVersion()}.AppImage`));
  }
}

function sha512Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('base64')))
      .on('error', reject);
  });
}
