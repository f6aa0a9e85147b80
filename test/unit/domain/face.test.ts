import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DESCRIPTOR_LENGTH, distance, MATCH_MARGIN, MATCH_THRESHOLD, TemplateIndex } from '../../../electron/domain/face-match.ts';
import { eyeAspectRatio, isFrontal, poseOf } from '../../../electron/domain/face-pose.ts';
import { drawChallenges, judgeLiveness, LIVENESS, type Challenge } from '../../../electron/domain/liveness.ts';
import { ACT, film, perform, sketch, still } from '../../helpers/liveness.ts';

/** A unit-length descriptor pointing somewhere of its own (descriptors from the model are about unit length). */
function descriptor(seed: number): Float32Array {
  const out = new Float32Array(DESCRIPTOR_LENGTH);
  let x = seed * 2654435761;
  for (let i = 0; i < DESCRIPTOR_LENGTH; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = x / 2147483648 - 0.5;
  }
  const norm = Math.hypot(...out);
  return out.map((v) => v / norm);
}

/** `base` moved `by` (Euclidean) in a direction of its own. */
function near(base: Float32Array, by: number, seed: number): Float32Array {
  const step = descriptor(seed + 1_000_000);
  return base.map((v, i) => v + step[i]! * by);
}

describe('matching a live face against the members’ templates', () => {
  it('greets the member within the threshold, nobody when too far, nobody when two members are about as near', () => {
    const alice = descriptor(1);
    const bob = descriptor(2);
    const index = new TemplateIndex([
      { memberId: 'alice', descriptor: alice },
      { memberId: 'alice', descriptor: near(alice, 0.1, 3) },
      { memberId: 'bob', descriptor: bob },
    ]);
    expect(index.match(near(alice, 0.2, 4))).toMatchObject({ kind: 'member', memberId: 'alice' });
    expect(index.match(near(alice, MATCH_THRESHOLD + 0.05, 5))).toMatchObject({ kind: 'none', reason: 'TOO_FAR' });
    expect(index.match(descriptor(6))).toMatchObject({ kind: 'none', reason: 'TOO_FAR' });
    // A look-alike enrolled too: the nearest is no longer clearly nearer than the other member.
    const twin = new TemplateIndex([
      { memberId: 'alice', descriptor: alice },
      { memberId: 'carol', descriptor: near(alice, MATCH_MARGIN / 2, 7) },
    ]);
    expect(twin.match(alice)).toMatchObject({ kind: 'none', reason: 'AMBIGUOUS' });
    expect(new TemplateIndex().match(alice)).toEqual({ kind: 'none', reason: 'NO_TEMPLATES', nearest: null });
    expect(() => index.match(new Float32Array(64))).toThrow('128');
    expect(() => new TemplateIndex([{ memberId: 'x', descriptor: new Float32Array(3) }])).toThrow('128');
  });

  it('answers as a plain search of every template would (the early stop changes nothing)', () => {
    const plain = (templates: Array<{ memberId: string; descriptor: Float32Array }>, live: Float32Array) => {
      const nearestOf = new Map<string, number>();
      for (const t of templates) nearestOf.set(t.memberId, Math.min(nearestOf.get(t.memberId) ?? Infinity, distance(t.descriptor, live)));
      const [first, second] = [...nearestOf.entries()].sort((a, b) => a[1] - b[1]);
      if (!first) return 'none';
      if (first[1] > MATCH_THRESHOLD) return 'none';
      return (second?.[1] ?? Infinity) - first[1] < MATCH_MARGIN ? 'none' : first[0];
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 0.6, noNaN: true })), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (rows, who, off) => {
        // Members 0–6, each template near its member's own face; the live face near one of them.
        const templates = rows.map(([member, seed, by]) => ({ memberId: `m${member}`, descriptor: near(descriptor(member + 1), by, seed) }));
        const live = near(descriptor(who + 1), off, 99);
        const got = new TemplateIndex(templates).match(live);
        expect(got.kind === 'member' ? got.memberId : 'none').toBe(plain(templates, live));
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });
});

describe('pose and eyes from the landmarks', () => {
  it('tells open eyes from closed ones, whatever the tilt', () => {
    expect(eyeAspectRatio(sketch({ eyeOpen: 0.3 }))).toBeCloseTo(0.3, 5);
    expect(eyeAspectRatio(sketch({ eyeOpen: 0.08, roll: 12 }))).toBeCloseTo(0.08, 5);
  });

  it('measures lean and turn, and asks a face that leans or turns away to face the screen', () => {
    expect(poseOf(sketch())).toEqual({ roll: 0, yaw: 0 });
    expect(poseOf(sketch({ roll: 25 })).roll).toBeCloseTo(25, 5);
    expect(poseOf(sketch({ yaw: 0.5 })).yaw).toBeGreaterThan(0.2);
    expect(poseOf(sketch({ yaw: -0.5 })).yaw).toBeLessThan(-0.2);
    expect(isFrontal(poseOf(sketch({ roll: 10, yaw: 0.2 })))).toBe(true);
    expect(isFrontal(poseOf(sketch({ roll: 25 })))).toBe(false);
    expect(isFrontal(poseOf(sketch({ yaw: 0.8 })))).toBe(false);
    expect(() => poseOf([{ x: 0, y: 0 }])).toThrow('68 landmarks');
  });
});

describe('the liveness challenge', () => {
  const T = 1_000_000;

  it('draws the three steps in an order of its own each time', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647), seed / 2147483647);
    const orders = Array.from({ length: 30 }, () => drawChallenges(random).join(','));
    for (const order of orders) expect(order.split(',').sort()).toEqual(['blink', 'turn_left', 'turn_right']);
    expect(new Set(orders).size).toBeGreaterThanOrEqual(4);
  });

  it('passes a face that blinks and turns each way in the order asked, with the time each step took', () => {
    const order: Challenge[] = ['turn_right', 'blink', 'turn_left'];
    const result = judgeLiveness(order, film(T, perform(order)), T);
    expect(result).toMatchObject({ passed: true, steps: order.map((challenge) => ({ challenge })) });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('fails a still image, a photo moved about (it cannot blink), a recording made in another order, a slow step, and no face', () => {
    const order: Challenge[] = ['blink', 'turn_left', 'turn_right'];
    const image = sketch();
    expect(judgeLiveness(order, Array.from({ length: 30 }, (_, i) => ({ at: T + i * 100, landmarks: image })), T)).toMatchObject({ passed: false, reason: 'STILL_IMAGE' });
    // A printed photo tilted and turned in front of the camera: it moves, but its eyes never close.
    const waved = film(T, [...still(5), ...ACT.turn_left, ...ACT.turn_right, ...ACT.turn_left, ...still(20)]);
    expect(judgeLiveness(order, waved, T)).toMatchObject({ passed: false, reason: 'TIMED_OUT', failedStep: 'blink' });
    // A video of someone doing the steps in another order: it runs out of right turns.
    expect(judgeLiveness(order, film(T, perform(['turn_right', 'blink', 'turn_left'])), T)).toMatchObject({ passed: false, reason: 'TIMED_OUT', failedStep: 'turn_right' });
    // Each step within its time: a blink after more than the limit does not count.
    const slow = film(T, [...Array.from({ length: LIVENESS.stepMs / 100 + 5 }, () => ({})), ...perform(order)]);
    expect(judgeLiveness(order, slow, T)).toMatchObject({ passed: false, reason: 'TIMED_OUT', failedStep: 'blink' });
    expect(judgeLiveness(order, [{ at: T, landmarks: null }, { at: T + 100, landmarks: null }], T)).toMatchObject({ passed: false, reason: 'NO_FACE' });
  });
});
