import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { channelNames } from '../../../electron/contract/api.ts';
import { SECURITY_HEADERS } from '../../../electron/contract/csp.ts';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
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

async function start(options: { bind?: string; allowedNames?: string[] } = {}) {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(rendererDir, 'assets', 'app-1a2b.js'), 'export {}');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const core = startCore(join(dir, 'data'));
  const host = await startHost({ core, rendererDir, bind: options.bind ?? '127.0.0.1', port: 0, allowedNames: options.allowedNames ?? [], log: silentLog });
  running = { host, core };
  return { ...running, dir, url: host.url, port: Number(new URL(host.url).port) };
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with headers a browser page cannot forge but a DNS-rebinding page sends anyway (Host). */
function raw(url: string, path: string, headers: Record<string, string>, method = 'POST', body = '{}'): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, method, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.end(method === 'GET' ? undefined : body);
  });
}

/** Opens the events WebSocket with the given Host and Origin: 'open', or the HTTP status it was refused with. */
function upgrade(url: string, host: string, origin: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/api/events`, { headers: { host }, origin });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.once('error', reject);
  });
}

/** Bytes the HTTP parser itself rejects, before any route or hook: the raw response text. */
function malformed(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

function expectSecurityHeaders(headers: Record<string, string | string[] | undefined>, what: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name.toLowerCase()], `${what}: ${name}`).toBe(value);
  expect(headers['x-frame-options'], what).toBe('DENY');
}

const REFUSED = { ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } };

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

  it("answers the framework's own errors in the contract's shape, with the security headers", async () => {
    const { url, port } = await start();
    const host = { host: `127.0.0.1:${port}` };
    const cases: { what: string; path: string; method?: string; headers?: Record<string, string>; body?: string; status: number; code: string }[] = [
      { what: 'malformed URL', path: '/api/13912345678%E0%A4%A', status: 400, code: 'BAD_REQUEST' },
      { what: 'over-long path', path: `/api/13912345678${'x'.repeat(200)}`, status: 414, code: 'BAD_REQUEST' },
      { what: 'bad JSON', path: '/api/listCategories', body: '{"mobile":x13912345678', status: 400, code: 'BAD_REQUEST' },
      { what: 'empty JSON body', path: '/api/listCategories', body: '', status: 400, code: 'BAD_REQUEST' },
      { what: 'wrong content type', path: '/api/listCategories', headers: { 'content-type': 'application/xml' }, body: '<a/>', status: 415, code: 'BAD_REQUEST' },
      { what: 'body too large', path: '/api/listCategories', body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }), status: 413, code: 'BAD_REQUEST' },
      { what: 'other method on a channel', path: '/api/listCategories', method: 'PUT', status: 404, code: 'UNKNOWN_CHANNEL' },
    ];
    for (const c of cases) {
      const response = await raw(url, c.path, { ...host, ...c.headers }, c.method ?? 'POST', c.body);
      expect(response.status, c.what).toBe(c.status);
      expect(JSON.parse(response.body), c.what).toEqual({ ok: false, error: { code: c.code, message: expect.any(String) } });
      // Messages are for operators; they never echo what was sent.
      expect(response.body, c.what).not.toContain('13912345678');
      expectSecurityHeaders(response.headers, c.what);
    }
  });

  it('checks Host before any other answer: malformed URL, over-long path, bad or oversized body', async () => {
    const { url, port } = await start({ bind: '0.0.0.0' });
    const evil = { host: `evil.example:${port}` };
    const cases = [
      { what: 'malformed URL', path: '/api/%E0%A4%A', body: '{}' },
      { what: 'over-long path', path: `/api/${'x'.repeat(200)}`, body: '{}' },
      { what: 'bad JSON', path: '/api/listCategories', body: '{not json' },
      { what: 'body too large', path: '/api/listCategories', body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) },
    ];
    for (const { what, path, body } of cases) {
      const response = await raw(url, path, evil, 'POST', body);
      expect(response.status, what).toBe(403);
      expect(JSON.parse(response.body), what).toEqual(REFUSED);
      expectSecurityHeaders(response.headers, what);
    }
  });

  it('answers requests the HTTP parser rejects in the same shape', async () => {
    const { port } = await start();
    const requests = {
      'bad header': { bytes: `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nNo colon here\r\n\r\n`, status: 400 },
      'header too large': { bytes: `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Pad: ${'x'.repeat(20_000)}\r\n\r\n`, status: 431 },
    };
    for (const [what, { bytes, status }] of Object.entries(requests)) {
      const text = await malformed(port, bytes);
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      expect(statusLine, what).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      expectSecurityHeaders(headers, what);
      expect(JSON.parse(body), what).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    }
  });

  describe.each(['127.1', '0.0.0.0'])('bound to %s', (bind) => {
    it('refuses a rebound host name on the API, the UI and the WebSocket', async () => {
      const { url, port } = await start({ bind });
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const evil = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
      const api = await raw(url, '/api/listCategories', evil);
      expect(api.status).toBe(403);
      expect(JSON.parse(api.body)).toEqual(REFUSED);
      expect((await raw(url, '/', { host: evil.host }, 'GET')).status).toBe(403);
      expect(await upgrade(url, evil.host, evil.origin)).toBe(403);
    });

    it('serves the loopback names on its own port only, with a matching Origin', async () => {
      const { url, port } = await start({ bind });
      for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
        const host = `${name}:${port}`;
        expect((await raw(url, '/api/listCategories', { host, origin: `http://${host}` })).status, host).toBe(200);
        expect(await upgrade(url, host, `http://${host}`), host).toBe('open');
      }
      expect((await raw(url, '/api/listCategories', { host: `127.0.0.1:${port + 1}` })).status).toBe(403);
      expect((await raw(url, '/api/listCategories', { host: `127.0.0.1:${port}`, origin: `http://localhost:${port}` })).status).toBe(403);
      expect(await upgrade(url, `127.0.0.1:${port}`, 'https://evil.example')).toBe(403);
    });
  });

  it('answers to the one address it is bound to, which no page can rebind', async () => {
    const { url, port } = await start({ bind: '127.0.0.2' });
    expect(url).toBe(`http://127.0.0.2:${port}`);
    expect((await raw(url, '/api/listCategories', { host: `127.0.0.2:${port}`, origin: `http://127.0.0.2:${port}` })).status).toBe(200);
    expect((await raw(url, '/api/listCategories', { host: `evil.example:${port}` })).status).toBe(403);
  });

  it('serves names configured for it, and still no others', async () => {
    const { url, port } = await start({ bind: '0.0.0.0', allowedNames: ['kiosk-3.store.example'] });
    const host = `kiosk-3.store.example:${port}`;
    expect((await raw(url, '/api/listCategories', { host, origin: `http://${host}` })).status).toBe(200);
    expect(await upgrade(url, host, `http://${host}`)).toBe('open');
    expect((await raw(url, '/api/listCategories', { host: `kiosk-4.store.example:${port}` })).status).toBe(403);
  });

  it('pushes core events to WebSocket clients', async () => {
    const { host, core, dir } = await start();
    const socket = new WebSocket(`${host.url.replace('http', 'ws')}/api/events`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const received = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(generateCatalog({ products: 50, seed: 3, version: 'pushed-1' })));
    core.datasets.applyFile('catalog', file);
    expect(await received).toEqual({ name: 'catalog.updated', payload: { version: 'pushed-1' } });
    socket.close();
  });
});
