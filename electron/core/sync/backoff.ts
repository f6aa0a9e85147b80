/** Retry delays for sync: full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff and Jitter"). */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * The delay before retry number `attempt` (1 = the first retry): uniformly random between 0 and
 * min(cap, base·2^(attempt−1)), so a fleet that lost HQ together does not come back in step.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.floor(random() * ceiling);
}
