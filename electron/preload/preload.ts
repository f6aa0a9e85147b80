/**
 * Sandboxed preload: exposes `window.kiosk` — one function per contract channel plus `on` for
 * core events — and nothing else. ipcRenderer itself never reaches the page, and listeners
 * get the event payload only (not the IpcRendererEvent, which carries `sender`).
 *
 * Bundled by scripts/build.mjs to dist/preload/preload.cjs (everything but electron inlined:
 * a sandboxed preload cannot require npm packages).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, IPC_EVENT, IPC_PREFIX, type ChannelName, type KioskBridge } from '../contract/api.ts';

const calls = Object.fromEntries(
  channelNames.map((name) => [
    name,
    (input: unknown, staffToken?: string) => ipcRenderer.invoke(IPC_PREFIX + name, input, typeof staffToken === 'string' ? staffToken : undefined) as Promise<unknown>,
  ]),
) as Record<ChannelName, (input: unknown, staffToken?: string) => Promise<unknown>>;

const bridge: KioskBridge = {
  ...calls,
  on(listener) {
    if (typeof listener !== 'function') throw new TypeError('kiosk.on needs a function');
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('kiosk', Object.freeze(bridge));
