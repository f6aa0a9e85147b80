import { app, type BrowserWindow } from 'electron';
import type { CommandsPort } from '../core/fleet/commands.ts';
import type { Logger } from '../core/logger.ts';
import { APP_URL } from './policy.ts';

/**
 * Remote commands' actions in Electron (core/fleet/commands.ts runs them only when nobody is
 * mid-visit): reload loads the kiosk UI afresh at its start; restart relaunches the app and exits
 * at once (committed work is on disk: every write is a committed SQLite transaction).
 */
export function electronCommandsPort(window: () => BrowserWindow | undefined, log: Logger): CommandsPort {
  return {
    reloadUi() {
      const win = window();
      if (!win || win.isDestroyed()) return { ok: false, code: 'no_window', message: 'the kiosk window is not open' };
      void win.loadURL(APP_URL).catch((error: unknown) => log.error({ err: error }, 'reloading the kiosk UI failed'));
      return { ok: true };
    },
    restartApp() {
      log.info('restarting the app for a remote command');
      app.relaunch();
      app.exit(0);
      return { ok: true };
    },
  };
}
