import { isFrontal, poseOf, type Point } from './face-pose.ts';

/**
 * Enrolment's quality gate (issue 10 item 3): a template is only as good as the frame it came from,
 * so a view is kept only when one face fills enough of the frame, faces the camera upright and is
 * sharp. Each failed gate is a hint the screen shows live ("come closer", "look at the screen").
 */
export type QualityHint = 'NO_FACE' | 'SEVERAL_FACES' | 'TOO_FAR' | 'NOT_FRONTAL' | 'BLURRY';

export const QUALITY = {
  /** The face's box at least this share of the frame's shorter side (about an arm's length at 640×480). */
  minFaceShare: 0.22,
  /**
   * Variance of the Laplacian over the face, in grey levels²: the sample faces framed at 640×480
   * measure 10–196, the same frames under a 2-pixel blur 3–7 (test/unit/face/quality.test.ts).
   */
  minSharpness: 8,
} as const;

export interface FrameFace {
  box: { x: number; y: number; width: number; height: number };
  landmarks?: readonly Point[];
  sharpness?: number;
}

/** What keeps this frame from giving a template, most basic first; null when it is good to keep. */
export function qualityHint(frame: { width: number; height: number; faces: readonly FrameFace[] }): QualityHint | null {
  if (frame.faces.length === 0) return 'NO_FACE';
  if (frame.faces.length > 1) return 'SEVERAL_FACES';
  const face = frame.faces[0]!;
  if (face.box.width < QUALITY.minFaceShare * Math.min(frame.width, frame.height)) return 'TOO_FAR';
  if (!face.landmarks || !isFrontal(poseOf(face.landmarks))) return 'NOT_FRONTAL';
  if ((face.sharpness ?? 0) < QUALITY.minSharpness) return 'BLURRY';
  return null;
}

/**
 * Variance of the 4-neighbour Laplacian of a grey image (Pech-Pacheco et al., 2000): edges make it
 * large, blur makes it small. `grey` holds width × height luminance values, row by row.
 */
export function laplacianVariance(grey: ArrayLike<number>, width: number, height: number): number {
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const v = grey[i - width]! + grey[i + width]! + grey[i - 1]! + grey[i + 1]! - 4 * grey[i]!;
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Luminance (BT.601) of an RGBA pixel buffer, as canvases and ImageData give it. */
export function greyOf(rgba: ArrayLike<number>, width: number, height: number): Uint8ClampedArray {
  const grey = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; i < grey.length; i++, j += 4) grey[i] = 0.299 * rgba[j]! + 0.587 * rgba[j + 1]! + 0.114 * rgba[j + 2]!;
  return grey;
}
