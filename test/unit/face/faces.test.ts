import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import { FACE_CONSENT } from '../../../electron/contract/face.ts';
import { FaceStore, faceKey } from '../../../electron/core/face/face-store.ts';
import { createLogger } from '../../../electron/core/logger.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import { plainFileVault } from '../../../electron/core/sync/identity.ts';
import { application, call, data, DAY, kiosks, MORNING, productWithPlan, visit } from '../../helpers/credit.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { around, faces, photo, SAMPLES } from './face-models.ts';

/**
 * Members' faces in the core (issue 10): enrol with consent, be recognised, delete; descriptors
 * encrypted at rest and nowhere else. The faces are real ones from face-api's sample photos.
 */
const core = kiosks();
const tempDir = tempDirs();

let member: number[][] = [];
let memberLater: number[] = [];
let stranger: number[] = [];

beforeAll(async () => {
  const picture = await photo(SAMPLES[2]!);
  const [other, person] = await faces(picture);
  const frames = [];
  for (const [scale, light] of [[1, 1], [0.7, 1.1], [0.8, 0.9], [0.6, 1.2]] as const) frames.push((await faces(around(picture, person!.box, { scale, light })))[0]!);
  member = frames.slice(0, 3).map((f) => Array.from(f.descriptor));
  memberLater = Array.from(frames[3]!.descriptor);
  stranger = Array.from(other!.descriptor);
}, 120_000);

const enrolment = (sessionId: string, overrides: Record<string, unknown> = {}) => ({
  sessionId,
  consentVersion: FACE_CONSENT.version,
  locale: 'zh-CN' as const,
  displayName: '小王',
  mobile: '139 1234 5678',
  descriptors: member,
  ...overrides,
});

describe('members’ faces', () => {
  it('enrols with consent, greets the member on a later visit from another frame, and tells a stranger from them', async () => {
    const k = core();
    expect(await call(k, 'faceEnrol', enrolment(await visit(k)))).toMatchObject({ ok: true, data: { templates: 3 } });
    const later = await visit(k);
    expect(await call(k, 'faceRecognise', { sessionId: later, descriptor: memberLater })).toMatchObject({
      ok: true,
      data: { status: 'member', displayName: '小王', mobileMasked: '139****5678' },
    });
    expect(await call(k, 'faceRecognise', { sessionId: later, descriptor: stranger })).toEqual({ ok: true, data: { status: 'unknown' } });
    k.close();
  });

  it('greets a member with the favourites and cart they left with and what they were approved for lately; "not me" keeps nothing for them', async () => {
    const clock = { at: MORNING };
    const k = core({ clock });
    await call(k, 'faceEnrol', enrolment(await visit(k)));
    // A visit nobody was recognised in keeps no lists.
    const anonymous = await visit(k);
    expect(await call(k, 'memberLists', { sessionId: anonymous, favourites: [], cart: [] })).toEqual({ ok: true, data: { kept: false } });

    const first = await visit(k);
    expect(await call(k, 'faceRecognise', { sessionId: first, descriptor: memberLater })).toMatchObject({ ok: true, data: { favourites: [], lastCart: [], preapproved: null } });
    const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
    const approved = data(await call(k, 'applyForCredit', application(first, product.id, offer))).application;
    expect(approved.status).toBe('approved');
    expect(await call(k, 'memberLists', { sessionId: first, favourites: [product.id], cart: [{ productId: product.id, quantity: 2 }] })).toEqual({ ok: true, data: { kept: true } });

    // A later visit that leaves with an empty cart keeps the last cart that had something in it.
    const browsing = await visit(k);
    await call(k, 'faceRecognise', { sessionId: browsing, descriptor: memberLater });
    expect(await call(k, 'memberLists', { sessionId: browsing, favourites: [product.id] })).toEqual({ ok: true, data: { kept: true } });

    clock.at += 3 * DAY;
    const greeting = data(await call(k, 'faceRecognise', { sessionId: await visit(k), descriptor: memberLater }));
    expect(greeting).toMatchObject({ status: 'member', favourites: [{ id: product.id }], lastCart: [{ product: { id: product.id }, quantity: 2 }] });
    expect(greeting.status === 'member' && greeting.preapproved).toEqual({ amountFen: expect.any(Number), validUntil: MORNING + 30 * DAY });

    // "Not me": the visit is no longer theirs, so its lists are not kept for them.
    const mistaken = await visit(k);
    await call(k, 'faceRecognise', { sessionId: mistaken, descriptor: memberLater });
    expect(await call(k, 'faceNotMe', { sessionId: mistaken })).toEqual({ ok: true, data: {} });
    expect(await call(k, 'memberLists', { sessionId: mistaken, favourites: [], cart: [] })).toEqual({ ok: true, data: { kept: false } });

    // Past its validity the approval is no longer a pre-approved limit.
    clock.at = MORNING + 31 * DAY;
    expect(await call(k, 'faceRecognise', { sessionId: await visit(k), descriptor: memberLater })).toMatchObject({ ok: true, data: { preapproved: null, favourites: [{ id: product.id }] } });

    // Deleting the face data deletes the lists and which visits were theirs.
    await call(k, 'faceForget', { sessionId: await visit(k), descriptor: memberLater });
    expect(k.db.prepare('SELECT (SELECT count(*) FROM member_lists) + (SELECT count(*) FROM member_visits)').pluck().get()).toBe(0);
    k.close();
  });

  it('refuses what it must not keep, naming the field: old consent, an ended visit, a bad number, views of two people, a member twice', async () => {
    const k = core();
    const sessionId = await visit(k);
    expect(await call(k, 'faceEnrol', enrolment(sessionId, { consentVersion: 'face-2025.01-1' }))).toMatchObject({ ok: false, error: { code: 'CONSENT_OUTDATED', field: 'consentVersion' } });
    expect(await call(k, 'faceEnrol', enrolment(sessionId, { mobile: '12345' }))).toMatchObject({ ok: false, error: { code: 'MOBILE_FORMAT', field: 'mobile' } });
    expect(await call(k, 'faceEnrol', enrolment(sessionId, { descriptors: [member[0], member[1], stranger] }))).toMatchObject({ ok: false, error: { code: 'FACE_MISMATCH', field: 'descriptors' } });
    expect(await call(k, 'faceEnrol', enrolment(sessionId, { descriptors: member.slice(0, 2) }))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'descriptors' } });
    expect(await call(k, 'faceEnrol', enrolment(sessionId))).toMatchObject({ ok: true });
    expect(await call(k, 'faceEnrol', enrolment(sessionId, { mobile: '13912345678' }))).toMatchObject({ ok: false, error: { code: 'ALREADY_MEMBER', field: 'mobile' } });
    expect(await call(k, 'faceEnrol', enrolment(sessionId, { mobile: '13800001111' }))).toMatchObject({ ok: false, error: { code: 'ALREADY_MEMBER', field: 'descriptors' } });
    expect(await call(k, 'endSession', { sessionId, reason: 'idle' })).toMatchObject({ ok: true });
    expect(await call(k, 'faceRecognise', { sessionId, descriptor: memberLater })).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    k.close();
  });

  it('deletes on the member’s request with a receipt naming no one; their face is then unknown', async () => {
    const k = core();
    await call(k, 'faceEnrol', enrolment(await visit(k)));
    const sessionId = await visit(k);
    expect(await call(k, 'faceForget', { sessionId, descriptor: stranger })).toEqual({ ok: true, data: { status: 'unknown' } });
    const forgotten = await call(k, 'faceForget', { sessionId, descriptor: memberLater });
    expect(forgotten).toMatchObject({ ok: true, data: { status: 'forgotten', receipt: { reference: expect.stringMatching(/^F-[0-9A-F]{10}$/), templates: 3 } } });
    expect(k.db.prepare('SELECT count(*) FROM face_templates').pluck().get()).toBe(0);
    expect(k.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
    expect(k.db.prepare('SELECT reason, templates FROM face_deletions').get()).toEqual({ reason: 'member_request', templates: 3 });
    expect(await call(k, 'faceRecognise', { sessionId, descriptor: memberLater })).toEqual({ ok: true, data: { status: 'unknown' } });
    k.close();
  });

  it('lets staff find a member by mobile and delete their face data at their request, audited, when the face will not do', async () => {
    const k = core();
    await call(k, 'faceEnrol', enrolment(await visit(k)));
    const staff = { role: 'staff', staffId: '100202' } as const;
    const find = async (mobile: string) => (await k.dispatch('staffFindMember', { mobile }, staff)) as ApiResult<{ member: { memberId: string; displayName: string; mobileMasked: string; templates: number } | null }>;
    // A shopper cannot look members up.
    expect(await call(k, 'staffFindMember', { mobile: '13912345678' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await find('139-1234-5678')).toMatchObject({ ok: true, data: { member: { displayName: '小王', mobileMasked: '139****5678', templates: 3 } } });
    expect(await find('13800001111')).toEqual({ ok: true, data: { member: null } });
    expect(await find('12345')).toMatchObject({ ok: false, error: { code: 'MOBILE_FORMAT', field: 'mobile' } });
    const { memberId } = data(await find('13912345678')).member!;
    const receipt = data((await k.dispatch('staffForgetMember', { memberId }, staff)) as ApiResult<{ reference: string; templates: number }>);
    expect(receipt).toMatchObject({ reference: expect.stringMatching(/^F-[0-9A-F]{10}$/), templates: 3 });
    expect(k.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
    expect(await k.dispatch('staffForgetMember', { memberId }, staff)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // The staff member's action is in the audit log, with the receipt and nothing of the person.
    const audit = k.db.prepare("SELECT staff_id AS staffId, detail FROM staff_audit WHERE action = 'member_face_deleted'").all() as Array<{ staffId: string; detail: string }>;
    expect(audit).toEqual([{ staffId: '100202', detail: JSON.stringify({ reference: receipt.reference, templates: 3 }) }]);
    k.close();
  });

  it('deletes members unseen for the retention period at start (and daily); one recognised since stays', async () => {
    const clock = { at: MORNING };
    const dir = tempDir();
    const started = () => startCore(dir, { now: () => clock.at });
    const first = started();
    await call(first, 'faceEnrol', enrolment(await visit(first)));
    clock.at += 300 * DAY;
    expect(await call(first, 'faceRecognise', { sessionId: await visit(first), descriptor: memberLater })).toMatchObject({ data: { status: 'member' } });
    first.close();
    // 600 days after enrolment, 300 after it was last seen: kept (the retention is 365 days).
    clock.at += 300 * DAY;
    const second = started();
    second.warmUp();
    expect(second.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(1);
    second.close();
    // 370 days unseen: gone with its templates, a receipt row without the person.
    clock.at += 70 * DAY;
    const third = started();
    third.warmUp();
    expect(third.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
    expect(third.db.prepare('SELECT count(*) FROM face_templates').pluck().get()).toBe(0);
    expect(third.db.prepare('SELECT reason, templates FROM face_deletions').get()).toEqual({ reason: 'retention', templates: 3 });
    third.close();
  });

  it('keeps descriptors only as ciphertext under a 0600 key: not in the database file, the outbox or the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const k = core({ log: createLogger('debug', sink) });
    await call(k, 'faceEnrol', enrolment(await visit(k)));
    await call(k, 'faceRecognise', { sessionId: await visit(k), descriptor: memberLater });
    const file = k.db.name;
    const dataDir = join(file, '..');
    expect(pendingOutbox(k.db).filter((m) => m.topic.startsWith('face') || JSON.stringify(m.payload).includes('descriptor'))).toEqual([]);
    k.close();
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    for (const descriptor of member) {
      // The exact float bytes of any stretch of the descriptor would mean it is stored in the clear.
      const plain = Buffer.from(Float32Array.from(descriptor).buffer);
      expect(bytes.includes(plain.subarray(0, 32))).toBe(false);
      expect(bytes.includes(plain.subarray(256, 288))).toBe(false);
    }
    expect(bytes.toString('latin1')).not.toContain('13912345678');
    const log = lines.join('');
    expect(log).toContain('member enrolled a face');
    expect(log).not.toContain(String(member[0]![0]));
    expect(log).not.toContain('13912345678');
    // The key: 0600, and without it (another kiosk's) the templates do not open.
    const keyFile = join(dataDir, 'identity', 'face-key.sealed');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = faceKey(dataDir, plainFileVault);
    const db = new Database(file);
    expect(new FaceStore(db, key).templates()).toHaveLength(3);
    expect(() => new FaceStore(db, Buffer.alloc(32, 7)).templates()).toThrow();
    // A template moved onto another member does not open either (its ids are the cipher's additional data).
    db.prepare("INSERT INTO members (id, display_name, mobile_hmac, mobile_masked, consent_version, consent_locale, consented_at, last_seen_at) VALUES ('intruder', 'x', 'h', 'm', 'v', 'en', 0, 0)").run();
    db.prepare("UPDATE face_templates SET member_id = 'intruder' WHERE rowid = (SELECT min(rowid) FROM face_templates)").run();
    expect(() => new FaceStore(db, key).templates()).toThrow();
    db.close();
  });
});
