import type { Canvas } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { distance, MATCH_MARGIN, MATCH_THRESHOLD, TemplateIndex } from '../../../electron/domain/face-match.ts';
import { isFrontal, poseOf } from '../../../electron/domain/face-pose.ts';
import { judgeLiveness } from '../../../electron/domain/liveness.ts';
import { around, faces, loadFaceApi, photo, SAMPLES, type Face } from './face-models.ts';

/**
 * The recognition model on face-api's own sample photos (issue 10): every face is found; one face
 * under a looser or tighter crop, half the size, more or less light and a small tilt stays within
 * the kiosk's match threshold; different people stay apart, by more than the margin. The distance
 * distributions are printed: they are what MATCH_THRESHOLD and MATCH_MARGIN were chosen from.
 */

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(3);
  return `n=${sorted.length} min ${at(0)} p50 ${at(0.5)} p95 ${at(0.95)} max ${at(1)}`;
};

const VARIANTS = {
  'loose crop': { pad: 1 },
  'tight crop': { pad: 0.45 },
  'half size': { scale: 0.5 },
  brighter: { light: 1.35 },
  darker: { light: 0.65 },
  'tilted 8° left': { turn: -8 },
  'tilted 8° right': { turn: 8 },
};

let found: Array<{ sample: number; picture: Canvas; faces: Face[] }> = [];

beforeAll(async () => {
  await loadFaceApi();
  found = [];
  for (const [i, file] of SAMPLES.entries()) {
    const picture = await photo(file);
    found.push({ sample: i + 1, picture, faces: await faces(picture) });
  }
}, 120_000);

describe('face descriptors on the sample photos', () => {
  it('finds the faces in every photo, each with 68 landmarks and 128 numbers; a tilted head is not frontal', () => {
    expect(found.map((f) => f.faces.length)).toEqual([3, 1, 3, 4, 5, 5]);
    // Sample 1's second face leans well over (the photo shows it): enrolment would ask to sit up.
    const tilted = poseOf(found[0]!.faces[1]!.landmarks);
    expect(Math.abs(tilted.roll)).toBeGreaterThan(40);
    expect(isFrontal(tilted)).toBe(false);
    for (const face of found.flatMap((f) => f.faces)) {
      expect(face.landmarks).toHaveLength(68);
      expect(face.descriptor).toHaveLength(128);
    }
  });

  it('keeps one face within the threshold under crop, size, light and tilt, and different people apart by more than the margin', async () => {
    const same: number[] = [];
    // The tiny detector (the one fast enough for a kiosk's frames) misses the odd face cut close.
    const missed: string[] = [];
    const byVariant: Record<string, number[]> = {};
    // The upright, frontal faces of the first three photos (what enrolment keeps), each under every variant.
    const enrollable = found.slice(0, 3).flatMap(({ picture, faces: inPhoto }) => inPhoto.filter((f) => isFrontal(poseOf(f.landmarks))).map((face) => ({ picture, face })));
    expect(enrollable.length).toBeGreaterThanOrEqual(5);
    {
      for (const { picture, face } of enrollable) {
        for (const [name, options] of Object.entries(VARIANTS)) {
          const view = around(picture, face.box, options);
          // The face the variant is centred on (a loose crop takes in a neighbour or two).
          const offCentre = (f: Face) => Math.hypot(f.box.x + f.box.width / 2 - view.width / 2, f.box.y + f.box.height / 2 - view.height / 2);
          const centred = (await faces(view)).sort((a, b) => offCentre(a) - offCentre(b))[0];
          if (!centred) {
            missed.push(name);
            continue;
          }
          const d = distance(face.descriptor, centred.descriptor);
          same.push(d);
          (byVariant[name] ??= []).push(d);
        }
      }
    }
    // Different people: every pair of faces within one photo (a group photo has no one twice).
    const different = found.flatMap(({ faces: inPhoto }) => inPhoto.flatMap((a, i) => inPhoto.slice(i + 1).map((b) => distance(a.descriptor, b.descriptor))));
    console.log(`same face, varied (${enrollable.length} faces × ${Object.keys(VARIANTS).length} variants): ${summary(same)}`);
    for (const [name, values] of Object.entries(byVariant)) console.log(`  ${name.padEnd(16)} ${summary(values)}`);
    console.log(`different people:  ${summary(different)}`);
    console.log(`not found again: ${missed.length ? missed.join(', ') : 'none'}`);
    expect(missed.length).toBeLessThanOrEqual(Math.ceil((same.length + missed.length) / 10));
    expect(Math.max(...same)).toBeLessThanOrEqual(MATCH_THRESHOLD);
    expect(Math.min(...different)).toBeGreaterThan(MATCH_THRESHOLD + MATCH_MARGIN);
  }, 240_000);

  it('matches a varied face to its person among everyone in the photos, and greets nobody it does not know', async () => {
    const everyone = found.flatMap(({ sample, faces: inPhoto }) => inPhoto.map((face, i) => ({ memberId: `m${sample}-${i}`, descriptor: face.descriptor })));
    const { picture, faces: inPhoto } = found[2]!;
    const index = new TemplateIndex(everyone);
    const live = (await faces(around(picture, inPhoto[1]!.box, { scale: 0.6, light: 0.8 })))[0]!;
    expect(index.match(live.descriptor)).toMatchObject({ kind: 'member', memberId: 'm3-1' });
    // Without that person's template, the nearest one is someone else's, too far to greet.
    const without = new TemplateIndex(everyone.filter((t) => t.memberId !== 'm3-1'));
    expect(without.match(live.descriptor)).toMatchObject({ kind: 'none', reason: 'TOO_FAR' });
  }, 60_000);

  it('fails liveness on a real face’s recorded landmarks from a still photo, held still or moved about in front of the camera', async () => {
    const { picture, faces: inPhoto } = found[2]!;
    const face = inPhoto[1]!;
    const order = ['turn_left', 'blink', 'turn_right'] as const;
    const held = Array.from({ length: 40 }, (_, i) => ({ at: i * 100, landmarks: face.landmarks }));
    expect(judgeLiveness(order, held, 0)).toMatchObject({ passed: false, reason: 'STILL_IMAGE' });
    // The photo shifted, scaled and tilted: the landmarks move, the eyes never close.
    const moved = [];
    for (const [i, options] of [{}, { scale: 0.8 }, { turn: -8 }, { turn: 8 }, { pad: 0.8 }, { scale: 0.7, turn: 5 }].entries()) {
      const seen = (await faces(around(picture, face.box, options)))[0];
      moved.push({ at: i * 500, landmarks: seen?.landmarks ?? null });
    }
    expect(judgeLiveness(order, moved, 0)).toMatchObject({ passed: false, reason: 'TIMED_OUT' });
  }, 60_000);
});
