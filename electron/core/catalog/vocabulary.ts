import { editDistance } from '../../domain/edit-distance.ts';
import { PinyinCache } from './search-text.ts';

/**
 * The words of one catalog version, for what FTS5 cannot do by itself: cutting a run of Chinese
 * characters into words, splitting pinyin typed without spaces ("haierbingxiang"), and
 * correcting typos ("bingxaing" → "bingxiang").
 */
export class Vocabulary {
  private readonly maxHanLength: number;
  /** Whole words a run of letters may be cut into; made on the first such run (it needs pinyin). */
  private words: Set<string> | undefined;

  /**
   * @param hanWords Chinese words the catalog uses (brand, category, name words, option labels).
   * @param tokens Every letter/digit token in the search index, sorted (code-unit order).
   * @param suggestions Words worth suggesting, with how many products they describe.
   */
  constructor(
    private readonly hanWords: ReadonlySet<string>,
    private readonly tokens: readonly string[],
    private readonly suggestions: ReadonlyMap<string, number>,
  ) {
    let max = 1;
    for (const word of hanWords) max = Math.max(max, Array.from(word).length);
    this.maxHanLength = max;
  }

  /**
   * Forward maximum matching against the catalog's own words; characters no word starts with
   * stay together as one phrase.
   */
  segment(run: string): string[] {
    const chars = Array.from(run);
    const out: string[] = [];
    let unknown = '';
    for (let i = 0; i < chars.length; ) {
      let word = '';
      for (let length = Math.min(this.maxHanLength, chars.length - i); length >= 2 && word === ''; length--) {
        const candidate = chars.slice(i, i + length).join('');
        if (this.hanWords.has(candidate)) word = candidate;
      }
      if (word === '') {
        unknown += chars[i];
        i++;
        continue;
      }
      if (unknown !== '') out.push(unknown);
      unknown = '';
      out.push(word);
      i += Array.from(word).length;
    }
    if (unknown !== '') out.push(unknown);
    return out;
  }

  hasPrefix(prefix: string): boolean {
    return this.tokens[lowerBound(this.tokens, prefix)]?.startsWith(prefix) ?? false;
  }

  isToken(word: string): boolean {
    return this.tokens[lowerBound(this.tokens, word)] === word;
  }

  /**
   * Splits a word no index token starts with into whole words plus a final prefix
   * ("haierbx" → haier, bx), longest first piece first. Undefined when no split exists. The
   * pieces before the last must be words (a catalog word's pinyin, its initials, an English
   * word), not any index token: "xiyji" is a typo of xiyiji, not 戏 ("xi", the end of youxi)
   * followed by "yji".
   */
  breakWord(word: string, depth = 0): string[] | undefined {
    if (depth > 3) return undefined;
    const words = this.wordSet();
    for (let i = word.length - 1; i >= 2; i--) {
      const head = word.slice(0, i);
      if (!words.has(head) || !this.isToken(head)) continue;
      const rest = word.slice(i);
      if (this.hasPrefix(rest)) return [head, rest];
      const more = this.breakWord(rest, depth + 1);
      if (more) return [head, ...more];
    }
    return undefined;
  }

  private wordSet(): Set<string> {
    if (this.words) return this.words;
    const words = new Set(this.suggestions.keys());
    const pinyin = new PinyinCache();
    for (const run of this.hanWords) {
      const { full, initials } = pinyin.syllables(run);
      words.add(full.join(''));
      words.add(initials.join(''));
    }
    this.words = words;
    return words;
  }

  /**
   * Catalog words within a small edit distance of `term` (≤ 1 below 6 characters, else ≤ 2),
   * closest first, then the more common. A term of 4+ characters also matches the start of a
   * longer word ("bingxa" → "bingxiang"), ranked after whole-word matches at the same distance.
   */
  corrections(term: string, limit: number): string[] {
    const length = Array.from(term).length;
    const max = length >= 6 ? 2 : 1;
    const found: { word: string; score: number; weight: number }[] = [];
    for (const [word, weight] of this.suggestions) {
      if (word === term) continue;
      const whole = editDistance(term, word, max);
      if (whole <= max) {
        found.push({ word, score: whole, weight });
        continue;
      }
      const chars = Array.from(word);
      if (length >= 4 && chars.length > length) {
        const start = editDistance(term, chars.slice(0, length).join(''), max);
        if (start <= max && start > 0) found.push({ word, score: start + 0.5, weight });
      }
    }
    found.sort((a, b) => a.score - b.score || b.weight - a.weight || (a.word < b.word ? -1 : 1));
    // A word that extends an earlier suggestion adds nothing: terms match as prefixes.
    const kept: string[] = [];
    for (const { word } of found) {
      if (kept.length === limit) break;
      if (!kept.some((k) => word.startsWith(k))) kept.push(word);
    }
    return kept;
  }
}

/** Where `text` is, or would go, in sorted strings (code-unit order). */
export function lowerBound(sorted: readonly string[], text: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? '') < text) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
