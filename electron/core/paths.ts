import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'appliance-kiosk';

/**
 * Where the kiosk keeps its database and settings: KIOSK_DATA_DIR when set, otherwise the
 * per-user folder Electron calls userData (so the web host and the Electron shell share it).
 */
export function resolveDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.KIOSK_DATA_DIR) return env.KIOSK_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}
