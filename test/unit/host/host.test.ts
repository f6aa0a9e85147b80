import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { channelNames } from '../../../electron/contract/api.ts';
import { generateCatalog } from '../../../electron/core/catalog/generator.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { startHost, type Host } from '../../../electron/host/server.ts';
import { silentLog, startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
let running: { host: Host; core: KioskCore } | undefined;
afterEach(async () => {
  await running?.host.close();
  running?.core.close();
  running = undefined;
});

async function start() {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(rendererDir, 'assets', 'app-1a2b.js'), 'export {}');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const core = startCore(join(dir, 'data'));
  const host = await startHost({ core, rendererDir, bind: '127.0.0.1', port: 0, log: silentLog });
  running = { host, core };
  return { ...running, dir };
}

const post = (url: string, channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('web host', () => {
  it('serves the UI with the kiosk CSP, which has no unsafe-inline', async () => {
    const { host } = await start();
    const response = await fetch(`${host.url}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${host.url}/assets/app-1a2b.js`)).headers.get('cache-control')).toContain('immutable');
  });

  it('never serves files outside the renderer folder', async () => {
    const { host } = await start();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt']) {
      const response = await fetch(`${host.url}${path}`);
      expect(response.status, path).toBe(404);
    }
  });

  it('lists every channel with request and response JSON Schema at GET /api', async () => {
    const { host } = await start();
    const body = (await (await fetch(`${host.url}/api`)).json()) as {
      channels: { name: string; path: string; request: { type?: string }; response: { type?: string } }[];
    };
    expect(body.channels.map((c) => c.name).sort()).toEqual([...channelNames].sort());
    const list = body.channels.find((c) => c.name === 'queryProducts');
    expect(list?.request).toMatchObject({ type: 'object', properties: { limit: { type: 'integer', maximum: 100 } } });
    expect(list?.response).toMatchObject({ type: 'object' });
  });

  it('answers POST /api/<channel> with the contract envelope and translatable error codes', async () => {
    const { host } = await start();
    const ok = await post(host.url, 'listCategories', {});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, data: { categories: expect.any(Array) } });

    const bad = await post(host.url, 'queryProducts', { categoryId: 'refrigerators', limit: 'lots' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'limit' } });

    const unknown = await post(host.url, 'nope', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });

    const notJson = await fetch(`${host.url}/api/listCategories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses calls from another origin and from a rebound host name', async () => {
    const { host } = await start();
    const crossSite = await post(host.url, 'listCategories', {}, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    // fetch will not send a made-up Host header; a DNS-rebinding page's requests carry one.
    const rebound = await new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(host.url);
      const request = httpRequest(
        { hostname, port, path: '/api/listCategories', method: 'POST', headers: { host: `evil.example:${port}`, 'content-type': 'application/json' } },
        (response) => resolve(response.statusCode ?? 0),
      );
      request.on('error', reject);
      request.end('{}');
    });
    expect(rebound).toBe(403);
  });

  it('pushes core events to WebSocket clients', async () => {
    const { host, core, dir } = await start();
    const socket = new WebSocket(`${host.url.replace('http', 'ws')}/api/events`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const received = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(generateCatalog({ products: 50, seed: 3, version: 'pushed-1' })));
    core.applyCatalogFile(file);
    expect(await received).toEqual({ name: 'catalog.updated', payload: { version: 'pushed-1' } });
    socket.close();
  });
});
