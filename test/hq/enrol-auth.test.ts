import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HQ_ROUTES, type EnrolResponse, type HqError, type PullResponse } from '../../electron/contract/sync.ts';
import { createEnrolmentCode, hashCode } from '../../hq/fleet.ts';
import { startTestHq, TestKiosk, type TestHq } from './harness.ts';

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq();
});
afterAll(() => hq?.close());

const errorOf = (body: unknown) => (body as HqError).error;

describe('enrolment', () => {
  it('a good code enrols the kiosk in its store and hands over HQ key, identity key and time', async () => {
    const kiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'), { label: 'entrance' });
    const e: EnrolResponse = kiosk.enrolment;
    expect(e.storeId).toBe('S001');
    expect(e.hqPublicKey).toBe(hq.hqPublicKey);
    expect(e.identityKey).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(e.serverTime - Date.now())).toBeLessThan(60_000);
    const [row] = await hq.db.query<{ store_id: string; public_key: string; label: string }>('SELECT store_id, public_key, label FROM kiosks WHERE id = $1', [kiosk.kioskId]);
    expect(row).toEqual({ store_id: 'S001', public_key: kiosk.publicKeyX, label: 'entrance' });
    // The identity key is one per HQ database: every kiosk gets the same.
    const second = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S002'));
    expect(second.enrolment.identityKey).toBe(e.identityKey);
  });

  it('stores only the hash of a code', async () => {
    const code = await hq.enrolmentCode('S003');
    const rows = await hq.db.query<{ code_hash: string }>('SELECT code_hash FROM enrolment_codes WHERE store_id = $1', ['S003']);
    expect(rows).toEqual([{ code_hash: hashCode(code) }]);
  });

  it('refuses a wrong, a reused and an expired code with ENROLMENT_CODE_INVALID, and a malformed one with BAD_REQUEST', async () => {
    const { publicKeyX } = await TestKiosk.keyPair();
    const body = (code: string) => ({ code, publicKey: publicKeyX, appVersion: '0.1.0' });

    const wrong = await TestKiosk.enrolRaw(hq.url, body('2345-6789-ABCD'));
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong.body)).toMatchObject({ code: 'ENROLMENT_CODE_INVALID', message: expect.stringContaining('not one HQ issued') });

    const code = await hq.enrolmentCode('S004');
    expect((await TestKiosk.enrolRaw(hq.url, body(code.toLowerCase()))).status).toBe(200);
    const reused = await TestKiosk.enrolRaw(hq.url, body(code));
    expect(errorOf(reused.body)).toMatchObject({ code: 'ENROLMENT_CODE_INVALID', message: expect.stringContaining('already used') });

    const expired = await createEnrolmentCode(hq.db, 'S004', 1, Date.now() - 2 * 3_600_000);
    const late = await TestKiosk.enrolRaw(hq.url, body(expired.code));
    expect(errorOf(late.body)).toMatchObject({ code: 'ENROLMENT_CODE_INVALID', message: expect.stringContaining('expired') });

    const malformed = await TestKiosk.enrolRaw(hq.url, body('not-a-code'));
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed.body)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^body\.code: /) });
    const rows = await hq.db.query('SELECT id FROM kiosks WHERE store_id = $1', ['S004']);
    expect(rows).toHaveLength(1);
  });

  it('two kiosks racing with one code: exactly one wins', async () => {
    const code = await hq.enrolmentCode('S005');
    const keys = await Promise.all(Array.from({ length: 6 }, () => TestKiosk.keyPair()));
    const answers = await Promise.all(keys.map((k) => TestKiosk.enrolRaw(hq.url, { code, publicKey: k.publicKeyX, appVersion: '0.1.0' })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400, 400, 400]);
    expect(await hq.db.query('SELECT id FROM kiosks WHERE store_id = $1', ['S005'])).toHaveLength(1);
  });
});

describe('kiosk request authentication', () => {
  let kiosk: TestKiosk;
  beforeAll(async () => {
    kiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S010'));
  });
  const pullBody = { cursors: {}, messageCursor: 0 };
  const rawPost = async (token: string | undefined, body = JSON.stringify(pullBody)) => {
    const response = await fetch(new URL(HQ_ROUTES.pull, hq.url), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    return { status: response.status, body: (await response.json()) as HqError };
  };

  it('accepts a token signed for this route and body', async () => {
    const answer = await kiosk.pull();
    expect(answer.status).toBe(200);
    expect((answer.body as PullResponse).publications).toEqual([]);
  });

  it('refuses no token, a garbage token, an unknown kiosk and another key as UNAUTHENTICATED', async () => {
    expect((await rawPost(undefined)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await rawPost('not.a.jwt')).body.error.code).toBe('UNAUTHENTICATED');
    const impostor = await TestKiosk.keyPair();
    const forged = await kiosk.token(HQ_ROUTES.pull, JSON.stringify(pullBody), { key: impostor.privateKey });
    const answer = await rawPost(forged);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token made for another route, method or body', async () => {
    const body = JSON.stringify(pullBody);
    for (const token of [
      await kiosk.token(HQ_ROUTES.push, body),
      await kiosk.token(HQ_ROUTES.pull, body, { method: 'GET' }),
      await kiosk.token(HQ_ROUTES.pull, JSON.stringify({ cursors: { catalog: 1 }, messageCursor: 0 })),
    ]) {
      const answer = await rawPost(token, body);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('another request') });
    }
  });

  it('refuses the same token twice as REPLAYED', async () => {
    const token = await kiosk.token(HQ_ROUTES.pull, JSON.stringify(pullBody), { jti: randomUUID() });
    expect((await rawPost(token)).status).toBe(200);
    const again = await rawPost(token);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('REPLAYED');
  });

  it('refuses a kiosk clock 3 h off as CLOCK_SKEW with HQ time', async () => {
    const token = await kiosk.token(HQ_ROUTES.pull, JSON.stringify(pullBody), { now: Date.now() - 3 * 3_600_000 });
    const answer = await rawPost(token);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('CLOCK_SKEW');
    expect(Math.abs(answer.body.error.serverTime! - Date.now())).toBeLessThan(60_000);
  });

  it('tells a revoked kiosk KIOSK_REVOKED, and refuses a bad body only after the token checks', async () => {
    const revokedKiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S010'));
    const revoke = await fetch(new URL(`v1/admin/kiosks/${revokedKiosk.kioskId}/revoke`, hq.url), {
      method: 'POST',
      body: JSON.stringify({ reason: 'stolen' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hq.adminToken}` },
    });
    expect(revoke.status).toBe(200);
    const answer = await revokedKiosk.pull();
    expect(answer.status).toBe(401);
    expect(errorOf(answer.body).code).toBe('KIOSK_REVOKED');
    const push = await revokedKiosk.push([]);
    expect(errorOf(push.body).code).toBe('KIOSK_REVOKED');

    const bad = await kiosk.post(HQ_ROUTES.pull, { cursors: { catalog: -1 } });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^body\.cursors\.catalog: /) });
  });

  it('holds the used token ids in the database, so a second HQ instance refuses a replay too', async () => {
    const other = await startTestHq({ db: hq.db, keys: hq.keys });
    try {
      const body = JSON.stringify(pullBody);
      const token = await kiosk.token(HQ_ROUTES.pull, body);
      expect((await rawPost(token)).status).toBe(200);
      const replayed = await fetch(new URL(HQ_ROUTES.pull, other.url), { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
      expect(replayed.status).toBe(401);
      expect(((await replayed.json()) as HqError).error.code).toBe('REPLAYED');
    } finally {
      await other.close();
    }
  });
});
