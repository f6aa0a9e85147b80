import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.ts';

// The proxy the sync fault suite stands on: each fault must do exactly what it says, or the
// suite would pass for the wrong reason.
describe('fault proxy', () => {
  let upstream: Server;
  let seen: string[];
  let proxy: FaultProxy;

  beforeEach(async () => {
    seen = [];
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ n: seen.length, auth: req.headers.authorization ?? null }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    proxy = await startFaultProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });

  afterEach(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  const post = (body: string) =>
    fetch(new URL('v1/sync/push', proxy.url), { method: 'POST', body, headers: { authorization: 'Bearer t', 'content-type': 'application/json' } });

  it('forwards method, path, headers and body, and the answer back', async () => {
    const response = await post('{"a":1}');
    expect(await response.json()).toEqual({ n: 1, auth: 'Bearer t' });
    expect(seen).toEqual(['POST /v1/sync/push {"a":1}']);
  });

  it('refuses, loses the answer after delivery, or delivers three times', async () => {
    proxy.setFault(({ n }) => (n === 1 ? 'refuse' : n === 2 ? 'lose-response' : { duplicate: 3 }));
    await expect(post('one')).rejects.toThrow();
    expect(seen).toEqual([]);
    await expect(post('two')).rejects.toThrow();
    expect(seen).toEqual(['POST /v1/sync/push two']);
    const third = await post('three');
    expect(third.status).toBe(200);
    expect(seen.filter((s) => s.endsWith('three'))).toHaveLength(3);
    expect(proxy.counts).toMatchObject({ requests: 3, refused: 1, lost: 1, duplicates: 2 });
  });

  it('delivers a late copy after the next request: HQ sees them out of order', async () => {
    proxy.setFault(({ n }) => (n === 1 ? 'late-copy' : 'forward'));
    await post('first');
    await post('second');
    expect(seen.map((s) => s.split(' ')[2])).toEqual(['first', 'second', 'first']);
  });

  it('resets every connection while down, and serves again when up', async () => {
    proxy.down();
    await expect(post('x')).rejects.toThrow();
    expect(proxy.counts.resets).toBeGreaterThan(0);
    proxy.up();
    expect((await post('y')).status).toBe(200);
  });
});
