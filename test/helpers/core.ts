import { join } from 'node:path';
import { KioskConfig } from '../../electron/core/config.ts';
import { createKioskCore, type KioskCore, type KioskCoreOptions } from '../../electron/core/kiosk-core.ts';
import { createLogger } from '../../electron/core/logger.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const RESOURCES = join(ROOT, 'resources');
export const silentLog = createLogger('silent');

export function startCore(dataDir: string, options: Partial<KioskCoreOptions> = {}): KioskCore {
  const started = createKioskCore({
    dataDir,
    resourcesDir: RESOURCES,
    appVersion: '0.0.0-test',
    shell: 'web',
    config: KioskConfig.parse({}),
    log: silentLog,
    ...options,
  });
  if (!started.ok) throw new Error(`${started.code}: ${started.message}`);
  return started.core;
}
