/// <reference lib="webworker" />
import * as faceapi from '@vladmandic/face-api';
import landmarksManifest from '@vladmandic/face-api/model/face_landmark_68_model-weights_manifest.json';
import landmarksWeights from '@vladmandic/face-api/model/face_landmark_68_model.bin?url';
import recognitionManifest from '@vladmandic/face-api/model/face_recognition_model-weights_manifest.json';
import recognitionWeights from '@vladmandic/face-api/model/face_recognition_model.bin?url';
import detectorManifest from '@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json';
import detectorWeights from '@vladmandic/face-api/model/tiny_face_detector_model.bin?url';
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { greyOf, laplacianVariance } from '../../../electron/domain/face-quality.ts';
import type { Depth, FromWorker, SeenFace, SeenFrame, ToWorker } from './frame-protocol.ts';

/**
 * The face pipeline, off the UI thread (issue 10 item 1): face-api's tiny detector, 68 landmarks and
 * recognition model on tfjs's wasm backend, every file bundled with the app (no network). Models
 * load on first need, so presence (detection only) never pays for the 6 MB recognition model.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
// face-api's bundle carries tfjs with its wasm backend, but its types re-export only part of tfjs:
// these are the calls the worker makes.
/** A tfjs tensor: made here, handed to face-api, disposed here. */
type Tensor = object;
const tf = faceapi.tf as unknown as {
  setWasmPaths(paths: Record<string, string>): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(values: Int32Array, shape: [number, number, number], dtype: 'int32'): Tensor;
  dispose(tensor: Tensor): void;
  io: Pick<typeof faceapi.tf.io, 'decodeWeights'>;
};

// face-api looks for a browser or Node; a worker is neither, so say what it has. Frames arrive as
// tensors, so only fetch (for nothing: weights come decoded) and OffscreenCanvas are ever used.
faceapi.env.setEnv({
  Canvas: OffscreenCanvas as never,
  CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D as never,
  Image: class {} as never,
  ImageData,
  Video: class {} as never,
  createCanvasElement: () => new OffscreenCanvas(1, 1) as never,
  createImageElement: () => {
    throw new Error('no images in the face worker');
  },
  createVideoElement: () => {
    throw new Error('no video in the face worker');
  },
  fetch: scope.fetch.bind(scope),
  readFile: () => {
    throw new Error('no files in the face worker');
  },
});

type Manifest = Array<{ weights: Parameters<typeof tf.io.decodeWeights>[1] }>;

async function loadNet(net: { loadFromWeightMap(map: ReturnType<typeof tf.io.decodeWeights>): void; isLoaded: boolean }, manifest: Manifest, url: string) {
  if (net.isLoaded) return;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`model ${url}: ${response.status}`);
  net.loadFromWeightMap(tf.io.decodeWeights(await response.arrayBuffer(), manifest.flatMap((group) => group.weights)));
}

/**
 * A real GPU: WebGL2 on an OffscreenCanvas, drawn by hardware rather than by Chromium's software
 * rasteriser (SwiftShader), which runs the models slower than wasm does.
 */
function hasGpu(): boolean {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    return !/swiftshader|llvmpipe|software/i.test(renderer);
  } catch {
    return false;
  }
}

let backend: Promise<void> | undefined;
const ready = (depth: Depth) => {
  backend ??= (async () => {
    tf.setWasmPaths({ 'tfjs-backend-wasm.wasm': wasm, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
    // WebGL where the kiosk has a GPU; wasm everywhere else. Without either, tfjs would quietly
    // fall back to its plain-JS backend, ten times slower: refuse instead.
    const started = (hasGpu() && (await tf.setBackend('webgl'))) || (await tf.setBackend('wasm'));
    if (!started) throw new Error('neither the webgl nor the wasm backend started');
    await tf.ready();
  })();
  return backend.then(async () => {
    await loadNet(faceapi.nets.tinyFaceDetector, detectorManifest as Manifest, detectorWeights);
    if (depth !== 'detect') await loadNet(faceapi.nets.faceLandmark68Net, landmarksManifest as Manifest, landmarksWeights);
    if (depth === 'descriptor') await loadNet(faceapi.nets.faceRecognitionNet, recognitionManifest as Manifest, recognitionWeights);
  });
};

let canvas: OffscreenCanvas | undefined;
let rgb = new Int32Array(0);

/**
 * The frame as the models' input: RGB, one int per channel. Copied in one loop here, because
 * tfjs's own path (an RGBA tensor, then a slice) took 50–100 ms a frame in Chromium's worker
 * (test/bench/face-chromium.bench.ts). Presence only detects, so it reads the frame at half size.
 */
function pixelsOf(bitmap: ImageBitmap, scale: number): { ctx: OffscreenCanvasRenderingContext2D; width: number; height: number; input: Tensor } {
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  if (rgb.length !== width * height * 3) rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return { ctx, width, height, input: tf.tensor3d(rgb, [height, width, 3], 'int32') };
}

async function analyse(bitmap: ImageBitmap, depth: Depth): Promise<SeenFrame> {
  const started = performance.now();
  const scale = depth === 'detect' ? 0.5 : 1;
  const { ctx, width, height, input: pixels } = pixelsOf(bitmap, scale);
  const input = pixels as unknown as faceapi.tf.Tensor3D;
  try {
    // 320 px finds a face at arm's length; presence only asks whether anyone is there, and 224 px tells.
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: depth === 'detect' ? 224 : 320, scoreThreshold: 0.5 });
    let faces: SeenFace[];
    if (depth === 'detect') {
      const found = await faceapi.detectAllFaces(input, options);
      faces = found.map((d) => ({ box: boxOf(d.box), score: d.score }));
    } else {
      const withLandmarks = faceapi.detectAllFaces(input, options).withFaceLandmarks();
      const found = depth === 'descriptor' ? await withLandmarks.withFaceDescriptors() : await withLandmarks;
      faces = found.map((f) => ({
        box: boxOf(f.detection.box),
        score: f.detection.score,
        landmarks: f.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
        sharpness: sharpnessIn(ctx, f.detection.box),
        ...('descriptor' in f ? { descriptor: Array.from(f.descriptor as Float32Array) } : {}),
      }));
    }
    return { width, height, faces, ms: performance.now() - started };
  } finally {
    tf.dispose(pixels);
  }
}

const boxOf = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x, y: b.y, width: b.width, height: b.height });

function sharpnessIn(ctx: OffscreenCanvasRenderingContext2D, box: { x: number; y: number; width: number; height: number }): number {
  const x = Math.max(0, Math.round(box.x));
  const y = Math.max(0, Math.round(box.y));
  const w = Math.min(ctx.canvas.width - x, Math.round(box.width));
  const h = Math.min(ctx.canvas.height - y, Math.round(box.height));
  if (w < 3 || h < 3) return 0;
  return laplacianVariance(greyOf(ctx.getImageData(x, y, w, h).data, w, h), w, h);
}

// One frame at a time: the camera module waits for each answer before it sends the next.
scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const { id, bitmap, depth } = event.data;
  let reply: FromWorker;
  try {
    await ready(depth);
    reply = { type: 'result', id, frame: await analyse(bitmap, depth) };
  } catch (error) {
    reply = { type: 'error', id, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
