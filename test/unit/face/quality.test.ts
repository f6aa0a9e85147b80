import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUALITY, qualityHint } from '../../../electron/domain/face-quality.ts';
import { around, cameraFrame, faceSharpness, faces, loadFaceApi, photo, SAMPLES } from './face-models.ts';

/**
 * Enrolment's quality gate on real faces: each sample face, cut out as a camera would frame it,
 * passes; the same frame blurred, shrunk to a far-away face, or with two faces in it gets the hint
 * the screen shows. The sharpness figures are printed: QUALITY.minSharpness was chosen from them.
 */

function blurred(source: Canvas, px: number): Canvas {
  const out = createCanvas(source.width, source.height);
  const ctx = out.getContext('2d');
  ctx.filter = `blur(${px}px)`;
  ctx.drawImage(source, 0, 0);
  return out;
}

const measure = async (canvas: Canvas) =>
  (await faces(canvas)).map((f) => ({ box: f.box, landmarks: f.landmarks, sharpness: faceSharpness(canvas, f.box) }));

let framed: Canvas[] = [];

beforeAll(async () => {
  await loadFaceApi();
  framed = [];
  for (const file of SAMPLES) {
    const picture = await photo(file);
    for (const face of await faces(picture)) framed.push(cameraFrame(around(picture, face.box, { pad: 0.6 })));
  }
}, 120_000);

describe('enrolment quality gate on the sample faces', () => {
  it('keeps a sharp, near, frontal face and asks a blurred one to hold still', async () => {
    const sharp: number[] = [];
    const soft: number[] = [];
    let kept = 0;
    for (const canvas of framed) {
      const found = await measure(canvas);
      if (found.length !== 1) continue;
      sharp.push(found[0]!.sharpness);
      const hint = qualityHint({ width: 640, height: 480, faces: found });
      if (hint === null) kept++;
      else expect(hint).toBe('NOT_FRONTAL');
      const blur = await measure(blurred(canvas, 2));
      if (blur.length === 1) {
        soft.push(blur[0]!.sharpness);
        expect(qualityHint({ width: 640, height: 480, faces: blur })).toMatch(/BLURRY|NOT_FRONTAL/);
      }
    }
    console.log(`sharpness, focused: ${sharp.map((s) => s.toFixed(0)).join(' ')}; blurred 2 px: ${soft.map((s) => s.toFixed(0)).join(' ')}`);
    expect(kept).toBeGreaterThanOrEqual(4);
    expect(Math.max(...soft)).toBeLessThan(QUALITY.minSharpness);
  }, 120_000);

  it('asks a face far from the camera to come closer', async () => {
    const far = await measure(cameraFrame(framed[0]!, 0.35));
    expect(far.length).toBe(1);
    expect(qualityHint({ width: 640, height: 480, faces: far })).toBe('TOO_FAR');
  }, 60_000);

  it('keeps no view while two faces are in the frame, or none', async () => {
    const two = createCanvas(640, 480);
    const ctx = two.getContext('2d');
    ctx.drawImage(framed[0]!, 0, 0, 640, 480, 0, 60, 320, 240);
    ctx.drawImage(framed[1]!, 0, 0, 640, 480, 320, 60, 320, 240);
    const found = await measure(two);
    expect(found.length).toBe(2);
    expect(qualityHint({ width: 640, height: 480, faces: found })).toBe('SEVERAL_FACES');
    expect(qualityHint({ width: 640, height: 480, faces: [] })).toBe('NO_FACE');
  }, 60_000);
});
