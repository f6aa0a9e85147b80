import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRequest } from '../../../electron/contract/api.ts';
import { FACE_CHECK_CONSENT } from '../../../electron/contract/face.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { createLogger } from '../../../electron/core/logger.ts';
import type { Point } from '../../../electron/domain/face-pose.ts';
import type { LivenessFrame } from '../../../electron/domain/liveness.ts';
import { application, call, data, DAY, GOOD_ID, kiosks, MORNING, OTHER_ID, productWithPlan, visit } from '../../helpers/credit.ts';
import { startCore } from '../../helpers/core.ts';
import { film, perform } from '../../helpers/liveness.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { around, faces, photo, SAMPLES } from './face-models.ts';

/**
 * The face check in a credit application (issue 10 items 5 and 6), through the core as the kiosk
 * runs it: the core draws the steps' order, judges the landmarks itself, and the result is a
 * decision input of credit-2026.12-3. A failed or skipped check, or one face under two IDs, goes
 * to staff; never a decline by itself. Faces are real ones from face-api's sample photos.
 */
const core = kiosks();
const tempDir = tempDirs();

let person: number[] = [];
let personLater: number[] = [];
/** The landmarks of a real face in a photo: what a printed photo held up gives, frame after frame. */
let photoLandmarks: Point[] = [];

beforeAll(async () => {
  const picture = await photo(SAMPLES[2]!);
  const [, found] = await faces(picture);
  person = Array.from(found!.descriptor);
  personLater = Array.from((await faces(around(picture, found!.box, { scale: 0.7, light: 1.1 })))[0]!.descriptor);
  photoLandmarks = found!.landmarks;
}, 120_000);

type Face = NonNullable<ChannelRequest<'applyForCredit'>['face']>;

/** A visit, a challenge, and the application with `face` made from the order the core drew. */
async function applyWithFace(k: KioskCore, clock: { at: number }, face: (challenge: { challengeId: string; order: ReadonlyArray<'blink' | 'turn_left' | 'turn_right'> }) => Face | undefined, residentId = GOOD_ID) {
  const sessionId = await visit(k);
  const challenge = data(await call(k, 'faceChallenge', { sessionId }));
  const { product, offer } = await productWithPlan(k, (fen) => fen >= 300_000 && fen <= 800_000);
  const body = face(challenge);
  // The attempt takes its time: the frames lie between the challenge and the application.
  clock.at += 10_000;
  const request = { ...application(sessionId, product.id, offer, { residentId }), ...(body ? { face: body } : {}) };
  return { sessionId, challenge, request, result: await call(k, 'applyForCredit', request) };
}

const attempt = (challengeId: string, startedAt: number, frames: readonly LivenessFrame[], descriptor: number[] | null): Face => ({
  kind: 'attempt',
  consentVersion: FACE_CHECK_CONSENT.version,
  challengeId,
  startedAt,
  frames: frames.map((f) => ({ at: f.at, landmarks: f.landmarks ? [...f.landmarks] : null })),
  descriptor,
});

const decisionInputOf = (k: KioskCore, applicationId: string) =>
  JSON.parse(k.db.prepare('SELECT input FROM credit_decisions WHERE application_id = ?').pluck().get(applicationId) as string) as { face?: unknown };

describe('the face check in a credit application', () => {
  it('decides a passed check as before, keeps its face sealed to the application, and uses its challenge up', async () => {
    const clock = { at: MORNING };
    const k = core({ clock });
    const started = clock.at;
    const { challenge, request, result } = await applyWithFace(k, clock, ({ challengeId, order }) => attempt(challengeId, started, film(started + 100, perform(order)), person));
    const view = data(result).application;
    expect(view.status).toBe('approved');
    expect(decisionInputOf(k, view.applicationId).face).toEqual({ liveness: 'passed', livenessMs: expect.any(Number), otherIds: 0 });
    expect(k.db.prepare('SELECT count(*) FROM application_faces WHERE application_id = ?').pluck().get(view.applicationId)).toBe(1);
    // Used once: a second application cannot bring the same attempt.
    const again = await call(k, 'applyForCredit', { ...request, requestId: 'another-request-1' });
    expect(again).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'face.challengeId' } });
    expect(challenge.order).toHaveLength(3);
    k.close();
  });

  it('fails a printed photo held up (a real face’s landmarks, frame after frame) and refers the application to staff, never declining it', async () => {
    const clock = { at: MORNING };
    const k = core({ clock });
    const started = clock.at;
    const held = Array.from({ length: 40 }, (_, i) => ({ at: started + 100 + i * 100, landmarks: photoLandmarks }));
    const { result } = await applyWithFace(k, clock, ({ challengeId }) => attempt(challengeId, started, held, person));
    const view = data(result).application;
    expect(view.status).toBe('referred');
    expect(k.db.prepare('SELECT signals FROM credit_decisions WHERE application_id = ?').pluck().get(view.applicationId)).toContain('LIVENESS_FAILED');
    expect(decisionInputOf(k, view.applicationId).face).toMatchObject({ liveness: 'failed' });
    k.close();
  });

  it('refers one face applying under a second resident ID (FACE_OTHER_IDS); the same ID again is no signal', async () => {
    const clock = { at: MORNING };
    const k = core({ clock });
    const passed = (descriptor: number[]) => (c: { challengeId: string; order: ReadonlyArray<'blink' | 'turn_left' | 'turn_right'> }) =>
      attempt(c.challengeId, clock.at, film(clock.at + 100, perform(c.order)), descriptor);
    expect(data((await applyWithFace(k, clock, passed(person))).result).application.status).toBe('approved');
    const sameId = data((await applyWithFace(k, clock, passed(personLater))).result).application;
    expect(decisionInputOf(k, sameId.applicationId).face).toMatchObject({ otherIds: 0 });
    const otherId = data((await applyWithFace(k, clock, passed(personLater), OTHER_ID)).result).application;
    expect(otherId.status).toBe('referred');
    expect(decisionInputOf(k, otherId.applicationId).face).toMatchObject({ liveness: 'passed', otherIds: 1 });
    expect(k.db.prepare('SELECT signals FROM credit_decisions WHERE application_id = ?').pluck().get(otherId.applicationId)).toContain('FACE_OTHER_IDS');
    k.close();
  });

  it('refers a check the shopper agreed to and skipped; without their agreement nothing changes; an old consent text is refused at its field', async () => {
    const clock = { at: MORNING };
    const k = core({ clock });
    const skipped = data((await applyWithFace(k, clock, () => ({ kind: 'skipped', consentVersion: FACE_CHECK_CONSENT.version, reason: 'camera_unavailable' }))).result).application;
    expect(skipped.status).toBe('referred');
    expect(decisionInputOf(k, skipped.applicationId).face).toEqual({ liveness: 'skipped', livenessMs: 0, otherIds: 0 });
    const without = data((await applyWithFace(k, clock, () => undefined, OTHER_ID)).result).application;
    expect(without.status).toBe('approved');
    expect(decisionInputOf(k, without.applicationId).face).toEqual({ liveness: 'not_used', livenessMs: 0, otherIds: 0 });
    const outdated = await applyWithFace(k, clock, ({ challengeId }) => ({ ...attempt(challengeId, clock.at, [], null), consentVersion: 'face-check-2025.01-1' }));
    expect(outdated.result).toMatchObject({ ok: false, error: { code: 'CONSENT_OUTDATED', field: 'face.consentVersion' } });
    k.close();
  });

  it('keeps an application’s face 180 days and not a day more, and never in the outbox or the log', async () => {
    const clock = { at: MORNING };
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const dir = tempDir();
    const first = startCore(dir, { now: () => clock.at, log: createLogger('debug', sink) });
    const started = clock.at;
    await applyWithFace(first, clock, ({ challengeId, order }) => attempt(challengeId, started, film(started + 100, perform(order)), person));
    expect(pendingOutbox(first.db).filter((m) => JSON.stringify(m.payload).includes(String(person[0])))).toEqual([]);
    const file = first.db.name;
    first.close();
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    expect(bytes.includes(Buffer.from(Float32Array.from(person).buffer).subarray(0, 32))).toBe(false);
    expect(lines.join('')).not.toContain(String(person[0]));

    clock.at = MORNING + 179 * DAY;
    const second = startCore(dir, { now: () => clock.at });
    second.warmUp();
    expect(second.db.prepare('SELECT count(*) FROM application_faces').pluck().get()).toBe(1);
    second.close();
    clock.at = MORNING + 181 * DAY;
    const third = startCore(dir, { now: () => clock.at });
    third.warmUp();
    expect(third.db.prepare('SELECT count(*) FROM application_faces').pluck().get()).toBe(0);
    third.close();
  });
});
