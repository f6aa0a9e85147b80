/**
 * How product text becomes search tokens, and how a shopper's query becomes terms.
 *
 * Every search document is stored pre-tokenised (space-separated tokens, as FTS5's unicode61
 * tokenizer would read them, which the catalog used first): Chinese as single characters
 * (matched as phrases), pinyin of each Chinese word in full and as initials (matched as
 * prefixes), other words as lowercase letter/digit tokens, with punctuation-joined forms (model
 * numbers, "French-door") also kept whole. text-index.ts matches terms against them.
 */
import { pinyin } from 'pinyin-pro';
import type { LocalizedText } from '../../contract/catalog.ts';

// Han letters only: radicals and other Han-script symbols are punctuation to the tokenizer.
const RUNS = /((?:(?=\p{L})\p{Script=Han})+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;
const HAN_START = /^(?=\p{L})\p{Script=Han}/u;

/** Full-width letters and digits (from a Chinese IME) become ASCII; case is ignored. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** A normalised model number: letters and digits only ("BCD-470WDPG(E)" → "bcd470wdpge"). */
export function modelKey(text: string): string {
  let key = '';
  for (const match of normalize(text).matchAll(RUNS)) key += match[2] ?? '';
  return key;
}

/** A Han run, or letter/digit runs separated only by punctuation ("bcd-470", "a.o."). */
type Piece = { han: true; text: string } | { han: false; parts: string[] };

function pieces(chunk: string): Piece[] {
  const out: Piece[] = [];
  for (const match of chunk.matchAll(RUNS)) {
    const last = out.at(-1);
    if (match[1] !== undefined) out.push({ han: true, text: match[1] });
    else if (match[2] !== undefined) {
      if (last && !last.han) last.parts.push(match[2]);
      else out.push({ han: false, parts: [match[2]] });
    }
  }
  return out;
}

const chunks = (text: string): string[] => normalize(text).split(/\s+/u).filter((c) => c !== '');

export class PinyinCache {
  private readonly cache = new Map<string, { full: string[]; initials: string[] }>();
  // One map per mode, keyed by the text itself (a composed key would be hashed anew every time).
  private readonly texts = { plain: new Map<string, string[]>(), pinyin: new Map<string, string[]>(), 'with pinyin': new Map<string, string[]>() };

  /**
   * tokenize() of a whole text, cached: 'plain' its tokens, 'pinyin' only the pinyin of its Han
   * runs, 'with pinyin' both in the order tokenize() writes them into one list (each Han run's
   * characters, then that run's pinyin).
   */
  text(text: string, mode: 'plain' | 'pinyin' | 'with pinyin'): readonly string[] {
    const texts = this.texts[mode];
    let tokens = texts.get(text);
    if (!tokens) {
      const out: string[] = [];
      if (mode === 'plain') tokenize(text, out);
      else if (mode === 'pinyin') tokenize(text, [], { cache: this, tokens: out });
      else tokenize(text, out, { cache: this, tokens: out });
      tokens = out;
      texts.set(text, tokens);
    }
    return tokens;
  }

  /** Syllables of a Han run, toneless, ü written v as pinyin keyboards do. Cached: names repeat words. */
  syllables(run: string): { full: string[]; initials: string[] } {
    let entry = this.cache.get(run);
    if (!entry) {
      const full = pinyin(run, { toneType: 'none', type: 'array', v: true });
      const initials = pinyin(run, { toneType: 'none', type: 'array', pattern: 'first', v: true });
      entry = { full: full.filter((s) => /^[a-z]+$/.test(s)), initials: initials.filter((s) => /^[a-z]+$/.test(s)) };
      this.cache.set(run, entry);
    }
    return entry;
  }

  /**
   * Pinyin tokens of a Han run: the full pinyin concatenated from every syllable to the end
   * ("duikaimen" for 对开门 inside 十字对开门, as a Chinese-character phrase would match
   * mid-word) and the same for initials of two letters or more ("szdkm", "dkm").
   */
  tokens(run: string): string[] {
    const { full, initials } = this.syllables(run);
    const out: string[] = [];
    for (let i = 0; i < full.length; i++) out.push(full.slice(i).join(''));
    for (let i = 0; i + 1 < initials.length; i++) out.push(initials.slice(i).join(''));
    return out;
  }
}

/**
 * Tokens of free text into `out`: Han characters one by one (in order, so phrases match),
 * letter/digit runs, and runs joined when punctuation split them ("a.o." → a, o, ao).
 * Pinyin of the Han runs goes to `pinyinOut` when given.
 */
export function tokenize(text: string, out: string[], pinyinOut?: { cache: PinyinCache; tokens: string[] }): void {
  for (const chunk of chunks(text)) {
    for (const piece of pieces(chunk)) {
      if (piece.han) {
        out.push(...piece.text);
        if (pinyinOut) pinyinOut.tokens.push(...pinyinOut.cache.tokens(piece.text));
      } else {
        out.push(...piece.parts);
        if (piece.parts.length > 1) out.push(piece.parts.join(''));
      }
    }
  }
}

/** What one product contributes to the search index. */
export interface SearchSource {
  model: string;
  name: LocalizedText;
  brand: LocalizedText;
  category: LocalizedText;
  /** Key spec values and feature labels as shoppers say them ("470升", "470 L", "变频", "Inverter"). */
  specTexts: readonly LocalizedText[];
}

/** Column values of a `product_search` document (model, name, terms). */
export interface SearchDocument {
  model: string;
  name: string;
  terms: string;
}

export function searchDocument(source: SearchSource, cache: PinyinCache): SearchDocument {
  const model = [modelKey(source.model)];
  tokenize(source.model, model);

  // Brand, category and spec texts repeat across thousands of products, names across many:
  // each distinct text is tokenised once per cache (a catalog write), and appended as before.
  const name: string[] = [...cache.text(source.name.zh, 'plain')];
  const terms: string[] = [...cache.text(source.name.zh, 'pinyin')];
  name.push(...cache.text(source.name.en, 'plain'));
  for (const text of [source.brand, source.category, ...source.specTexts]) {
    terms.push(...cache.text(text.zh, 'with pinyin'), ...cache.text(text.en, 'plain'));
  }
  return { model: dedupe(model), name: name.join(' '), terms: dedupe(terms) };
}

// Repeats would only inflate bm25 term frequency; order matters only for Han phrases, and
// those keep their first occurrence.
function dedupe(tokens: readonly string[]): string {
  const seen = new Set<string>();
  // Han letters all lie at U+2E80 and above: the regex is only asked about those.
  return tokens.filter((t) => (t.charCodeAt(0) >= 0x2e80 && HAN_START.test(t)) || (!seen.has(t) && seen.add(t))).join(' ');
}

/**
 * One term of a parsed query. `han`: Chinese characters, matched as a phrase. `prefix`: a word
 * being typed (pinyin, initials, English, model number), matched as a token prefix. `exact`: a
 * whole token (a complete piece of a word typed without spaces).
 */
export interface QueryTerm {
  kind: 'han' | 'prefix' | 'exact';
  text: string;
}

/**
 * Splits the shopper's input into terms: whitespace and script changes separate terms,
 * punctuation inside a word is dropped ("BCD-470" → bcd470, matching the joined model form),
 * Han runs are cut into known words by `segment` (so 海尔冰箱 finds 海尔 … 冰箱 even when the
 * words are not adjacent). Input without letters, digits or Han yields no terms.
 */
export function parseQuery(text: string, segment: (run: string) => string[]): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const chunk of chunks(text)) {
    for (const piece of pieces(chunk)) {
      if (piece.han) for (const word of segment(piece.text)) terms.push({ kind: 'han', text: word });
      else terms.push({ kind: 'prefix', text: piece.parts.join('') });
    }
  }
  return terms;
}

/** Query terms back to text the search box can show (for "did you mean"). */
export function termsText(terms: readonly QueryTerm[]): string {
  return terms.map((t) => t.text).join(' ');
}
