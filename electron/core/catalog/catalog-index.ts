/**
 * The in-memory index of one catalog version: every active product's filterable fields in typed
 * arrays, products grouped by category (each category is a contiguous range of slots), facets
 * per scope, and the global sort orders. Filtering, facet counting, sorting and paging run here
 * in memory, and so does text matching (text-index.ts, over the search documents SQLite stores);
 * SQLite fetches the cards of one page.
 */
import type { CategoryInfo, CategorySummary, ProductSort } from '../../contract/catalog.ts';
import { SpecDef, type LocalizedText, type SpecValue } from '../../contract/catalog.ts';
import type { Db } from '../db/database.ts';
import { categoryFacets, storeFacets, type FacetColumns, type FacetDef, type Named } from './facets.ts';
import { modelKey, normalize, PinyinCache } from './search-text.ts';
import { buildTextIndex, TextIndex, type TextIndexParts } from './text-index.ts';
import { packStrings, stringAt, type PackedStrings } from './packed-strings.ts';
import { Vocabulary } from './vocabulary.ts';

export type ListOrder = Exclude<ProductSort, 'relevance'>;

export interface Scope {
  /** Absent for the whole store. */
  category?: CategoryInfo;
  start: number;
  end: number;
  facets: readonly FacetDef[];
  facetByKey: ReadonlyMap<string, FacetDef>;
}

/** A validated filter: the facet and which of its values were chosen. */
export interface Selection {
  facet: number;
  chosen: Uint8Array;
}

/** Products a text query matched, with their bm25 scores (lower is better) by slot. */
export interface TextMatch {
  slots: Int32Array;
  score: Float64Array;
  /** Per slot: how many typed terms its model number matched. */
  modelTerms: Uint8Array;
  /** Slots whose model number equals the whole query. */
  exact: readonly number[];
  /** Slots where the word being typed matches a whole indexed word, not only its start. */
  whole: Int32Array;
}

export interface Selected {
  total: number;
  page: number[];
  /** Per scope facet, per value: products it would show given the other facets' selections. */
  counts: Uint32Array[];
}

/** What a product card shows, read with the index so a page of cards needs no query. */
export interface CardRow {
  id: string;
  model: string;
  category_id: string;
  brand_id: string;
  name_zh: string;
  name_en: string;
  brand_zh: string;
  brand_en: string;
  price_fen: number;
  list_price_fen: number;
  energy_grade: number | null;
  art: string;
  on_hand: number;
  specs: Record<string, SpecValue>;
}

/** A product as the index reads it. */
interface ProductRow extends Omit<CardRow, 'on_hand' | 'specs'> {
  stock: number;
  popularity: number;
  released_on: string;
  specs: string;
}

/** The index's columns, after facets were built from the specs. */
type IndexColumns = Omit<FacetColumns, 'specs'>;

/**
 * The text search part: built after the rest on a fresh catalog, and read after the rest from a
 * snapshot (two thirds of it), as browsing needs only the rest.
 */
export type SearchParts = Pick<IndexParts, 'text' | 'vocabulary' | 'slotByModel'>;
export type BrowseParts = Omit<IndexParts, keyof SearchParts>;

/** Everything a CatalogIndex holds that is not scratch or derived in a moment: what a snapshot stores. */
export interface IndexParts {
  categories: CategoryInfo[];
  /** What cards show beyond the columns, by slot (packed: a snapshot reads back fast). */
  cards: { id: PackedStrings; model: PackedStrings; nameZh: PackedStrings; nameEn: PackedStrings; art: PackedStrings; listPrice: Float64Array; specs: PackedStrings };
  brandIds: string[];
  columns: IndexColumns;
  popularity: Float64Array;
  store: Scope;
  scopes: Map<string, Scope>;
  slotByModel: Map<string, number[]>;
  orders: Record<ListOrder, Int32Array>;
  text: TextIndexParts;
  vocabulary: { hanWords: Set<string>; tokens: string[]; suggestions: Map<string, number> };
}

export class CatalogIndex {
  readonly size: number;
  private readonly brandIds: readonly string[];
  private readonly columns: IndexColumns;
  private readonly popularity: Float64Array;
  readonly store: Scope;
  readonly scopes: ReadonlyMap<string, Scope>;
  private readonly categories: readonly CategoryInfo[];
  private slotById: ReadonlyMap<string, number> | undefined;
  private readonly orders: Record<ListOrder, Int32Array>;
  private search: { text: TextIndex; vocabulary: Vocabulary; parts: SearchParts } | undefined;
  private readonly searchParts: () => SearchParts;
  /** Scratch buffers reused by every query (the core is single-threaded). */
  private readonly mark: Uint8Array;
  private readonly rankKey: Float64Array;

  /**
   * From a snapshot's parts, or (`searchParts`) from a fresh build whose text search is made the
   * first time it is needed (a search, or the snapshot written after the first answer).
   */
  constructor(
    private readonly browse: BrowseParts,
    searchParts: SearchParts | (() => SearchParts),
  ) {
    this.searchParts = typeof searchParts === 'function' ? searchParts : () => searchParts;
    const parts = browse;
    const n = parts.cards.id.ends.length;
    this.size = n;
    this.categories = parts.categories;
    this.brandIds = parts.brandIds;
    this.columns = parts.columns;
    this.popularity = parts.popularity;
    this.store = parts.store;
    this.scopes = parts.scopes;
    this.orders = parts.orders;
    this.mark = new Uint8Array(n);
    this.rankKey = new Float64Array(n);
  }

  /** Reads one catalog version from the database and indexes it. */
  static build(db: Db): CatalogIndex {
    const categories = (db.prepare('SELECT id, name_zh, name_en, art, specs FROM categories ORDER BY sort_order, id').all() as {
      id: string;
      name_zh: string;
      name_en: string;
      art: string;
      specs: string;
    }[]).map(
      (r): CategoryInfo => ({ id: r.id, name: { zh: r.name_zh, en: r.name_en }, art: r.art, specs: SpecDef.array().parse(JSON.parse(r.specs)) }),
    );
    const brands = (db.prepare('SELECT id, name_zh, name_en FROM brands ORDER BY id').all() as { id: string; name_zh: string; name_en: string }[]).map(
      (r): Named => ({ id: r.id, name: { zh: r.name_zh, en: r.name_en } }),
    );
    const rows = db
      .prepare(
        `SELECT p.id, p.category_id, p.brand_id, p.model, p.name_zh, p.name_en, b.name_zh AS brand_zh, b.name_en AS brand_en,
                p.price_fen, p.list_price_fen, p.energy_grade, p.art, COALESCE(s.on_hand, 0) AS stock, p.popularity, p.released_on, p.specs
           FROM products p JOIN categories c ON c.id = p.category_id JOIN brands b ON b.id = p.brand_id
           LEFT JOIN stock s ON s.product_id = p.id
          WHERE p.active = 1 ORDER BY c.sort_order, c.id, p.id`,
      )
      .all() as ProductRow[];

    const n = rows.length;
    const specs = rows.map((r) => JSON.parse(r.specs) as Record<string, SpecValue>);
    const categoryIndex = new Map(categories.map((c, i) => [c.id, i]));
    const brandIndex = new Map(brands.map((b, i) => [b.id, i]));
    const columns: FacetColumns = {
      brand: new Uint16Array(n),
      category: new Uint16Array(n),
      price: new Float64Array(n),
      energy: new Int8Array(n),
      stock: new Int32Array(n),
      specs,
      brands,
      categories,
    };
    const popularity = new Float64Array(n);
    const slotById = new Map<string, number>();
    const slotByModel = new Map<string, number[]>();
    rows.forEach((r, slot) => {
      columns.category[slot] = categoryIndex.get(r.category_id) ?? 0;
      columns.brand[slot] = brandIndex.get(r.brand_id) ?? 0;
      columns.price[slot] = r.price_fen;
      columns.energy[slot] = r.energy_grade ?? 0;
      columns.stock[slot] = r.stock;
      popularity[slot] = r.popularity;
      slotById.set(r.id, slot);
      const key = modelKey(r.model);
      const same = slotByModel.get(key);
      if (same) same.push(slot);
      else slotByModel.set(key, [slot]);
    });

    const scopes = new Map<string, Scope>();
    let start = 0;
    categories.forEach((category, ci) => {
      let end = start;
      while (end < n && columns.category[end] === ci) end++;
      const facets = categoryFacets(category, columns, start, end);
      scopes.set(category.id, { category, start, end, facets, facetByKey: new Map(facets.map((f) => [f.key, f])) });
      start = end;
    });
    const storeWide = storeFacets(columns, 0, n);
    const store: Scope = { start: 0, end: n, facets: storeWide, facetByKey: new Map(storeWide.map((f) => [f.key, f])) };

    // Every order ends on the slot, so equal keys page the same way every time.
    const released = rows.map((r) => r.released_on);
    const byPopularity = (a: number, b: number) => (popularity[b] ?? 0) - (popularity[a] ?? 0) || a - b;
    const price = (slot: number) => columns.price[slot] ?? 0;
    const order = (compare: (a: number, b: number) => number) => Int32Array.from({ length: n }, (_, i) => i).sort(compare);
    const orders = {
      popularity: order(byPopularity),
      price_asc: order((a, b) => price(a) - price(b) || byPopularity(a, b)),
      price_desc: order((a, b) => price(b) - price(a) || byPopularity(a, b)),
      newest: order((a, b) => ((released[a] ?? '') < (released[b] ?? '') ? 1 : (released[a] ?? '') > (released[b] ?? '') ? -1 : byPopularity(a, b))),
    };

    // Read now (the same catalog version as the rest); tokenised when first needed.
    const searchRows = db.prepare('SELECT product_id, model, name, terms FROM product_search').raw().all() as [string, string, string, string][];
    const searchParts = (): SearchParts => {
      const text = buildTextIndex(
        n,
        searchRows.map(([id, model, name, terms]) => ({ slot: slotById.get(id) ?? -1, model, name, terms })),
      );
      return { text: text.parts, vocabulary: vocabularyParts(rows, categories, brands, columns, text.tokens), slotByModel };
    };
    const { specs: _specs, ...indexColumns } = columns;
    return new CatalogIndex({
      categories,
      cards: {
        id: packStrings(rows.map((r) => r.id)),
        model: packStrings(rows.map((r) => r.model)),
        nameZh: packStrings(rows.map((r) => r.name_zh)),
        nameEn: packStrings(rows.map((r) => r.name_en)),
        art: packStrings(rows.map((r) => r.art)),
        listPrice: Float64Array.from(rows, (r) => r.list_price_fen),
        specs: packStrings(rows.map((r) => r.specs)),
      },
      brandIds: brands.map((b) => b.id),
      columns: indexColumns,
      popularity,
      store,
      scopes,
      orders,
    }, searchParts);
  }

  private searchIndex(): NonNullable<CatalogIndex['search']> {
    if (!this.search) {
      const parts = this.searchParts();
      const { hanWords, tokens, suggestions } = parts.vocabulary;
      this.search = { text: new TextIndex(parts.text), vocabulary: new Vocabulary(hanWords, tokens, suggestions), parts };
    }
    return this.search;
  }

  get text(): TextIndex {
    return this.searchIndex().text;
  }

  get vocabulary(): Vocabulary {
    return this.searchIndex().vocabulary;
  }

  /** What browsing needs: what a snapshot reads at start. */
  get browseParts(): BrowseParts {
    return this.browse;
  }

  /** The text search's parts, built or read if they were not yet. */
  get searchPartsNow(): SearchParts {
    return this.searchIndex().parts;
  }

  /** A product card's data (specs parsed on demand: a page needs 24 of them). */
  cardRow(slot: number): CardRow | undefined {
    const { cards, columns } = this.browse;
    if (slot < 0 || slot >= this.size) return undefined;
    const brand = columns.brands[columns.brand[slot] ?? -1];
    return {
      id: stringAt(cards.id, slot),
      model: stringAt(cards.model, slot),
      category_id: this.categoryOf(slot)?.id ?? '',
      brand_id: brand?.id ?? '',
      name_zh: stringAt(cards.nameZh, slot),
      name_en: stringAt(cards.nameEn, slot),
      brand_zh: brand?.name.zh ?? '',
      brand_en: brand?.name.en ?? '',
      price_fen: columns.price[slot] ?? 0,
      list_price_fen: cards.listPrice[slot] ?? 0,
      energy_grade: columns.energy[slot] || null,
      art: stringAt(cards.art, slot),
      on_hand: columns.stock[slot] ?? 0,
      specs: JSON.parse(stringAt(cards.specs, slot) || '{}') as Record<string, SpecValue>,
    };
  }

  /** Every category in display order, with how many products it has and its lowest price. */
  categorySummaries(): CategorySummary[] {
    const price = this.columns.price;
    return this.categories.map((category) => {
      const scope = this.scopes.get(category.id);
      const start = scope?.start ?? 0;
      const end = scope?.end ?? 0;
      let from = Infinity;
      for (let slot = start; slot < end; slot++) from = Math.min(from, price[slot] ?? Infinity);
      return { id: category.id, name: category.name, art: category.art, productCount: end - start, fromPriceFen: end > start ? from : null };
    });
  }

  /** Whether `value` is one of the values offered for `facet` in the category (store-wide without one). */
  isKnownFilter(categoryId: string | undefined, facet: string, value: string): boolean {
    const scope = categoryId === undefined ? this.store : this.scopes.get(categoryId);
    return scope?.facetByKey.get(facet)?.indexOfValue.has(value) ?? false;
  }

  /** The product's slot (the lookup is made on first use: a start's first answers do not need it). */
  slotOf(id: string): number | undefined {
    this.slotById ??= new Map(Array.from({ length: this.size }, (_, slot) => [stringAt(this.browse.cards.id, slot), slot]));
    return this.slotById.get(id);
  }

  idOf(slot: number): string {
    return stringAt(this.browse.cards.id, slot);
  }

  /** Reads now what a start's first answers did not need (the text search, the id lookup), so a shopper never waits for it. */
  readRest(): void {
    void this.text;
    this.slotOf('');
  }

  slotsWithModel(key: string): readonly number[] {
    return this.searchIndex().parts.slotByModel.get(key) ?? [];
  }

  private categoryOf(slot: number): CategoryInfo | undefined {
    return this.categories[this.columns.category[slot] ?? -1];
  }

  /**
   * Same category, price within ±25%, most popular first; topped up with the nearest prices
   * when the price band holds too few.
   */
  related(slot: number, limit: number): number[] {
    const scope = this.scopeOf(slot);
    if (!scope) return [];
    const price = this.columns.price;
    const p = price[slot] ?? 0;
    const near: number[] = [];
    const rest: number[] = [];
    for (let s = scope.start; s < scope.end; s++) {
      if (s === slot) continue;
      (Math.abs((price[s] ?? 0) - p) <= p * 0.25 ? near : rest).push(s);
    }
    near.sort(this.byPopularity);
    if (near.length >= limit) return near.slice(0, limit);
    const gap = (s: number) => Math.abs((price[s] ?? 0) - p);
    rest.sort((a, b) => gap(a) - gap(b) || this.byPopularity(a, b));
    return [...near, ...rest.slice(0, limit - near.length)];
  }

  /** Products of a category to offer with `slot` in a bundle: eligible brands, same brand first, then popular. */
  bundlePartners(slot: number, categoryId: string, brandIds: readonly string[], limit: number): number[] {
    const scope = this.scopes.get(categoryId);
    if (!scope) return [];
    const brand = this.columns.brand[slot];
    const eligible = new Set(brandIds);
    const out: number[] = [];
    for (let s = scope.start; s < scope.end; s++) {
      if (eligible.size === 0 || eligible.has(this.brandIds[this.columns.brand[s] ?? -1] ?? '')) out.push(s);
    }
    const sameBrand = (s: number) => Number(this.columns.brand[s] === brand);
    return out.sort((a, b) => sameBrand(b) - sameBrand(a) || this.byPopularity(a, b)).slice(0, limit);
  }

  private scopeOf(slot: number): Scope | undefined {
    const category = this.categoryOf(slot);
    return category && this.scopes.get(category.id);
  }

  private readonly byPopularity = (a: number, b: number): number => (this.popularity[b] ?? 0) - (this.popularity[a] ?? 0) || a - b;

  /**
   * Filters the scope (or the text matches inside it), counts facet values the standard way
   * (each facet counted with every other facet's selection applied) and returns one page in
   * the requested order.
   */
  select(scope: Scope, selections: readonly Selection[], text: TextMatch | undefined, sort: ProductSort, offset: number, limit: number): Selected {
    const facets = scope.facets;
    const counts = facets.map((f) => new Uint32Array(f.values.length));
    const valueOf = facets.map((f) => f.valueOf);
    // One bit per selected facet: a product counts for facet f when it fails no selection but f's own.
    const chosen = selections.map((s) => s.chosen);
    const selectedValueOf = selections.map((s) => facets[s.facet]?.valueOf ?? new Int16Array(0));
    const facetOfBit = new Map(selections.map((s, i) => [1 << i, s.facet]));
    const results: number[] = [];
    const { start, end } = scope;

    const visit = (slot: number) => {
      const pos = slot - start;
      let fail = 0;
      for (let i = 0; i < selectedValueOf.length; i++) {
        const v = selectedValueOf[i]?.[pos] ?? -1;
        if (v < 0 || chosen[i]?.[v] !== 1) fail |= 1 << i;
      }
      if (fail === 0) {
        results.push(slot);
        for (let f = 0; f < valueOf.length; f++) {
          const v = valueOf[f]?.[pos] ?? -1;
          if (v >= 0) increment(counts[f], v);
        }
      } else if ((fail & (fail - 1)) === 0) {
        const f = facetOfBit.get(fail) ?? -1;
        const v = valueOf[f]?.[pos] ?? -1;
        if (v >= 0) increment(counts[f], v);
      }
    };
    if (selections.length === 0 && text) {
      // Searching without filters (every keystroke): every match counts for every facet.
      for (const slot of text.slots) {
        if (slot < start || slot >= end) continue;
        results.push(slot);
        const pos = slot - start;
        for (let f = 0; f < valueOf.length; f++) {
          const v = valueOf[f]?.[pos] ?? -1;
          if (v >= 0) increment(counts[f], v);
        }
      }
    } else if (text) {
      for (const slot of text.slots) if (slot >= start && slot < end) visit(slot);
    } else {
      for (let slot = start; slot < end; slot++) visit(slot);
    }

    const page = sort === 'relevance' && text ? this.pageByRelevance(results, text, offset, limit) : this.pageInOrder(results, sort === 'relevance' ? 'popularity' : sort, offset, limit);
    return { total: results.length, page, counts };
  }

  /** Walks the precomputed order and keeps the marked results: linear, no sort per query. */
  private pageInOrder(results: readonly number[], sort: ListOrder, offset: number, limit: number): number[] {
    if (offset >= results.length) return [];
    for (const slot of results) this.mark[slot] = 1;
    const page: number[] = [];
    let seen = 0;
    for (const slot of this.orders[sort]) {
      if (this.mark[slot] !== 1) continue;
      if (seen >= offset) page.push(slot);
      seen++;
      if (page.length === limit) break;
    }
    for (const slot of results) this.mark[slot] = 0;
    return page;
  }

  /**
   * Exact model number first, then products where the word being typed is a whole word (`bx`
   * is 冰箱's initials, a prefix of 不锈钢's), then those whose model number the typed words
   * are in ("haier 470": the BCD-470 fridges before a purifier whose CADR is 470), then
   * relevance, then popularity. Scores within 10% of each other count as a tie: bm25
   * differences that small come from name length, not from a better match, and the more
   * popular product is the better answer.
   */
  private pageByRelevance(results: readonly number[], text: TextMatch, offset: number, limit: number): number[] {
    let best = 0;
    for (const slot of results) best = Math.min(best, text.score[slot] ?? 0);
    // One number per result for everything before popularity: the comparator reads two arrays.
    const key = this.rankKey;
    for (const slot of results) {
      const tier = best < 0 ? Math.round((10 * (text.score[slot] ?? 0)) / best) : 0;
      key[slot] = (text.modelTerms[slot] ?? 0) * 1e3 + tier;
    }
    // Slots outside the results get a key too; only the results' keys are read.
    for (const slot of text.whole) key[slot] = (key[slot] ?? 0) + 1e6;
    for (const slot of text.exact) key[slot] = (key[slot] ?? 0) + 2e6;
    const pop = this.popularity;
    return topK(results, offset + limit, (a, b) => (key[b] ?? 0) - (key[a] ?? 0) || (pop[b] ?? 0) - (pop[a] ?? 0) || a - b).slice(offset);
  }
}

/**
 * The first `k` items in `compare` order without sorting them all: a kept, sorted window that
 * an item enters only if it beats the window's last (n log k; typing pages need k = 24).
 */
function topK(items: readonly number[], k: number, compare: (a: number, b: number) => number): number[] {
  if (k >= items.length / 4) return [...items].sort(compare).slice(0, k);
  const kept: number[] = [];
  for (const item of items) {
    if (kept.length === k && compare(item, kept[k - 1] ?? item) >= 0) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(kept[mid] ?? item, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, item);
    if (kept.length > k) kept.pop();
  }
  return kept;
}

function increment(counts: Uint32Array | undefined, i: number): void {
  if (counts) counts[i] = (counts[i] ?? 0) + 1;
}

const ALPHA_WORD = /^[a-z]{3,}$/;

/** Segmentation words, index tokens for word breaking, and suggestion words with their weights. */
function vocabularyParts(
  rows: readonly ProductRow[],
  categories: readonly CategoryInfo[],
  brands: readonly Named[],
  columns: FacetColumns,
  indexTokens: readonly string[],
): IndexParts['vocabulary'] {
  const hanWords = new Set<string>();
  const suggestions = new Map<string, number>();
  const pinyinCache = new PinyinCache();
  const suggest = (word: string, weight: number) => suggestions.set(word, (suggestions.get(word) ?? 0) + weight);
  const hanRuns = (text: string) => normalize(text).match(/(?:(?=\p{L})\p{Script=Han}){2,}/gu) ?? [];

  /** A shopper-facing name: its Chinese words and their pinyin, its English words (and singulars). */
  const addName = (name: LocalizedText, weight: number) => {
    for (const run of hanRuns(name.zh)) {
      hanWords.add(run);
      suggest(run, weight);
      const full = pinyinCache.syllables(run).full.join('');
      if (full.length >= 2) suggest(full, weight);
    }
    for (const word of normalize(name.en).split(/[^a-z]+/)) {
      if (!ALPHA_WORD.test(word)) continue;
      suggest(word, weight);
      if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss')) suggest(word.slice(0, -1), weight);
    }
  };

  const perBrand = new Uint32Array(brands.length);
  const perCategory = new Uint32Array(categories.length);
  for (let slot = 0; slot < rows.length; slot++) {
    increment(perBrand, columns.brand[slot] ?? 0);
    increment(perCategory, columns.category[slot] ?? 0);
  }
  brands.forEach((b, i) => addName(b.name, perBrand[i] ?? 0));
  categories.forEach((c, i) => {
    addName(c.name, perCategory[i] ?? 0);
    for (const spec of c.specs) {
      for (const run of hanRuns(spec.label.zh)) hanWords.add(run);
      for (const option of spec.options ?? []) addName(option.label, 1);
    }
  });
  const seenChunks = new Set<string>();
  for (const r of rows) {
    for (const chunk of r.name_zh.split(' ')) {
      if (seenChunks.has(chunk)) continue;
      seenChunks.add(chunk);
      for (const run of hanRuns(chunk)) hanWords.add(run);
    }
    for (const word of r.name_en.toLowerCase().split(/[^a-z]+/)) if (ALPHA_WORD.test(word)) suggest(word, 1);
  }

  return { hanWords, tokens: indexTokens.filter((t) => /^[a-z0-9]+$/.test(t)), suggestions };
}
