/**
 * FlexSearch 0.8 and MiniSearch 7 set up as a developer would for this store: the same products'
 * searchable text as ours (names, brand, category, model, key specs), the same tokens (Chinese
 * one character per token, since neither splits Chinese words; letter/digit runs; model numbers
 * also joined), and pinyin from pinyin-pro, since shoppers type pinyin and neither peer knows it.
 * They only match text: no facet counts, no cards, no prices or stock.
 */
import { Charset, Index } from 'flexsearch';
import MiniSearch from 'minisearch';
import { pinyin } from 'pinyin-pro';
import type { CatalogDataset, LocalizedText, ProductData } from '../../electron/contract/catalog.ts';
import { formatSpec } from '../../electron/domain/specs.ts';

/** What each peer indexes, printed with the tables so the comparison can be judged. */
export const PEERS_INDEX =
  'Both peers index, per product: Chinese and English name, brand (zh/en), category (zh/en), model number ' +
  '(its parts and joined: KFR-35GW → kfr, 35gw, kfr35gw), key spec and feature labels (zh/en: "470升", "470 L", ' +
  '"变频", "Inverter"), and pinyin of every Chinese word, full ("bingxiang") and initials ("bx"). Chinese is one ' +
  'token per character (query terms AND-ed), all words prefix-matched as typed. FlexSearch: one Index, ' +
  'tokenize "forward", exact encoder (text in the order name, brand, category, model, pinyin, specs: its score is ' +
  'term position); typos through a second Index with its LatinExtra (phonetic) encoder and suggest: true. ' +
  'MiniSearch: fields name, brand, category, model, pinyin, specs (boost name 2, brand 2, category 3, model 2), ' +
  'prefix, AND; typos with fuzzy 0.2.';

export interface SearchDoc {
  id: number;
  name: string;
  brand: string;
  category: string;
  model: string;
  pinyin: string;
  specs: string;
}

const HAN = /\p{Script=Han}/u;
const WORDS = /(\p{Script=Han})|([\p{L}\p{N}]+)/gu;

/** Tokens of a text or a query: each Chinese character, each letter/digit run, runs joined across punctuation. */
export function peerTokens(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.normalize('NFKC').toLowerCase().split(/\s+/u)) {
    const runs: string[] = [];
    for (const match of chunk.matchAll(WORDS)) {
      if (match[1] !== undefined) out.push(match[1]);
      else if (match[2] !== undefined) {
        out.push(match[2]);
        runs.push(match[2]);
      }
    }
    if (runs.length > 1) out.push(runs.join(''));
  }
  return out;
}

function pinyinOf(texts: readonly string[]): string {
  const out: string[] = [];
  for (const text of texts) {
    for (const word of text.split(/\s+/u)) {
      const han = Array.from(word).filter((c) => HAN.test(c)).join('');
      if (han === '') continue;
      out.push(
        pinyin(han, { toneType: 'none', type: 'array', v: true }).join(''),
        pinyin(han, { toneType: 'none', type: 'array', pattern: 'first', v: true }).join(''),
      );
    }
  }
  return out.join(' ');
}

export function searchDocs(dataset: CatalogDataset): SearchDoc[] {
  const brands = new Map(dataset.brands.map((b) => [b.id, b.name]));
  const categories = new Map(dataset.categories.map((c) => [c.id, c]));
  const both = (t: LocalizedText | undefined) => (t ? `${t.zh} ${t.en}` : '');
  return dataset.products.map((p: ProductData, id) => {
    const category = categories.get(p.categoryId);
    const specs: LocalizedText[] = [];
    for (const def of category?.specs ?? []) {
      const value = p.specs[def.key];
      if (value === undefined) continue;
      if (def.kind === 'boolean') {
        if (value === true) specs.push(def.label);
      } else if (def.kind !== 'number' || def.key_spec) {
        specs.push({ zh: formatSpec(def, value, 'zh'), en: formatSpec(def, value, 'en') });
      }
    }
    const brand = brands.get(p.brandId);
    return {
      id,
      name: both(p.name),
      brand: both(brand),
      category: both(category?.name),
      model: p.model,
      pinyin: pinyinOf([p.name.zh, brand?.zh ?? '', category?.name.zh ?? '', ...specs.map((s) => s.zh)]),
      specs: specs.map(both).join(' '),
    };
  });
}

/** A peer: the top `limit` products (indices into the dataset's products) for a query, best first. */
export interface PeerEngine {
  name: string;
  search(text: string, limit: number): number[];
  /** The same with the peer's typo tolerance on. */
  fuzzy(text: string, limit: number): number[];
}

const flexText = (d: SearchDoc) => [d.name, d.brand, d.category, d.model, d.pinyin, d.specs].join(' ');

export function flexSearch(docs: readonly SearchDoc[]): PeerEngine {
  const exact = new Index({ tokenize: 'forward', encoder: { ...Charset.Exact, minlength: 1 }, encode: peerTokens });
  // LatinExtra: of FlexSearch's encoders, the one that recovered most of the typos tried here.
  const phonetic = new Index({ tokenize: 'forward', encoder: Charset.LatinExtra });
  for (const d of docs) {
    exact.add(d.id, flexText(d));
    phonetic.add(d.id, peerTokens(flexText(d)).join(' '));
  }
  return {
    name: 'FlexSearch 0.8',
    search: (text, limit) => exact.search(text, { limit }) as number[],
    fuzzy: (text, limit) => phonetic.search(peerTokens(text).join(' '), { limit, suggest: true }) as number[],
  };
}

export function miniSearch(docs: readonly SearchDoc[]): PeerEngine {
  const index = new MiniSearch<SearchDoc>({
    fields: ['name', 'brand', 'category', 'model', 'pinyin', 'specs'],
    tokenize: peerTokens,
    processTerm: (term) => term,
    searchOptions: { prefix: true, combineWith: 'AND', boost: { name: 2, brand: 2, category: 3, model: 2 } },
  });
  index.addAll([...docs]);
  return {
    name: 'MiniSearch 7',
    search: (text, limit) => index.search(text).slice(0, limit).map((r) => r.id as number),
    fuzzy: (text, limit) => index.search(text, { fuzzy: 0.2 }).slice(0, limit).map((r) => r.id as number),
  };
}
