// npm run bench: face. Matching a live descriptor among 10,000 and 100,000 enrolled templates (aim
// < 5 ms at 100,000), side by side with the plain search (every number of every template); and
// face-api's pipeline on one face in Node on the wasm backend (detection; + 68 landmarks; + the
// descriptor), the floor for the same pipeline in the kiosk's worker (face-chromium.bench.ts).
import { expect, test } from 'vitest';
import { DESCRIPTOR_LENGTH, distance, TemplateIndex } from '../../electron/domain/face-match.ts';
import { faces, loadFaceApi, photo, SAMPLES } from '../unit/face/face-models.ts';
import { report, time, timeAsync } from './stats.ts';

/** Unit-length descriptors, as the model gives (deterministic). */
function descriptors(count: number, seed: number): Float32Array[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648 - 0.5);
  return Array.from({ length: count }, () => {
    const d = Float32Array.from({ length: DESCRIPTOR_LENGTH }, next);
    const norm = Math.hypot(...d);
    return d.map((v) => v / norm);
  });
}

function plainSearch(templates: ReadonlyArray<{ memberId: string; descriptor: Float32Array }>, live: Float32Array): string {
  let best = Infinity;
  let who = '';
  for (const t of templates) {
    const d = distance(t.descriptor, live);
    if (d < best) [best, who] = [d, t.memberId];
  }
  return who;
}

test('template match among 10,000 and 100,000 templates (aim < 5 ms at 100,000)', () => {
  const rows = [];
  for (const count of [10_000, 100_000]) {
    // Members with 4 templates each; the live face is one member's, slightly changed.
    const all = descriptors(count, count).map((descriptor, i) => ({ memberId: `m${Math.floor(i / 4)}`, descriptor }));
    const index = new TemplateIndex(all);
    const lives = Array.from({ length: 50 }, (_, i) => all[(i * 7919) % count]!.descriptor.map((v, j) => v + (j % 2 ? 0.004 : -0.004)));
    expect(index.match(lives[0]!)).toMatchObject({ kind: 'member', memberId: all[0]!.memberId });
    rows.push({ name: `${count.toLocaleString('en')} templates, TemplateIndex`, samples: lives.map((live) => time(() => index.match(live))) });
    rows.push({ name: `${count.toLocaleString('en')} templates, plain search`, samples: lives.slice(0, 20).map((live) => time(() => plainSearch(all, live))) });
  }
  report('Matching one live face (Node, one core)', rows);
}, 300_000);

test('face-api pipeline on one face, Node on the wasm backend', async () => {
  const { faceapi, tf } = await loadFaceApi();
  const picture = await photo(SAMPLES[1]!); // one person
  const { data, width, height } = picture.getContext('2d').getImageData(0, 0, picture.width, picture.height);
  // A 640×480 frame, as the kiosk's camera gives.
  const frame = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(Int32Array.from(data), [height, width, 4], 'int32').slice([0, 0, 0], [-1, -1, 3]), [480, 640]).toInt());
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 224, scoreThreshold: 0.4 });
  const runs = 15;
  const sample = async (fn: () => Promise<unknown>) => {
    await fn();
    const out = [];
    for (let i = 0; i < runs; i++) out.push(await timeAsync(fn));
    return out;
  };
  expect(await faceapi.detectAllFaces(frame as never, options)).toHaveLength(1);
  report('face-api on a 640×480 frame with one face (Node, wasm backend, tiny detector at 224 px)', [
    { name: 'detection only (presence wake)', samples: await sample(async () => await faceapi.detectAllFaces(frame as never, options)) },
    { name: 'detection + 68 landmarks (liveness)', samples: await sample(async () => await faceapi.detectAllFaces(frame as never, options).withFaceLandmarks()) },
    { name: 'detection + landmarks + descriptor (recognition)', samples: await sample(async () => await faceapi.detectAllFaces(frame as never, options).withFaceLandmarks().withFaceDescriptors()) },
  ]);
  tf.dispose(frame);
  expect((await faces(picture)).length).toBe(1);
}, 300_000);
