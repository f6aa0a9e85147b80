import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../../electron/contract/csp.ts';
import { createAppProtocolHandler } from '../../../electron/main/app-protocol.ts';
import {
  APP_ORIGIN,
  APP_URL,
  childProcessGoneAction,
  describeUrl,
  isAppUrl,
  isWindowed,
  kioskWebPreferences,
  navigationAllowed,
  permissionAllowed,
  permissionCheckAllowed,
  permissionRequestAllowed,
  recoveryDelayMs,
} from '../../../electron/main/policy.ts';
import { tempDirs } from '../../helpers/temp.ts';

describe('navigation lock', () => {
  it('allows the app origin', () => {
    expect(APP_URL).toBe('app://kiosk/');
    for (const url of ['app://kiosk/', 'app://kiosk', 'app://kiosk/index.html', 'app://kiosk/assets/index-abc.js?x=1#top']) {
      expect(navigationAllowed(url), url).toBe(true);
    }
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:4780/',
    'http://localhost/',
    'file:///etc/passwd',
    'file:///work/main/dist/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<h1>hi</h1>',
    'about:blank',
    'chrome://gpu',
    'devtools://devtools/bundled/inspector.html',
    'app://evil/',
    'app://kiosk.evil.com/',
    'app://kiosk:8080/',
    'app://user@kiosk/',
    'app://kiosk@evil/',
    'apps://kiosk/',
    'kiosk/',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(navigationAllowed(url)).toBe(false);
  });

  it('refuses a missing URL', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(null)).toBe(false);
  });
});

describe('permissions', () => {
  it('grants the camera (video only) to the app origin', () => {
    expect(permissionAllowed('media', 'app://kiosk/', ['video'])).toBe(true);
    expect(permissionRequestAllowed('media', { requestingUrl: 'app://kiosk/', securityOrigin: 'app://kiosk/', mediaTypes: ['video'] })).toBe(true);
  });

  it('refuses the microphone, even together with the camera', () => {
    expect(permissionAllowed('media', 'app://kiosk/', ['audio'])).toBe(false);
    expect(permissionAllowed('media', 'app://kiosk/', ['video', 'audio'])).toBe(false);
  });

  it('refuses media when the kind of media is unknown', () => {
    expect(permissionAllowed('media', 'app://kiosk/', [])).toBe(false);
    expect(permissionAllowed('media', 'app://kiosk/', undefined)).toBe(false);
    expect(permissionAllowed('media', 'app://kiosk/', ['unknown'])).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'hid', 'usb', 'serial', 'midi', 'openExternal', 'fullscreen', 'unknown'])(
    'refuses %s even to the app origin',
    (permission) => {
      expect(permissionAllowed(permission, 'app://kiosk/', ['video'])).toBe(false);
      expect(permissionCheckAllowed(permission, APP_ORIGIN, { requestingUrl: 'app://kiosk/' })).toBe(false);
    },
  );

  it('refuses the camera to any other origin', () => {
    for (const url of ['https://example.com/', 'http://127.0.0.1:4780/', 'file:///x.html', 'app://evil/', undefined]) {
      expect(permissionAllowed('media', url, ['video']), String(url)).toBe(false);
    }
  });

  it('refuses a request whose security origin is not the app, whatever the page URL says', () => {
    expect(permissionRequestAllowed('media', { requestingUrl: 'app://kiosk/', securityOrigin: 'https://example.com', mediaTypes: ['video'] })).toBe(false);
  });

  it('answers permission checks the same way', () => {
    expect(permissionCheckAllowed('media', 'app://kiosk', { securityOrigin: 'app://kiosk/', requestingUrl: 'app://kiosk/', mediaType: 'video' })).toBe(true);
    expect(permissionCheckAllowed('media', 'app://kiosk', { mediaType: 'audio' })).toBe(false);
    expect(permissionCheckAllowed('media', 'app://kiosk', { mediaType: 'unknown' })).toBe(false);
    expect(permissionCheckAllowed('media', 'app://kiosk', {})).toBe(false);
    expect(permissionCheckAllowed('media', 'https://example.com', { mediaType: 'video' })).toBe(false);
    expect(permissionCheckAllowed('media', 'app://kiosk', { mediaType: 'video', embeddingOrigin: 'https://example.com' })).toBe(false);
    expect(permissionCheckAllowed('media', 'app://kiosk', { mediaType: 'video', securityOrigin: 'https://example.com' })).toBe(false);
  });
});

describe('shell options and recovery', () => {
  it('runs windowed only with --windowed', () => {
    expect(isWindowed(['/usr/bin/electron', 'dist/main/main.cjs'])).toBe(false);
    expect(isWindowed(['/usr/bin/electron', 'dist/main/main.cjs', '--windowed'])).toBe(true);
    expect(isWindowed(['/opt/kiosk/kiosk', '--windowed=false'])).toBe(false);
  });

  it('backs off when the UI keeps crashing, up to a cap', () => {
    const delays = [0, 1, 2, 3, 4, 10, 1000].map(recoveryDelayMs);
    expect(delays[0]).toBeLessThanOrEqual(1_000);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...delays)).toBe(30_000);
  });

  it('reloads the UI after the GPU process crashes, and only logs other helpers going away', () => {
    for (const reason of ['crashed', 'oom', 'killed', 'launch-failed', 'abnormal-exit']) {
      expect(childProcessGoneAction({ type: 'GPU', reason }), reason).toBe('reload');
      expect(childProcessGoneAction({ type: 'Utility', reason }), reason).toBe('log');
    }
    expect(childProcessGoneAction({ type: 'GPU', reason: 'clean-exit' })).toBe('ignore');
    expect(childProcessGoneAction({ type: 'Utility', reason: 'clean-exit' })).toBe('ignore');
  });

  it('logs URLs without their path or query', () => {
    expect(describeUrl('https://example.com/apply?id=110101199003070000')).toBe('https://example.com');
    expect(describeUrl('data:text/html,secret')).toBe('data:');
    expect(describeUrl(undefined)).toBe('(none)');
    expect(describeUrl('%%%')).toBe('(unparsable)');
  });
});

describe('kiosk window', () => {
  it('runs the UI isolated and sandboxed, without Node, and without middle-click (Auxclick)', () => {
    const prefs = kioskWebPreferences('/opt/kiosk/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/opt/kiosk/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('opens DevTools only in a windowed run', () => {
    expect(kioskWebPreferences('/p.cjs', true).devTools).toBe(true);
  });
});

describe('app:// protocol', () => {
  const tempDir = tempDirs();
  /** <temp>/renderer holds the UI; <temp>/outside.txt must never be served. */
  const renderer = () => {
    const parent = tempDir();
    const dir = join(parent, 'renderer');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(parent, 'outside.txt'), 'secret');
    return dir;
  };
  const expectSecurityHeaders = (response: Response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), name).toBe(value);
  };

  it('serves index.html and hashed assets with the security headers', async () => {
    const handle = createAppProtocolHandler(renderer());
    const index = await handle(new Request('app://kiosk/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>kiosk</title>');
    expectSecurityHeaders(index);

    const asset = await handle(new Request('app://kiosk/assets/index-abc.js'));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    expectSecurityHeaders(asset);
  });

  it('answers 404 (with the headers) for missing files, other hosts and paths leaving the folder', async () => {
    const handle = createAppProtocolHandler(renderer());
    for (const url of ['app://kiosk/nope.js', 'app://other/index.html', 'app://kiosk/%2e%2e/outside.txt', 'app://kiosk/..%2Foutside.txt', 'app://kiosk/%00']) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
      expectSecurityHeaders(response);
    }
  });

  it('refuses anything but GET and HEAD', async () => {
    const handle = createAppProtocolHandler(renderer());
    const post = await handle(new Request('app://kiosk/', { method: 'POST', body: '{}' }));
    expect(post.status).toBe(405);
    expectSecurityHeaders(post);
    const head = await handle(new Request('app://kiosk/', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
