import type { Point } from '../../../electron/domain/face-pose.ts';

/**
 * What the camera module and its worker say to each other. A frame goes over as a transferred
 * ImageBitmap (no copy, no pixels kept); what comes back is numbers only: boxes, landmarks,
 * a sharpness figure and, when asked for, the descriptor.
 */

/** How much of the pipeline a frame needs: presence only detects; enrolment and liveness need landmarks; matching needs the descriptor. */
export type Depth = 'detect' | 'landmarks' | 'descriptor';

export type ToWorker = { type: 'frame'; id: number; bitmap: ImageBitmap; depth: Depth };

export interface SeenFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  landmarks?: Point[];
  /** Variance of the Laplacian over the face's box (domain/face-quality.ts). */
  sharpness?: number;
  descriptor?: number[];
}

export interface SeenFrame {
  width: number;
  height: number;
  faces: SeenFace[];
  /** Time the worker spent on this frame. */
  ms: number;
}

export type FromWorker = { type: 'result'; id: number; frame: SeenFrame } | { type: 'error'; id: number; message: string };
