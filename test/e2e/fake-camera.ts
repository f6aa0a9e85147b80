import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { qualityHint } from '../../electron/domain/face-quality.ts';
import { around, cameraFrame, faceSharpness, faces, photo, SAMPLES } from '../unit/face/face-models.ts';

/**
 * What Chromium's fake webcam shows in the face tests (`--use-file-for-fake-video-capture`): a
 * frame made from one of face-api's sample photos, cut around a face the kiosk's quality gate
 * accepts, as a 640×480 Y4M file. A still picture: exactly what a printed photo held up would be.
 */
const DIR = join(import.meta.dirname, '..', '..', 'test-results', 'fake-camera');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the `nth` face's file is: launch options need the path before the file is made. */
export const fakeCameraPath = (nth = 0) => join(DIR, `face-${nth}.y4m`);

/** Makes (once) the Y4M file showing the `nth` face (0-based) among the sample faces that pass enrolment's quality gate. */
export async function makeFakeCameraFile(nth = 0): Promise<string> {
  const file = fakeCameraPath(nth);
  if (existsSync(file)) return file;
  let seen = 0;
  for (const sample of SAMPLES) {
    const picture = await photo(sample);
    for (const face of await faces(picture)) {
      const frame = cameraFrame(around(picture, face.box, { pad: 0.6 }));
      const found = await faces(frame);
      // Twice the sharpness the gate asks for: the video path (4:2:0, decode) softens it a little.
      const measured = found.map((f) => ({ ...f, sharpness: faceSharpness(frame, f.box) / 2 }));
      if (found.length !== 1 || qualityHint({ width: 640, height: 480, faces: measured }) !== null) continue;
      if (seen++ < nth) continue;
      mkdirSync(DIR, { recursive: true });
      writeFileSync(file, y4m(frame));
      return file;
    }
  }
  throw new Error(`fewer than ${nth + 1} sample faces pass the quality gate`);
}

/** A camera that sees nobody: an empty shop floor, a plain grey frame. */
export const emptyCameraPath = () => join(DIR, 'empty.y4m');

export function makeEmptyCameraFile(): string {
  const file = emptyCameraPath();
  if (existsSync(file)) return file;
  const canvas = createCanvas(640, 480);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#9a9a94';
  ctx.fillRect(0, 0, 640, 480);
  mkdirSync(DIR, { recursive: true });
  writeFileSync(file, y4m(canvas));
  return file;
}

/** YUV4MPEG2, 4:2:0 (BT.601 full range): what Chromium's file capture reads. Ten copies of the frame. */
function y4m(canvas: Canvas): Buffer {
  const { width, height } = canvas;
  const rgba = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc(u.length);
  for (let i = 0, p = 0; i < y.length; i++, p += 4) y[i] = Math.round(0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!);
  for (let row = 0; row < height / 2; row++) {
    for (let col = 0; col < width / 2; col++) {
      const p = (row * 2 * width + col * 2) * 4;
      const [r, g, b] = [rgba[p]!, rgba[p + 1]!, rgba[p + 2]!];
      const i = row * (width / 2) + col;
      u[i] = Math.max(0, Math.min(255, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)));
      v[i] = Math.max(0, Math.min(255, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)));
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 10 }, () => frame)]);
}

/**
 * Launch options for a browser whose webcam shows `file`. Whether the page may use it is the
 * context's `permissions` (['camera'] or none), as a kiosk's permission handler decides.
 */
export function withFakeCamera(file: string) {
  return {
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
  };
}
