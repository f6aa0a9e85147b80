import { eyeAspectRatio, poseOf, type Point } from './face-pose.ts';

/**
 * The liveness check during an application (issue 10 item 5): the shopper is asked for a blink and
 * a turn each way, in an order drawn for this attempt, each within a time limit, and the camera's
 * landmarks are judged frame by frame. A photo cannot blink, and a still image does not move at
 * all; a replayed video would have to guess the order. A failure is never a decline by itself: the
 * application goes to staff (the decision model reads the result as an input).
 */
export type Challenge = 'blink' | 'turn_left' | 'turn_right';

export const LIVENESS = {
  /** Each step must be done within this long of the one before (or of the start). */
  stepMs: 5_000,
  /** Eyes closed below this eye aspect ratio, open again above the second. */
  eyesClosed: 0.2,
  eyesOpen: 0.24,
  /** A turn: the nose this far (of the face's width, see poseOf) to one side of where it started. */
  turn: 0.18,
  /** Frames whose landmarks all lie within this many pixels of the first frame's: a still image. */
  stillPx: 0.5,
} as const;

/** The three steps in an order drawn with `random` (Math.random at the kiosk; a seed in tests). */
export function drawChallenges(random: () => number): Challenge[] {
  const steps: Challenge[] = ['blink', 'turn_left', 'turn_right'];
  for (let i = steps.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [steps[i], steps[j]] = [steps[j]!, steps[i]!];
  }
  return steps;
}

/** One camera frame's face: when, and its 68 landmarks (null when no single face was found). */
export interface LivenessFrame {
  at: number;
  landmarks: readonly Point[] | null;
}

export type LivenessResult =
  | { passed: true; durationMs: number; steps: Array<{ challenge: Challenge; doneAt: number }> }
  | { passed: false; reason: 'STILL_IMAGE' | 'TIMED_OUT' | 'NO_FACE'; failedStep: Challenge | null; durationMs: number };

/** Judges the frames from `startedAt` against the drawn order. Pure: the same frames, the same verdict. */
export function judgeLiveness(order: readonly Challenge[], frames: readonly LivenessFrame[], startedAt: number): LivenessResult {
  const seen = frames.filter((f): f is { at: number; landmarks: readonly Point[] } => f.landmarks !== null && f.at >= startedAt).sort((a, b) => a.at - b.at);
  const last = frames.reduce((latest, f) => Math.max(latest, f.at), startedAt);
  if (seen.length === 0) return { passed: false, reason: 'NO_FACE', failedStep: order[0] ?? null, durationMs: last - startedAt };
  const first = seen[0]!.landmarks;
  const moved = seen.some((f) => f.landmarks.some((p, i) => Math.hypot(p.x - first[i]!.x, p.y - first[i]!.y) > LIVENESS.stillPx));
  if (!moved && seen.length > 1) return { passed: false, reason: 'STILL_IMAGE', failedStep: order[0] ?? null, durationMs: last - startedAt };

  const baseYaw = poseOf(first).yaw;
  const steps: Array<{ challenge: Challenge; doneAt: number }> = [];
  let step = 0;
  let stepStart = startedAt;
  let closed = false;
  for (const frame of seen) {
    const challenge = order[step];
    if (challenge === undefined) break;
    if (frame.at - stepStart > LIVENESS.stepMs) break;
    let done = false;
    if (challenge === 'blink') {
      const ear = eyeAspectRatio(frame.landmarks);
      if (ear < LIVENESS.eyesClosed) closed = true;
      else if (closed && ear > LIVENESS.eyesOpen) done = true;
    } else {
      const yaw = poseOf(frame.landmarks).yaw - baseYaw;
      // poseOf's yaw is positive when the face turns to the viewer's right: the person's left.
      done = challenge === 'turn_left' ? yaw >= LIVENESS.turn : yaw <= -LIVENESS.turn;
    }
    if (done) {
      steps.push({ challenge, doneAt: frame.at });
      step += 1;
      stepStart = frame.at;
      closed = false;
    }
  }
  if (step === order.length) return { passed: true, durationMs: steps.at(-1)!.doneAt - startedAt, steps };
  return { passed: false, reason: 'TIMED_OUT', failedStep: order[step] ?? null, durationMs: last - startedAt };
}
