import type { Point } from '../../electron/domain/face-pose.ts';
import type { Challenge, LivenessFrame } from '../../electron/domain/liveness.ts';

/** Hand-drawn landmark sequences for the liveness judge: what a camera would see of a face doing each step. */

/** A face's 68 landmarks drawn by hand: eyes open or closed, turned, leaning. */
export function sketch({ eyeOpen = 0.3, yaw = 0, roll = 0 } = {}): Point[] {
  const points: Point[] = Array.from({ length: 68 }, () => ({ x: 100, y: 120 }));
  const eye = (first: number, cx: number) => {
    const w = 30;
    const h = w * eyeOpen;
    const at = [
      [cx - w / 2, 100],
      [cx - w / 6, 100 - h / 2],
      [cx + w / 6, 100 - h / 2],
      [cx + w / 2, 100],
      [cx + w / 6, 100 + h / 2],
      [cx - w / 6, 100 + h / 2],
    ];
    at.forEach(([x, y], i) => (points[first + i] = { x: x!, y: y! }));
  };
  eye(36, 70);
  eye(42, 130);
  points[0] = { x: 40, y: 110 };
  points[16] = { x: 160, y: 110 };
  // The nose tip slides toward the side the head turns to.
  points[30] = { x: 100 + yaw * 60, y: 130 };
  const turn = (roll * Math.PI) / 180;
  return points.map((p) => ({ x: 100 + (p.x - 100) * Math.cos(turn) - (p.y - 110) * Math.sin(turn), y: 110 + (p.x - 100) * Math.sin(turn) + (p.y - 110) * Math.cos(turn) }));
}

/** Frames 100 ms apart from `at`, each a sketch with a little camera jitter (a live face never sits pixel-still). */
export function film(at: number, poses: Array<Parameters<typeof sketch>[0]>): LivenessFrame[] {
  return poses.map((pose, i) => ({ at: at + i * 100, landmarks: sketch(pose).map((p) => ({ x: p.x + (i % 3) * 0.4, y: p.y + (i % 2) * 0.4 })) }));
}
export const still = (n: number) => Array.from({ length: n }, () => ({}));
export const ACT: Record<Challenge, Array<Parameters<typeof sketch>[0]>> = {
  blink: [{ eyeOpen: 0.3 }, { eyeOpen: 0.15 }, { eyeOpen: 0.08 }, { eyeOpen: 0.2 }, { eyeOpen: 0.3 }],
  turn_left: [{ yaw: 0.2 }, { yaw: 0.4 }, { yaw: 0.6 }, { yaw: 0.3 }, {}],
  turn_right: [{ yaw: -0.2 }, { yaw: -0.4 }, { yaw: -0.6 }, { yaw: -0.3 }, {}],
};
export const perform = (order: readonly Challenge[]) => [...still(5), ...order.flatMap((c) => [...ACT[c], ...still(3)])];

