/** GB 11643 weights and check characters, to make synthetic resident IDs with valid check digits. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * A synthetic resident ID (a Beijing district code, a 1980s birth date, sequence n) with a valid
 * check digit: not a real person's. Each test uses its own n, so the model's per-ID velocity check
 * sees different applicants.
 */
export function residentId(n: number): string {
  const body = `110105198${n % 10}0${1 + (n % 9)}15${String(100 + n).slice(-3)}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (WEIGHTS[i] ?? 0), 0);
  return body + CHECK.charAt(sum % 11);
}
