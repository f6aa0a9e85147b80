import { FuseV1Options } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/core.ts';

/** electron-builder.yml as electron-builder itself reads it. */
let config: Configuration;
beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
});

describe('electron-builder.yml', () => {
  it('is a configuration electron-builder accepts (a misspelt fuse would be refused)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the kiosk fuses: no Node mode, no inspector or NODE_OPTIONS, only a verified app.asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('decides every fuse @electron/fuses knows, so an upgrade that adds one asks for a decision', () => {
    const known = Object.keys(FuseV1Options)
      .filter((key) => Number.isNaN(Number(key)))
      .map((key) => key[0]?.toLowerCase() + key.slice(1));
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual(known.sort());
  });
});

describe('what a kiosk ships', () => {
  it('leaves out the packages only headquarters runs', () => {
    // electron-builder reads the list into one file set; its patterns also filter node_modules.
    const files = [config.files ?? []].flat().flatMap((f) => (typeof f === 'string' ? [f] : [f.filter ?? []].flat()));
    for (const hqOnly of ['@electric-sql', 'pg{,-*}', 'pgpass']) expect(files).toContain(`!node_modules/${hqOnly}/**`);
  });
});
