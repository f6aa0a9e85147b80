/**
 * The HQ client's transport: error mapping, timeouts, signing and reachability. A tiny node:http
 * server answers with fixed status codes and bodies — ONLY to test how the client maps what
 * arrives on the wire (timeouts, 401 bodies, garbage JSON), which a real HQ does not produce on
 * demand. The protocol itself is tested against the real HQ in test/hq/kiosk-sync.test.ts and
 * test/hq/sync-faults.test.ts.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importPKCS8 } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { importEd25519PublicKey, verifyRequestToken } from '../../../electron/domain/sync-signing.ts';
import { HqClient, type HqClientOptions } from '../../../electron/core/sync/hq-client.ts';
import { silentLog } from '../../helpers/core.ts';
import { KIOSK_ID } from '../../helpers/sync.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function hq(handler: Handler): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/kiosk`;
}

const answer = (status: number, body: unknown) => (_req: IncomingMessage, _body: string, res: ServerResponse) => {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const kioskKey = generateKeyPairSync('ed25519');
const signer = async () => ({ kioskId: KIOSK_ID, privateKey: await importPKCS8(kioskKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'EdDSA') });

function client(url: string | undefined, extra: Partial<HqClientOptions> = {}): HqClient {
  return new HqClient({ baseUrl: () => url, signer, now: Date.now, log: silentLog, timeoutMs: 500, ...extra });
}

const PULL = { cursors: {}, messageCursor: 0 };
const pullAnswer = { publications: [], current: {}, messages: [], serverTime: 1 };

describe('HQ client: signed requests', () => {
  it('signs each attempt with a fresh token bound to the exact bytes sent', async () => {
    const seen: { token: string; body: string; url: string }[] = [];
    const url = await hq((req, body, res) => {
      seen.push({ token: String(req.headers.authorization).replace(/^Bearer /, ''), body, url: String(req.url) });
      answer(200, pullAnswer)(req, body, res);
    });
    const c = client(url);
    expect(await c.pull(PULL)).toMatchObject({ ok: true, data: { publications: [] } });
    expect(await c.pull(PULL)).toMatchObject({ ok: true });
    expect(seen[0]!.url).toBe('/kiosk/v1/sync/pull');
    const publicKey = await importEd25519PublicKey(kioskKey.publicKey.export({ format: 'jwk' }).x!);
    const checks = await Promise.all(
      seen.map((s) => verifyRequestToken(s.token, publicKey, { method: 'POST', route: 'v1/sync/pull', bodyHash: createHash('sha256').update(s.body).digest('hex') }, Date.now())),
    );
    expect(checks.every((c) => c.ok)).toBe(true);
    const jtis = checks.map((c) => (c.ok ? c.claims.jti : null));
    expect(new Set(jtis).size).toBe(2);
  });

  it('does not call HQ before enrolment or with no HQ configured', async () => {
    expect(await new HqClient({ baseUrl: () => 'http://127.0.0.1:9/', signer: async () => null, now: Date.now, log: silentLog }).pull(PULL)).toMatchObject({ ok: false, code: 'NOT_ENROLLED' });
    expect(await client(undefined).pull(PULL)).toMatchObject({ ok: false, code: 'NOT_ENROLLED' });
  });
});

describe('HQ client: errors as values with codes', () => {
  it('maps HQ refusals in the protocol shape, with expectedSeq and the clock offset', async () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    const cases: [number, unknown, object][] = [
      [401, { error: { code: 'KIOSK_REVOKED', message: 'revoked by store IT' } }, { code: 'KIOSK_REVOKED', status: 401 }],
      [401, { error: { code: 'REPLAYED', message: 'token seen before' } }, { code: 'REPLAYED' }],
      [409, { error: { code: 'SEQ_GAP', message: 'gap', expectedSeq: 42 } }, { code: 'SEQ_GAP', expectedSeq: 42 }],
      [401, { error: { code: 'CLOCK_SKEW', message: 'skew', serverTime: now - 12 * 60_000 } }, { code: 'CLOCK_SKEW', skewMs: 12 * 60_000 }],
    ];
    for (const [status, body, expected] of cases) {
      const url = await hq(answer(status, body));
      const result = await client(url, { now: () => now }).pull(PULL);
      expect(result).toMatchObject({ ok: false, ...expected });
      if ((expected as { code: string }).code === 'CLOCK_SKEW') expect(!result.ok && result.message).toContain('12 minutes ahead of');
      await new Promise<void>((done) => server!.close(() => done()));
      server = undefined;
    }
  });

  it('calls garbage, a 401 without the protocol shape and an answer of the wrong shape BAD_RESPONSE, and a 503 UNAVAILABLE', async () => {
    const cases: [number, unknown, string][] = [
      [200, '{"publications": [tru', 'BAD_RESPONSE'],
      [200, { publications: 'none' }, 'BAD_RESPONSE'],
      [401, '<html>Unauthorized</html>', 'BAD_RESPONSE'],
      [503, 'Service Unavailable', 'UNAVAILABLE'],
    ];
    for (const [status, body, code] of cases) {
      const url = await hq(answer(status, body));
      const c = client(url);
      const result = await c.pull(PULL);
      expect(result, `${status} ${JSON.stringify(body)}`).toMatchObject({ ok: false, code });
      expect(c.reachable()).toBe(false);
      await new Promise<void>((done) => server!.close(() => done()));
      server = undefined;
    }
  });

  it('times out an HQ that does not answer, and calls a closed port UNREACHABLE', async () => {
    const url = await hq(() => undefined); // never answers
    const slow = client(url, { timeoutMs: 200 });
    expect(await slow.pull(PULL)).toMatchObject({ ok: false, code: 'TIMEOUT' });
    expect(slow.reachable()).toBe(false);
    expect(await client('http://127.0.0.1:9/').pull(PULL)).toMatchObject({ ok: false, code: 'UNREACHABLE' });
    server!.closeAllConnections();
  });
});

describe('HQ reachability (one notion, for sync and the offline credit rules)', () => {
  it('starts unreachable, turns reachable when HQ answers its health probe or a call, and says so once', async () => {
    let status = 200;
    const url = await hq((req, body, res) => {
      res.statusCode = req.url === '/kiosk/health' ? status : 404;
      res.end();
    });
    let reconnects = 0;
    const clock = { at: 1_000_000 };
    const c = client(url, { now: () => clock.at, onReconnect: () => reconnects++, reachableForMs: 45_000 });
    expect(c.reachable()).toBe(false);
    expect(await c.probe()).toBe(true);
    expect(await c.probe()).toBe(true);
    expect(reconnects).toBe(1);
    clock.at += 46_000; // nothing heard for longer than the window
    expect(c.reachable()).toBe(false);
    status = 503;
    expect(await c.probe()).toBe(false);
    status = 200;
    expect(await c.probe()).toBe(true);
    expect(reconnects).toBe(2);
  });

  it('is unreachable when HQ answers with an error or not at all, and a refusal in the protocol shape still counts as HQ answering', async () => {
    expect(await client('http://127.0.0.1:9/').probe()).toBe(false);
    const url = await hq(answer(401, { error: { code: 'KIOSK_REVOKED', message: 'revoked' } }));
    const c = client(url);
    await c.pull(PULL);
    expect(c.reachable()).toBe(true);
  });
});
