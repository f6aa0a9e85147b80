import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HqLink } from '../../../electron/core/hq/hq-link.ts';
import { silentLog } from '../../helpers/core.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function hq(status: number): Promise<string> {
  server = createServer((req, res) => {
    res.statusCode = req.url === '/kiosk/health' ? status : 404;
    res.end();
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/kiosk`;
}

describe('HQ reachability for the offline credit rules', () => {
  it('is online when no HQ is configured (standalone demo store)', async () => {
    const link = new HqLink(undefined, silentLog);
    expect(link.online()).toBe(true);
    expect(await link.probe()).toBe(true);
  });

  it('starts offline and turns online only after HQ answers its health probe', async () => {
    const link = new HqLink(await hq(200), silentLog);
    expect(link.online()).toBe(false);
    expect(await link.probe()).toBe(true);
    expect(link.online()).toBe(true);
  });

  it('is offline when HQ answers with an error or not at all', async () => {
    const failing = new HqLink(await hq(503), silentLog);
    expect(await failing.probe()).toBe(false);
    const closed = new HqLink('http://127.0.0.1:9/', silentLog);
    expect(await closed.probe()).toBe(false);
    expect(closed.online()).toBe(false);
  });
});
