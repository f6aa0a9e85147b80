/**
 * Face descriptors (face-api's 128 numbers per face) and how the kiosk matches one against the
 * members who enrolled (issue 10, DESIGN.md §6). Pure: the core holds the templates (decrypted in
 * memory only), the renderer's worker makes the live descriptor, this decides.
 */
export const DESCRIPTOR_LENGTH = 128;

/**
 * Euclidean distance at or under which two descriptors are taken for the same person. face-api's
 * recognition model is trained for 0.6; the kiosk asks for more, since a false greeting shows one
 * member's name and limit to another person. On the sample photos (test/unit/face) one frontal face
 * under crop, size, light and an 8° tilt stays within 0.31, and different people are 0.51 or more
 * apart: the threshold sits between, and threshold + margin still under the nearest stranger.
 */
export const MATCH_THRESHOLD = 0.4;
/** The best member must be this much nearer than any other member, or nobody is greeted. */
export const MATCH_MARGIN = 0.08;

export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < DESCRIPTOR_LENGTH; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

export type Match = { kind: 'member'; memberId: string; distance: number; margin: number } | { kind: 'none'; reason: 'NO_TEMPLATES' | 'TOO_FAR' | 'AMBIGUOUS'; nearest: number | null };

/**
 * Templates packed for matching: every descriptor in one Float32Array (row i = template i), with
 * the member each belongs to, and the same numbers as bytes. Built once when templates change;
 * searched for every live face. At 100,000 templates the floats are 51 MB, and reading them is what
 * a search costs; the bytes are 12.8 MB, so the search reads those and goes to the floats only for
 * the rows that can still be the nearest or second-nearest member.
 */
export class TemplateIndex {
  private data = new Float32Array(0);
  private bytes = new Int8Array(0);
  /** Bytes per unit: the largest number of any template maps to ±127. */
  private scale = 1;
  private owners: string[] = [];

  constructor(templates: ReadonlyArray<{ memberId: string; descriptor: ArrayLike<number> }> = []) {
    this.replace(templates);
  }

  get size(): number {
    return this.owners.length;
  }

  replace(templates: ReadonlyArray<{ memberId: string; descriptor: ArrayLike<number> }>): void {
    this.data = new Float32Array(templates.length * DESCRIPTOR_LENGTH);
    this.owners = templates.map((t, i) => {
      if (t.descriptor.length !== DESCRIPTOR_LENGTH) throw new Error(`template ${i} has ${t.descriptor.length} numbers, not ${DESCRIPTOR_LENGTH}`);
      this.data.set(Array.from(t.descriptor), i * DESCRIPTOR_LENGTH);
      return t.memberId;
    });
    let largest = 0;
    for (const v of this.data) largest = Math.max(largest, Math.abs(v));
    this.scale = largest > 0 ? 127 / largest : 1;
    this.bytes = new Int8Array(this.data.length);
    for (let i = 0; i < this.data.length; i++) this.bytes[i] = Math.round(this.data[i]! * this.scale);
  }

  /**
   * The member whose nearest template is within the threshold and clearly nearer than any other
   * member's. Each row is first measured in bytes, which can be off from the true distance by at
   * most the rounding of both sides (`slack`, exact for the live face, the worst case for a
   * template); only a row whose byte distance, less that slack, is still under the bound (the
   * second-nearest member found so far, or threshold + margin) is measured in floats. So the answer
   * is the plain search's, which a property test holds it to. test/bench/face.bench.ts times it.
   */
  match(live: ArrayLike<number>, threshold = MATCH_THRESHOLD, margin = MATCH_MARGIN): Match {
    if (live.length !== DESCRIPTOR_LENGTH) throw new Error(`a descriptor has ${DESCRIPTOR_LENGTH} numbers, not ${live.length}`);
    if (this.owners.length === 0) return { kind: 'none', reason: 'NO_TEMPLATES', nearest: null };
    const { data, bytes, scale } = this;
    const q = Float32Array.from(live);
    const qb = new Int32Array(DESCRIPTOR_LENGTH);
    let liveError = 0;
    for (let i = 0; i < DESCRIPTOR_LENGTH; i++) {
      qb[i] = Math.max(-128, Math.min(127, Math.round(q[i]! * scale)));
      liveError += (qb[i]! / scale - q[i]!) ** 2;
    }
    // How far the byte distance can be from the true one: the live face's rounding, measured, and
    // a template's, at most half a step in each of its numbers. A little more for float rounding.
    const slack = (Math.sqrt(liveError) + Math.sqrt(DESCRIPTOR_LENGTH) * (0.5 / scale)) * 1.0001 + 1e-6;
    // Squared distances: the nearest member and the nearest other member.
    let best = Infinity;
    let bestOwner = '';
    let second = Infinity;
    const cap = threshold + margin;
    // Past the bound (squared), a row can be neither the nearest nor the second-nearest member.
    let bound = cap * cap;
    let boundBytes = ((cap + slack) * scale) ** 2;
    const rows = this.owners.length;
    for (let row = 0, base = 0; row < rows; row++, base += DESCRIPTOR_LENGTH) {
      // In bytes, four running sums (independent additions pipeline), checked every 16 numbers:
      // a stranger's sum passes the bound after 16–32 of them.
      let sumBytes = 0;
      let i = 0;
      for (; i < DESCRIPTOR_LENGTH; i += 16) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let j = base + i, k = i; k < i + 16; j += 4, k += 4) {
          const a = qb[k]! - bytes[j]!;
          const b = qb[k + 1]! - bytes[j + 1]!;
          const c = qb[k + 2]! - bytes[j + 2]!;
          const d = qb[k + 3]! - bytes[j + 3]!;
          s0 += a * a;
          s1 += b * b;
          s2 += c * c;
          s3 += d * d;
        }
        sumBytes += s0 + s1 + s2 + s3;
        if (sumBytes > boundBytes) break;
      }
      if (i < DESCRIPTOR_LENGTH) continue;
      // Past the byte filter: the exact distance decides.
      let sum = 0;
      for (let j = base, k = 0; k < DESCRIPTOR_LENGTH; j++, k++) {
        const d = q[k]! - data[j]!;
        sum += d * d;
      }
      if (sum > bound) continue;
      const owner = this.owners[row]!;
      if (sum < best) {
        if (owner !== bestOwner) second = best;
        best = sum;
        bestOwner = owner;
      } else if (owner !== bestOwner && sum < second) {
        second = sum;
      }
      bound = Math.min(second, cap * cap);
      boundBytes = ((Math.sqrt(bound) + slack) * scale) ** 2;
    }
    if (best === Infinity) return { kind: 'none', reason: 'TOO_FAR', nearest: null };
    const nearest = Math.sqrt(best);
    if (nearest > threshold) return { kind: 'none', reason: 'TOO_FAR', nearest };
    const gap = Math.sqrt(second) - nearest;
    if (gap < margin) return { kind: 'none', reason: 'AMBIGUOUS', nearest };
    return { kind: 'member', memberId: bestOwner, distance: nearest, margin: gap };
  }

  /** Owners with a template within `threshold` of the live face, `except` left out (one face under several IDs). */
  ownersWithin(live: ArrayLike<number>, threshold: number, except: string): Set<string> {
    const found = new Set<string>();
    const cap = threshold * threshold;
    for (let row = 0; row < this.owners.length; row++) {
      const owner = this.owners[row]!;
      if (owner === except || found.has(owner)) continue;
      let sum = 0;
      for (let i = 0, j = row * DESCRIPTOR_LENGTH; i < DESCRIPTOR_LENGTH && sum <= cap; i++, j++) {
        const d = (live[i] ?? 0) - this.data[j]!;
        sum += d * d;
      }
      if (sum <= cap) found.add(owner);
    }
    return found;
  }
}
