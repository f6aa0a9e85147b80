import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/core/config.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();

function load(env: Record<string, string>, file?: Record<string, unknown>, options: { packaged?: boolean } = {}) {
  const dir = tempDir();
  if (file) writeFileSync(join(dir, 'config.json'), JSON.stringify(file));
  return loadConfig(dir, env, {}, options);
}

describe('hostNames', () => {
  it('has no names besides loopback unless configured', () => {
    expect(load({})).toMatchObject({ ok: true, config: { hostNames: [] } });
  });

  it('reads a comma-separated variable or a list in config.json, lower-cased', () => {
    expect(load({ KIOSK_HOST_NAMES: 'Kiosk-3.Store.example, 192.168.10.23' })).toMatchObject({
      ok: true,
      config: { hostNames: ['kiosk-3.store.example', '192.168.10.23'] },
    });
    expect(load({}, { hostNames: ['kiosk-3'] })).toMatchObject({ ok: true, config: { hostNames: ['kiosk-3'] } });
  });

  it.each(['*.store.example', 'kiosk-3:4780', 'http://kiosk-3', 'kiosk_3', 'kiosk 3', '[::1]'])('refuses %s, naming the setting', (name) => {
    const loaded = load({ KIOSK_HOST_NAMES: name });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.message).toContain('hostNames');
  });
});

describe('HQ URL', () => {
  const FLEET_KEY = { KIOSK_IDENTITY_KEY_FILE: '/etc/kiosk/fleet.key' };
  const settings = [
    ['hqUrl', 'KIOSK_HQ_URL'],
  ] as const;

  describe.each(settings)('%s', (setting, variable) => {
    it.each(['https://hq.example.cn/', 'https://hq.example.cn:8443/kiosk/', 'http://127.0.0.1:9/', 'http://127.3.2.1/', 'http://localhost:8080/', 'http://[::1]:9/'])(
      'accepts %s',
      (url) => {
        expect(load({ ...FLEET_KEY, [variable]: url })).toMatchObject({ ok: true, config: { [setting]: url } });
      },
    );

    it.each(['http://hq.example.cn/', 'http://10.20.0.5/', 'http://127.0.0.1.nip.io/', 'http://localhost.hq.example.cn/', 'ftp://hq.example.cn/', 'ws://127.0.0.1/', 'not a url'])(
      'refuses %s, naming the setting',
      (url) => {
        const loaded = load({ ...FLEET_KEY, [variable]: url });
        expect(loaded.ok).toBe(false);
        if (!loaded.ok) expect(loaded.message).toContain(setting);
      },
    );

    it('an installed kiosk takes https only: http to loopback is for a development run', () => {
      const env = { ...FLEET_KEY, [variable]: 'http://127.0.0.1:9/' };
      expect(load(env, undefined, { packaged: true })).toMatchObject({ ok: false, message: expect.stringContaining(`${setting}: must use https://`) });
      expect(load({ ...env, [variable]: 'https://hq.example.cn/' }, undefined, { packaged: true })).toMatchObject({ ok: true });
    });
  });
});
