/**
 * What the 68 landmarks (iBUG 300-W order, as face-api gives them) say about a face's pose and
 * eyes: enough for enrolment's quality gate (frontal, upright) and the liveness challenge (a blink,
 * a turn) without another model. Pure and cheap: a few dozen arithmetic operations a frame.
 */
export interface Point {
  x: number;
  y: number;
}

const mid = (points: readonly Point[]): Point => ({ x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length });
const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Landmarks 36–41 are the face's right eye (the viewer's left), 42–47 its left, 30 the nose tip, 0 and 16 the jaw's ends. */
const RIGHT_EYE = [36, 37, 38, 39, 40, 41] as const;
const LEFT_EYE = [42, 43, 44, 45, 46, 47] as const;

function pick(landmarks: readonly Point[], indexes: readonly number[]): Point[] {
  if (landmarks.length !== 68) throw new Error(`68 landmarks expected, got ${landmarks.length}`);
  return indexes.map((i) => landmarks[i]!);
}

/**
 * Eye aspect ratio (Soukupová and Čech, 2016): the eye's height over its width, about 0.25–0.35
 * open and under 0.2 closed, whatever the face's size.
 */
export function eyeAspectRatio(landmarks: readonly Point[]): number {
  const ear = (e: Point[]) => (dist(e[1]!, e[5]!) + dist(e[2]!, e[4]!)) / (2 * dist(e[0]!, e[3]!));
  return (ear(pick(landmarks, RIGHT_EYE)) + ear(pick(landmarks, LEFT_EYE))) / 2;
}

export interface Pose {
  /** Head tilt in the picture's plane, degrees; positive when the face leans to the viewer's right. */
  roll: number;
  /**
   * Turn left or right, from -1 to 1: where the nose tip falls between the jaw's ends, 0 facing the
   * camera; positive when the face turns to the viewer's right (the person's left).
   */
  yaw: number;
}

export function poseOf(landmarks: readonly Point[]): Pose {
  const [right, left] = [mid(pick(landmarks, RIGHT_EYE)), mid(pick(landmarks, LEFT_EYE))];
  const roll = (Math.atan2(left.y - right.y, left.x - right.x) * 180) / Math.PI;
  const [jawRight, nose, jawLeft] = pick(landmarks, [0, 30, 16]) as [Point, Point, Point];
  const toRight = dist(jawRight, nose);
  const toLeft = dist(nose, jawLeft);
  return { roll, yaw: (toRight - toLeft) / (toRight + toLeft) };
}

/**
 * Upright and facing the camera, roughly: what enrolment asks of a face before it keeps a
 * descriptor. A three-quarter view measures about 0.3 of yaw; 0.35 keeps the descriptor stable
 * (test/unit/face) while a head turned further away, or leaning over, is asked to face the screen.
 */
export const FRONTAL = { maxRoll: 20, maxYaw: 0.35 } as const;

export function isFrontal(pose: Pose): boolean {
  return Math.abs(pose.roll) <= FRONTAL.maxRoll && Math.abs(pose.yaw) <= FRONTAL.maxYaw;
}
