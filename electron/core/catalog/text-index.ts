/**
 * Text matching in memory: an inverted index over the search documents the catalog writer stores
 * (`product_search`: model, name and terms, already tokenised by search-text.ts), with FTS5's
 * semantics and FTS5's bm25. Letter/digit tokens are matched whole or as prefixes (one sorted
 * dictionary, one range per prefix); Chinese is matched as phrases of consecutive characters
 * (single characters and pairs of neighbours are indexed; a longer phrase needs every pair of
 * it in one column).
 *
 * Postings are flat typed arrays (token → range of slots, ascending, each with its term
 * frequency per column): a one-letter prefix over 20,000 products is a few hundred thousand
 * array reads, not thousands of b-tree pages.
 */
import type { QueryTerm } from './search-text.ts';
import { lowerBound } from './vocabulary.ts';

/** Columns of a search document, and their bm25 weights (as FTS5's bm25(…, 8, 4, 1) had them). */
const COLUMNS = ['model', 'name', 'terms'] as const;
const WEIGHTS = [8, 4, 1] as const;
const K1 = 1.2;
const B = 0.75;
/** Term frequencies per column are packed one byte each; more than 255 repeats count as 255. */
const TF_MAX = 255;

export interface SearchRow {
  slot: number;
  model: string;
  name: string;
  terms: string;
}

/** Products one term matched: slots ascending, with the term's weighted frequency and model-column hit. */
interface Postings {
  slots: Int32Array;
  /** Σ column weight × term frequency, per slot (FTS5's bm25 phrase frequency). */
  freq: Float32Array;
  /** Non-zero in the low byte where the term is in the model column. */
  model: Uint32Array | Uint8Array;
}

/** Products every term matched, by slot, and per slot what ranking reads. */
export interface TextHits {
  slots: Int32Array;
  /** bm25, lower is better (as FTS5 reports it). Written for the slots matched; read only for those. */
  score: Float64Array;
  /** How many of the typed terms are in the product's model number ("haier 470": 470 in BCD-470…). */
  modelTerms: Uint8Array;
}

/** Term postings kept per catalog version: shoppers type the same first letters over and over. */
const CACHED_TERMS = 512;

const isHan = (token: string) => token.charCodeAt(0) >= 0x2e80 && /^(?=\p{L})\p{Script=Han}/u.test(token);

/** Everything a TextIndex holds that is not scratch: what a snapshot stores. */
export interface TextIndexParts {
  size: number;
  /** Letter/digit tokens, sorted (code-unit order), and the id of each. */
  tokens: string[];
  tokenIds: Int32Array;
  /** Chinese single characters and pairs of neighbouring characters → token id. */
  han: Map<string, number>;
  /** Token id → its range in `postSlot`/`postTf`. */
  postStart: Int32Array;
  postSlot: Int32Array;
  /** Term frequency per column: model in the low byte, then name, then terms. */
  postTf: Uint32Array;
  /** Tokens per product, all columns (bm25's document length). */
  length: Uint16Array;
  documents: number;
  totalLength: number;
}

/** A stored column text, tokenised once however many products share it: distinct tokens with their counts. */
interface ParsedText {
  ids: Int32Array;
  counts: Uint8Array;
  tokens: number;
}

/** Builds the index from the stored search documents. */
export function buildTextIndex(size: number, rows: readonly SearchRow[]): TextIndex {
  const ids = new Map<string, number>();
  const han = new Map<string, number>();
  let tokenCount = 0;
  const idOf = (token: string, map: Map<string, number>) => {
    let id = map.get(token);
    if (id === undefined) {
      id = tokenCount++;
      map.set(token, id);
    }
    return id;
  };
  // Names and terms repeat across products (7,000 distinct texts in 20,000 products).
  const parsed = new Map<string, ParsedText>();
  // Per token id: the serial of the text that last counted it, and where in `found` it is.
  let seenIn = new Int32Array(1 << 12).fill(-1);
  let foundAt = new Int32Array(1 << 12);
  const found: number[] = [];
  const foundCount: number[] = [];
  let serial = 0;
  const count = (id: number) => {
    if (id >= seenIn.length) {
      seenIn = grow(seenIn, id + 1, -1);
      foundAt = grow(foundAt, id + 1, 0);
    }
    if (seenIn[id] === serial) {
      const at = foundAt[id] ?? 0;
      foundCount[at] = Math.min(TF_MAX, (foundCount[at] ?? 0) + 1);
      return;
    }
    seenIn[id] = serial;
    foundAt[id] = found.length;
    found.push(id);
    foundCount.push(1);
  };
  const parse = (text: string): ParsedText => {
    let out = parsed.get(text);
    if (out) return out;
    serial++;
    found.length = 0;
    foundCount.length = 0;
    let tokens = 0;
    let previous: string | undefined;
    for (const token of text.split(' ')) {
      if (token === '') continue;
      tokens++;
      if (isHan(token)) {
        count(idOf(token, han));
        // FTS5 matches a phrase on consecutive tokens of a column: so does a pair here.
        if (previous !== undefined) count(idOf(previous + token, han));
        previous = token;
      } else {
        count(idOf(token, ids));
        previous = undefined;
      }
    }
    out = { ids: Int32Array.from(found), counts: Uint8Array.from(foundCount), tokens };
    parsed.set(text, out);
    return out;
  };

  // (token, slot, packed tf) per distinct token of each document, in slot order.
  let entries = 0;
  let entryToken = new Int32Array(1 << 16);
  let entrySlot = new Int32Array(1 << 16);
  let entryTf = new Uint32Array(1 << 16);
  let lastSlot = new Int32Array(1 << 12).fill(-1);
  let lastEntry = new Int32Array(1 << 12);
  const length = new Uint16Array(size);
  let documents = 0;
  let totalLength = 0;
  for (const row of [...rows].sort((a, b) => a.slot - b.slot)) {
    if (row.slot < 0 || row.slot >= size) continue;
    documents++;
    let tokens = 0;
    for (let c = 0; c < COLUMNS.length; c++) {
      const text = parse(row[COLUMNS[c] ?? 'terms']);
      tokens += text.tokens;
      if (tokenCount > lastSlot.length) {
        lastSlot = grow(lastSlot, tokenCount, -1);
        lastEntry = grow(lastEntry, tokenCount, 0);
      }
      if (entries + text.ids.length > entryToken.length) {
        entryToken = grow(entryToken, entries + text.ids.length, 0);
        entrySlot = grow(entrySlot, entries + text.ids.length, 0);
        entryTf = grow(entryTf, entries + text.ids.length, 0);
      }
      const shift = c * 8;
      for (let k = 0; k < text.ids.length; k++) {
        const id = text.ids[k] ?? 0;
        const tf = (text.counts[k] ?? 0) << shift;
        if (lastSlot[id] === row.slot) {
          const e = lastEntry[id] ?? 0;
          entryTf[e] = (entryTf[e] ?? 0) | tf;
        } else {
          lastSlot[id] = row.slot;
          lastEntry[id] = entries;
          entryToken[entries] = id;
          entrySlot[entries] = row.slot;
          entryTf[entries] = tf;
          entries++;
        }
      }
    }
    length[row.slot] = Math.min(tokens, 0xffff);
    totalLength += tokens;
  }

  // Counting sort by token: each token's postings stay in slot order.
  const postStart = new Int32Array(tokenCount + 1);
  for (let e = 0; e < entries; e++) {
    const next = (entryToken[e] ?? 0) + 1;
    postStart[next] = (postStart[next] ?? 0) + 1;
  }
  for (let t = 0; t < tokenCount; t++) postStart[t + 1] = (postStart[t + 1] ?? 0) + (postStart[t] ?? 0);
  const fill = postStart.slice(0, tokenCount);
  const postSlot = new Int32Array(entries);
  const postTf = new Uint32Array(entries);
  for (let e = 0; e < entries; e++) {
    const id = entryToken[e] ?? 0;
    const at = fill[id] ?? 0;
    postSlot[at] = entrySlot[e] ?? 0;
    postTf[at] = entryTf[e] ?? 0;
    fill[id] = at + 1;
  }
  const tokens = [...ids.keys()].sort();
  return new TextIndex({
    size,
    tokens,
    tokenIds: Int32Array.from(tokens, (t) => ids.get(t) ?? 0),
    han,
    postStart,
    postSlot,
    postTf,
    length,
    documents,
    totalLength,
  });
}

function grow<T extends Int32Array | Uint32Array>(array: T, atLeast: number, fill: number): T {
  let size = array.length * 2;
  while (size < atLeast) size *= 2;
  const out = new (array.constructor as new (n: number) => T)(size);
  out.set(array);
  out.fill(fill, array.length);
  return out;
}

export class TextIndex {
  readonly tokens: readonly string[];
  private readonly tokenIds: Int32Array;
  private readonly han: ReadonlyMap<string, number>;
  private readonly postStart: Int32Array;
  private readonly postSlot: Int32Array;
  private readonly postTf: Uint32Array;
  /** Σ column weight × term frequency of each posting. */
  private readonly postWeight: Float32Array;
  private readonly cache = new Map<string, Postings>();
  private readonly length: Uint16Array;
  private readonly averageLength: number;
  private readonly documents: number;
  /** Scratch, per slot (the core is single-threaded). */
  private readonly hits: Uint16Array;
  private readonly freq: Float64Array;
  private readonly inModel: Uint8Array;
  readonly score: Float64Array;
  readonly modelTerms: Uint8Array;

  constructor(readonly parts: TextIndexParts) {
    const { size } = parts;
    this.tokens = parts.tokens;
    this.tokenIds = parts.tokenIds;
    this.han = parts.han;
    this.postStart = parts.postStart;
    this.postSlot = parts.postSlot;
    this.postTf = parts.postTf;
    this.postWeight = new Float32Array(parts.postTf.length);
    for (let i = 0; i < parts.postTf.length; i++) this.postWeight[i] = weighted(parts.postTf[i] ?? 0);
    this.length = parts.length;
    this.documents = parts.documents;
    this.averageLength = parts.documents > 0 ? parts.totalLength / parts.documents : 1;
    this.hits = new Uint16Array(size);
    this.freq = new Float64Array(size);
    this.inModel = new Uint8Array(size);
    this.score = new Float64Array(size);
    this.modelTerms = new Uint8Array(size);
  }

  /** Ids of the letter/digit tokens the term names: the token itself, or every token it starts. */
  private tokenRange(text: string, prefix: boolean): [number, number] {
    const lo = lowerBound(this.tokens, text);
    if (!prefix) return this.tokens[lo] === text ? [lo, lo + 1] : [lo, lo];
    let hi = lo;
    // Short prefixes cover many tokens: find the end by binary search, not by walking.
    let step = 1;
    while (hi + step <= this.tokens.length && (this.tokens[hi + step - 1] ?? '').startsWith(text)) {
      hi += step;
      step *= 2;
    }
    while (step > 1) {
      step >>>= 1;
      if (hi + step <= this.tokens.length && (this.tokens[hi + step - 1] ?? '').startsWith(text)) hi += step;
    }
    return [lo, hi];
  }

  private postingsOf(id: number): Postings {
    const start = this.postStart[id] ?? 0;
    const end = this.postStart[id + 1] ?? 0;
    return { slots: this.postSlot.subarray(start, end), freq: this.postWeight.subarray(start, end), model: this.postTf.subarray(start, end) };
  }

  /** The products one term matches (cached per term). */
  private postings(term: QueryTerm): Postings {
    const key = `${term.kind}:${term.text}`;
    let found = this.cache.get(key);
    if (found) {
      // Most recently used last: the first key is the one to evict.
      this.cache.delete(key);
    } else {
      found = term.kind === 'han' ? this.phrase(Array.from(term.text)) : this.tokenPostings(term.text, term.kind === 'prefix');
      if (this.cache.size >= CACHED_TERMS) this.cache.delete(this.cache.keys().next().value ?? '');
    }
    this.cache.set(key, found);
    return found;
  }

  private tokenPostings(text: string, prefix: boolean): Postings {
    const [lo, hi] = this.tokenRange(text, prefix);
    if (hi - lo === 1) return this.postingsOf(this.tokenIds[lo] ?? 0);
    // Several tokens: their postings summed per slot (FTS5 counts every prefix instance).
    const { freq, inModel } = this;
    const touched: number[] = [];
    for (let k = lo; k < hi; k++) {
      const id = this.tokenIds[k] ?? 0;
      for (let i = this.postStart[id] ?? 0, end = this.postStart[id + 1] ?? 0; i < end; i++) {
        const slot = this.postSlot[i] ?? 0;
        if (freq[slot] === 0) touched.push(slot);
        freq[slot] = (freq[slot] ?? 0) + (this.postWeight[i] ?? 0);
        if (((this.postTf[i] ?? 0) & 0xff) !== 0) inModel[slot] = 1;
      }
    }
    const slots = touched.length * 16 > freq.length ? this.markedSlots(freq) : Int32Array.from(touched).sort();
    const out = new Float32Array(slots.length);
    const model = new Uint8Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] ?? 0;
      out[i] = freq[slot] ?? 0;
      model[i] = inModel[slot] ?? 0;
      freq[slot] = 0;
      inModel[slot] = 0;
    }
    return { slots, freq: out, model };
  }

  /** Slots where `values` is non-zero, ascending: a linear walk beats sorting a long list. */
  private markedSlots(values: Float64Array): Int32Array {
    const out: number[] = [];
    for (let slot = 0; slot < values.length; slot++) if (values[slot] !== 0) out.push(slot);
    return Int32Array.from(out);
  }

  /** Chinese characters as a phrase: one character, a pair, or every neighbouring pair in one column. */
  private phrase(chars: readonly string[]): Postings {
    const empty: Postings = { slots: new Int32Array(0), freq: new Float32Array(0), model: new Uint8Array(0) };
    if (chars.length <= 2) {
      const id = this.han.get(chars.join(''));
      return id === undefined ? empty : this.postingsOf(id);
    }
    const pairs: number[] = [];
    for (let i = 0; i + 1 < chars.length; i++) {
      const id = this.han.get(`${chars[i]}${chars[i + 1]}`);
      if (id === undefined) return empty;
      pairs.push(id);
    }
    // The rarest pair's products, kept where every other pair is in the same column; the
    // phrase's frequency per column is its rarest pair's there.
    pairs.sort((a, b) => this.count(a) - this.count(b));
    const first = pairs[0] ?? 0;
    const slots: number[] = [];
    const tfs: number[] = [];
    for (let i = this.postStart[first] ?? 0, end = this.postStart[first + 1] ?? 0; i < end; i++) {
      const slot = this.postSlot[i] ?? 0;
      let tf = this.postTf[i] ?? 0;
      for (let p = 1; p < pairs.length && tf !== 0; p++) tf = minPerColumn(tf, this.tfAt(pairs[p] ?? 0, slot));
      if (tf !== 0) {
        slots.push(slot);
        tfs.push(tf);
      }
    }
    const model = Uint32Array.from(tfs);
    return { slots: Int32Array.from(slots), freq: Float32Array.from(model, (tf) => weighted(tf)), model };
  }

  private count(id: number): number {
    return (this.postStart[id + 1] ?? 0) - (this.postStart[id] ?? 0);
  }

  /** The token's packed term frequencies in one product (0: absent), by binary search. */
  private tfAt(id: number, slot: number): number {
    let lo = this.postStart[id] ?? 0;
    let hi = this.postStart[id + 1] ?? 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.postSlot[mid] ?? 0;
      if (s === slot) return this.postTf[mid] ?? 0;
      if (s < slot) lo = mid + 1;
      else hi = mid;
    }
    return 0;
  }

  /**
   * Products matching every term (none for no terms), in slot order; with `rank`, `score`
   * holds each one's bm25 (negative, lower is better, as FTS5's bm25()) and `modelTerms` how
   * many terms its model number matched.
   */
  match(terms: readonly QueryTerm[], rank: boolean): TextHits {
    const { hits, score, modelTerms } = this;
    const none = { slots: new Int32Array(0), score, modelTerms };
    if (terms.length === 0) return none;
    const lists = terms.map((t) => this.postings(t)).sort((a, b) => a.slots.length - b.slots.length);
    const [first, ...rest] = lists;
    if (!first || first.slots.length === 0) return none;
    // Every candidate is in the rarest term's list: count the terms each one matches.
    for (const slot of first.slots) hits[slot] = 1;
    for (const list of rest) for (const slot of list.slots) if (hits[slot] !== 0) hits[slot] = (hits[slot] ?? 0) + 1;
    let matched = 0;
    for (const slot of first.slots) if (hits[slot] === lists.length) matched++;
    const slots = new Int32Array(matched);
    matched = 0;
    for (const slot of first.slots) {
      if (hits[slot] === lists.length) {
        slots[matched++] = slot;
        // Marked as matched for the scoring pass below.
        hits[slot] = 0xffff;
      } else hits[slot] = 0;
    }
    if (rank) {
      // An unranked match (a suggestion's check, the whole-word set) leaves the last ranking be.
      for (const slot of slots) {
        score[slot] = 0;
        modelTerms[slot] = 0;
      }
      for (const list of lists) {
        const idf = this.idf(list.slots.length);
        const { freq, model } = list;
        for (let i = 0; i < list.slots.length; i++) {
          const slot = list.slots[i] ?? 0;
          if (hits[slot] !== 0xffff) continue;
          const f = freq[i] ?? 0;
          const norm = K1 * (1 - B + (B * (this.length[slot] ?? 0)) / this.averageLength);
          score[slot] = (score[slot] ?? 0) - (idf * f * (K1 + 1)) / (f + norm);
          if (((model[i] ?? 0) & 0xff) !== 0) modelTerms[slot] = (modelTerms[slot] ?? 0) + 1;
        }
      }
    }
    for (const slot of slots) hits[slot] = 0;
    return { slots, score, modelTerms };
  }

  /** Whether any product matches every term. */
  exists(terms: readonly QueryTerm[]): boolean {
    return this.match(terms, false).slots.length > 0;
  }

  /** FTS5's inverse document frequency, floored the same way (a term in most products still counts a little). */
  private idf(matching: number): number {
    const idf = Math.log((this.documents - matching + 0.5) / (matching + 0.5));
    return idf > 0 ? idf : 1e-6;
  }
}

function weighted(tf: number): number {
  return WEIGHTS[0] * (tf & 0xff) + WEIGHTS[1] * ((tf >>> 8) & 0xff) + WEIGHTS[2] * ((tf >>> 16) & 0xff);
}

function minPerColumn(a: number, b: number): number {
  let out = 0;
  for (let shift = 0; shift < 24; shift += 8) out |= Math.min((a >>> shift) & 0xff, (b >>> shift) & 0xff) << shift;
  return out;
}
