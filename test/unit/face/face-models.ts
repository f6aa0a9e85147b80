/**
 * face-api (@vladmandic/face-api) in Node on the tfjs wasm backend, with the model weights and
 * sample photos the package ships: what the face tests and the face benchmark share. The kiosk runs
 * the same models in the renderer's worker; nothing here is a stand-in for them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, loadImage, type Canvas } from '@napi-rs/canvas';
import type * as TfModule from '@tensorflow/tfjs';
import { greyOf, laplacianVariance } from '../../../electron/domain/face-quality.ts';
import type * as FaceApiModule from '@vladmandic/face-api';

const require = createRequire(import.meta.url);
type FaceApi = typeof FaceApiModule;
type Tf = typeof TfModule;

export const FACE_API_DIR = dirname(require.resolve('@vladmandic/face-api/package.json'));
export const SAMPLES = [1, 2, 3, 4, 5, 6].map((n) => join(FACE_API_DIR, 'demo', `sample${n}.jpg`));

let ready: Promise<{ faceapi: FaceApi; tf: Tf }> | undefined;

/** The wasm backend with its binaries from node_modules (no network), and the three models a kiosk uses. */
export function loadFaceApi(): Promise<{ faceapi: FaceApi; tf: Tf }> {
  ready ??= (async () => {
    const tf = require('@tensorflow/tfjs') as Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(path: string, usePlatformFetch?: boolean): void };
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`, false);
    await tf.setBackend('wasm');
    await tf.ready();
    const models = join(FACE_API_DIR, 'model');
    await faceapi.nets.tinyFaceDetector.loadFromDisk(models);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
    return { faceapi, tf };
  })();
  return ready;
}

export async function photo(file: string): Promise<Canvas> {
  const image = await loadImage(readFileSync(file));
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas;
}

export interface Face {
  box: { x: number; y: number; width: number; height: number };
  descriptor: Float32Array;
  landmarks: Array<{ x: number; y: number }>;
}

/** Every face in the picture with its 68 landmarks and its descriptor (tiny detector, 416 px). */
export async function faces(canvas: Canvas): Promise<Face[]> {
  const { faceapi, tf } = await loadFaceApi();
  const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  const input = tf.tidy(() => tf.tensor3d(Int32Array.from(data), [height, width, 4], 'int32').slice([0, 0, 0], [-1, -1, 3]));
  try {
    const found = await faceapi
      .detectAllFaces(input as never, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.4 }))
      .withFaceLandmarks()
      .withFaceDescriptors();
    return found.map((f) => ({
      box: { x: f.detection.box.x, y: f.detection.box.y, width: f.detection.box.width, height: f.detection.box.height },
      descriptor: f.descriptor,
      landmarks: f.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
    }));
  } finally {
    tf.dispose(input);
  }
}

/** Part of a picture around a face, `pad` face-sizes on each side, drawn `scale` times its size, `turn` degrees, lit × `light`. */
export function around(source: Canvas, box: Face['box'], { pad = 0.6, scale = 1, turn = 0, light = 1 } = {}): Canvas {
  const x = Math.max(0, box.x - box.width * pad);
  const y = Math.max(0, box.y - box.height * pad);
  const w = Math.min(source.width - x, box.width * (1 + 2 * pad));
  const h = Math.min(source.height - y, box.height * (1 + 2 * pad));
  const out = createCanvas(Math.round(w * scale), Math.round(h * scale));
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.translate(out.width / 2, out.height / 2);
  ctx.rotate((turn * Math.PI) / 180);
  ctx.translate(-out.width / 2, -out.height / 2);
  ctx.drawImage(source, x, y, w, h, 0, 0, out.width, out.height);
  if (light !== 1) {
    const pixels = ctx.getImageData(0, 0, out.width, out.height);
    for (let i = 0; i < pixels.data.length; i += 4) for (let c = 0; c < 3; c++) pixels.data[i + c] = Math.min(255, pixels.data[i + c]! * light);
    ctx.putImageData(pixels, 0, 0);
  }
  return out;
}

/** A 640×480 camera frame with the picture drawn at `scale` of the frame's fit in its middle, on grey. */
export function cameraFrame(source: Canvas, scale = 1): Canvas {
  const out = createCanvas(640, 480);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, 640, 480);
  const fit = Math.min(640 / source.width, 480 / source.height) * scale;
  const [w, h] = [source.width * fit, source.height * fit];
  ctx.drawImage(source, (640 - w) / 2, (480 - h) / 2, w, h);
  return out;
}

/** What the kiosk's worker measures of a face: the Laplacian's variance over its box. */
export function faceSharpness(canvas: Canvas, box: Face['box']): number {
  const x = Math.max(0, Math.round(box.x));
  const y = Math.max(0, Math.round(box.y));
  const w = Math.min(canvas.width - x, Math.round(box.width));
  const h = Math.min(canvas.height - y, Math.round(box.height));
  return laplacianVariance(greyOf(canvas.getContext('2d').getImageData(x, y, w, h).data, w, h), w, h);
}
