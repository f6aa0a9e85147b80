import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { MEMBER_CONSENT } from '../../electron/contract/face.ts';
import { KioskConfig } from '../../electron/core/config.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { createLogger } from '../../electron/core/logger.ts';
import type { SmsGateway } from '../../hq/members/mobile-codes.ts';
import { startCore } from '../helpers/core.ts';
import { call, data, visit } from '../helpers/credit.ts';
import { tempDirs } from '../helpers/temp.ts';
import { startTestHq, testEngine, type TestHq } from './harness.ts';
import { enrolKiosk, T0, type Clock } from './kiosk-fixture.ts';

/**
 * Membership without a face (issue 10 item 3), kiosk to HQ and back with nothing scripted: the
 * kiosk's channels ask a real HQ to text a code (to the phone at the end of a gateway), the
 * shopper types it, and the kiosk greets, enrols or deletes the member.
 */
const tempDir = tempDirs();
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

class Phone implements SmsGateway {
  readonly texts: Array<{ to: string; text: string }> = [];
  async send(to: string, text: string): Promise<void> {
    this.texts.push({ to, text });
  }
  code(): string {
    return /验证码 (\d{6})/.exec(this.texts.at(-1)?.text ?? '')?.[1] ?? 'none';
  }
}

const MOBILE = '13987654321';
const join = (displayName = '王女士') => ({ kind: 'join' as const, consentVersion: MEMBER_CONSENT.version, locale: 'zh-CN' as const, displayName });

async function setup(options: { logLines?: string[] } = {}): Promise<{ hq: TestHq; k: KioskCore; phone: Phone; clock: Clock }> {
  const clock: Clock = { at: T0 };
  const phone = new Phone();
  const hq = await startTestHq({ now: () => clock.at, sms: phone });
  open.push(hq);
  const sink = new Writable({ write: (chunk, _enc, done) => (options.logLines?.push(String(chunk)), done()) });
  const k = startCore(tempDir(), { now: () => clock.at, config: KioskConfig.parse({}), log: createLogger('debug', sink) });
  open.push(k);
  expect(await enrolKiosk(k, hq.url, await hq.enrolmentCode('S001'))).toMatchObject({ status: 'enrolled' });
  return { hq, k, phone, clock };
}

/** Asks for a code in the visit and answers it with what the phone received (or `code`). */
async function prove(k: KioskCore, phone: Phone, sessionId: string, action: ReturnType<typeof join> | { kind: 'signIn' } | { kind: 'forget' }, mobile = MOBILE) {
  const { challengeId } = data(await call(k, 'memberCodeSend', { sessionId, mobile }));
  return call(k, 'memberCodeVerify', { sessionId, challengeId, code: phone.code(), action });
}

describe(`membership by mobile (${testEngine()})`, () => {
  it('joins without a face, is greeted by number on the next visit with their lists, and deletes it all by number', async () => {
    const logLines: string[] = [];
    const { k, phone, clock } = await setup({ logLines });
    const first = await visit(k);
    const sent = data(await call(k, 'memberCodeSend', { sessionId: first, mobile: '139 8765 4321' }));
    expect(sent).toMatchObject({ resendInS: 60, expiresInS: 300 });
    expect(phone.texts.map((t) => t.to)).toEqual([MOBILE]);
    const wrong = String((Number(phone.code()) + 1) % 1_000_000).padStart(6, '0');
    expect(await call(k, 'memberCodeVerify', { sessionId: first, challengeId: sent.challengeId, code: wrong, action: join() })).toMatchObject({ ok: false, error: { code: 'CODE_WRONG', field: 'code' } });
    const joined = data(await call(k, 'memberCodeVerify', { sessionId: first, challengeId: sent.challengeId, code: phone.code(), action: join() }));
    expect(joined).toMatchObject({ status: 'member', displayName: '王女士', mobileMasked: '139****4321', favourites: [], lastCart: [] });
    const memberId = joined.status === 'member' ? joined.memberId : '';
    expect(k.db.prepare('SELECT consent_version AS consent, (SELECT count(*) FROM face_templates) AS templates FROM members').get()).toEqual({ consent: MEMBER_CONSENT.version, templates: 0 });
    // The visit is theirs: what they keep in it is there next time.
    const product = (k.db.prepare('SELECT id FROM products LIMIT 1').pluck().get() as string) ?? '';
    expect(data(await call(k, 'memberLists', { sessionId: first, favourites: [product], cart: [{ productId: product, quantity: 2 }] }))).toEqual({ kept: true });
    data(await call(k, 'endSession', { sessionId: first, reason: 'finished' }));

    clock.at += 3_600_000;
    const second = await visit(k);
    const greeted = data(await prove(k, phone, second, { kind: 'signIn' }));
    expect(greeted).toMatchObject({ status: 'member', memberId, displayName: '王女士', favourites: [{ id: product }], lastCart: [{ product: { id: product }, quantity: 2 }] });

    clock.at += 120_000;
    const forgotten = data(await prove(k, phone, second, { kind: 'forget' }));
    expect(forgotten).toMatchObject({ status: 'forgotten', receipt: { reference: expect.stringMatching(/^F-[0-9A-F]{10}$/), templates: 0 } });
    expect(k.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
    expect(k.db.prepare('SELECT count(*) FROM member_lists').pluck().get()).toBe(0);

    clock.at += 120_000;
    expect(data(await prove(k, phone, await visit(k), { kind: 'signIn' }))).toEqual({ status: 'unknown' });

    // Neither the number nor a code in the kiosk's database, outbox or log.
    const file = k.db.name;
    k.close();
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))).toString('latin1');
    expect(bytes).not.toContain(MOBILE);
    expect(bytes).not.toContain('87654321');
    const log = logLines.join('');
    expect(log).toContain('member joined by mobile');
    expect(log).not.toContain('87654321');
    for (const text of phone.texts) expect(log).not.toContain(/验证码 (\d{6})/.exec(text.text)![1]);
  });

  it('a number that is a member already joins by being greeted; an unknown number signs in as nobody', async () => {
    const { k, phone, clock } = await setup();
    data(await prove(k, phone, await visit(k), join('王女士')));
    clock.at += 120_000;
    expect(data(await prove(k, phone, await visit(k), join('Somebody else')))).toMatchObject({ status: 'member', displayName: '王女士' });
    expect(k.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(1);
    expect(data(await prove(k, phone, await visit(k), { kind: 'signIn' }, '13711112222'))).toEqual({ status: 'unknown' });
  });

  it('a code proves the number only in the visit that asked for it, and only once', async () => {
    const { k, phone } = await setup();
    const asked = await visit(k);
    const { challengeId } = data(await call(k, 'memberCodeSend', { sessionId: asked, mobile: MOBILE }));
    const code = phone.code();
    const elsewhere = await visit(k);
    expect(await call(k, 'memberCodeVerify', { sessionId: elsewhere, challengeId, code, action: { kind: 'signIn' } })).toMatchObject({ ok: false, error: { code: 'CODE_EXPIRED' } });
    expect(data(await call(k, 'memberCodeVerify', { sessionId: asked, challengeId, code, action: join() }))).toMatchObject({ status: 'member' });
    expect(await call(k, 'memberCodeVerify', { sessionId: asked, challengeId, code, action: { kind: 'forget' } })).toMatchObject({ ok: false, error: { code: 'CODE_EXPIRED' } });
    expect(k.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(1);
  });

  it('too many codes for a number, a malformed number, and an old consent are refused with their codes', async () => {
    const { k, phone } = await setup();
    const sessionId = await visit(k);
    data(await call(k, 'memberCodeSend', { sessionId, mobile: MOBILE }));
    expect(await call(k, 'memberCodeSend', { sessionId, mobile: MOBILE })).toMatchObject({ ok: false, error: { code: 'TOO_MANY_CODES', field: 'mobile' } });
    expect(await call(k, 'memberCodeSend', { sessionId, mobile: '110105198808081237' })).toMatchObject({ ok: false, error: { code: 'MOBILE_FORMAT' } });
    const { challengeId } = data(await call(k, 'memberCodeSend', { sessionId, mobile: '13600001111' }));
    const outdated = { ...join(), consentVersion: 'member-2025.01-1' };
    expect(await call(k, 'memberCodeVerify', { sessionId, challengeId, code: phone.code(), action: outdated })).toMatchObject({ ok: false, error: { code: 'CONSENT_OUTDATED' } });
  });

  it('without HQ (standalone, or HQ down) the kiosk says codes are unavailable, so the screen sends the shopper to staff', async () => {
    const standalone = startCore(tempDir());
    open.push(standalone);
    expect(await call(standalone, 'memberCodeSend', { sessionId: await visit(standalone), mobile: MOBILE })).toMatchObject({ ok: false, error: { code: 'VERIFY_UNAVAILABLE' } });

    const { hq, k } = await setup();
    await hq.close();
    open.splice(open.indexOf(hq), 1);
    expect(await call(k, 'memberCodeSend', { sessionId: await visit(k), mobile: MOBILE })).toMatchObject({ ok: false, error: { code: 'VERIFY_UNAVAILABLE' } });
  });
});
