import { ipcMain, type BrowserWindow } from 'electron';
import { channelNames, IPC_EVENT, IPC_PREFIX } from '../contract/api.ts';
import type { KioskCore } from '../core/kiosk-core.ts';
import type { Logger } from '../core/logger.ts';
import { describeUrl, isAppUrl } from './policy.ts';

/**
 * The Electron transport of the kiosk API, as thin as the web host's: one `ipcMain.handle`
 * per contract channel, forwarded to `core.dispatch` (which validates input and output).
 * Calls from any frame that is not the kiosk UI itself are refused.
 */
export function wireIpc(core: KioskCore, log: Logger): () => void {
  for (const channel of channelNames) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, input: unknown, staffToken: unknown) => {
      const frameUrl = event.senderFrame?.url;
      if (!isAppUrl(frameUrl)) {
        log.warn({ channel, sender: describeUrl(frameUrl) }, 'IPC call from outside the kiosk UI refused');
        throw new Error('Refused: caller is not the kiosk UI');
      }
      return core.dispatch(channel, input, core.callerFor(typeof staffToken === 'string' ? staffToken : undefined));
    });
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}

/** Core events go to the kiosk window while it shows the kiosk UI. */
export function forwardEvents(core: KioskCore, window: () => BrowserWindow | undefined): () => void {
  return core.subscribe((event) => {
    const win = window();
    if (!win || win.isDestroyed() || !isAppUrl(win.webContents.getURL())) return;
    win.webContents.send(IPC_EVENT, event);
  });
}
