/**
 * Filter facets of one scope (a category, or the whole store): which values each facet offers,
 * with bilingual labels, and which value every product of the scope has. Built once per catalog
 * version from the scope's products, so price and capacity ranges follow the category's real
 * distribution with round bounds.
 */
import type { CategoryInfo } from '../../contract/catalog.ts';
import type { LocalizedText, SpecDef, SpecValue } from '../../contract/catalog.ts';
import { formatFen } from '../../domain/money.ts';
import { formatSpec } from '../../domain/specs.ts';

export interface FacetValue {
  value: string;
  label: LocalizedText;
}

export interface FacetDef {
  key: string;
  label: LocalizedText;
  values: readonly FacetValue[];
  /** Value index of each product of the scope (position − scope start); −1: none. */
  valueOf: Int16Array;
  indexOfValue: ReadonlyMap<string, number>;
}

export interface Named {
  id: string;
  name: LocalizedText;
}

/** Per-product columns of the index that facets read, addressed by slot. */
export interface FacetColumns {
  brand: Uint16Array;
  category: Uint16Array;
  price: Float64Array;
  energy: Int8Array;
  stock: Int32Array;
  specs: readonly Record<string, SpecValue>[];
  brands: readonly Named[];
  categories: readonly Named[];
}

const t = (zh: string, en: string): LocalizedText => ({ zh, en });
const LABELS = {
  category: t('品类', 'Category'),
  brand: t('品牌', 'Brand'),
  price: t('价格', 'Price'),
  energyGrade: t('能效等级', 'Energy grade'),
  inStock: t('库存', 'Availability'),
} as const;
const GRADE = ['', '一级能效', '二级能效', '三级能效', '四级能效', '五级能效'] as const;
const YES = t('是', 'Yes');

/** Above this many distinct values a number spec is offered as ranges, not as values. */
const MAX_DISCRETE = 12;

function facet(
  key: string,
  label: LocalizedText,
  values: FacetValue[],
  start: number,
  end: number,
  indexAt: (slot: number) => number,
): FacetDef {
  const valueOf = new Int16Array(end - start);
  for (let slot = start; slot < end; slot++) valueOf[slot - start] = indexAt(slot);
  return { key, label, values, valueOf, indexOfValue: new Map(values.map((v, i) => [v.value, i])) };
}

/** A facet earns its place only if choosing one of its values can narrow the list. */
function canNarrow(def: FacetDef): boolean {
  if (def.values.length >= 2) return true;
  return def.values.length === 1 && def.valueOf.some((v) => v !== 0);
}

/**
 * A discrete facet over keys a product may have: values ordered by `order`, described by
 * `describe`. Keys no product in the scope has are not offered.
 */
function discrete<K extends string | number>(
  key: string,
  label: LocalizedText,
  start: number,
  end: number,
  keyAt: (slot: number) => K | undefined,
  order: (a: K, b: K) => number,
  describe: (k: K) => FacetValue,
): FacetDef {
  const present = new Set<K>();
  for (let slot = start; slot < end; slot++) {
    const k = keyAt(slot);
    if (k !== undefined) present.add(k);
  }
  const keys = [...present].sort(order);
  const index = new Map(keys.map((k, i) => [k, i]));
  return facet(
    key,
    label,
    keys.map(describe),
    start,
    end,
    (slot) => {
      const k = keyAt(slot);
      return k === undefined ? -1 : (index.get(k) ?? -1);
    },
  );
}

const MANTISSAS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The nearest "round" number: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
export function niceRound(x: number): number {
  if (x <= 0) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(x));
  let best = magnitude;
  for (const m of MANTISSAS) if (Math.abs(m * magnitude - x) < Math.abs(best - x)) best = m * magnitude;
  return Number(best.toPrecision(6));
}

/**
 * Round cut points splitting sorted values into 4–6 ranges of similar size (quantiles rounded
 * to round numbers); for lopsided data, evenly spaced round steps instead. Every cut lies in
 * (min, max], so the first and last ranges are never empty.
 */
export function rangeCuts(sorted: readonly number[]): number[] {
  const min = sorted[0];
  const max = sorted.at(-1);
  if (min === undefined || max === undefined || min === max) return [];
  for (const buckets of [5, 6, 4]) {
    const cuts = new Set<number>();
    for (let i = 1; i < buckets; i++) {
      const cut = niceRound(sorted[Math.floor((i * sorted.length) / buckets)] ?? max);
      if (cut > min && cut <= max) cuts.add(cut);
    }
    if (cuts.size >= 3) return [...cuts].sort((a, b) => a - b);
  }
  const step = niceRound((max - min) / 5);
  const cuts: number[] = [];
  for (let cut = Math.floor(min / step + 1) * step; cut <= max && cuts.length < 5; cut += step) cuts.push(Number(cut.toPrecision(6)));
  return cuts;
}

interface RangeText {
  /** A bound alone, as in "under X" ("200升", "¥2,000"). */
  bound: (n: number, lang: 'zh' | 'en') => string;
  /** The lower bound of a closed range, before the dash ("200", "¥2,000"). */
  from: (n: number, lang: 'zh' | 'en') => string;
}

function rangeLabel(lo: number | undefined, hi: number | undefined, text: RangeText): LocalizedText {
  if (lo === undefined && hi !== undefined) return t(`${text.bound(hi, 'zh')}以下`, `Under ${text.bound(hi, 'en')}`);
  if (hi === undefined && lo !== undefined) return t(`${text.bound(lo, 'zh')}以上`, `${text.bound(lo, 'en')} and up`);
  if (lo === undefined || hi === undefined) return t('全部', 'All');
  return t(`${text.from(lo, 'zh')}–${text.bound(hi, 'zh')}`, `${text.from(lo, 'en')}–${text.bound(hi, 'en')}`);
}

/** A facet of ranges [cut_i, cut_i+1) over a number each product may have; values "lo-hi", open ends "-hi", "lo-". */
function ranges(
  key: string,
  label: LocalizedText,
  start: number,
  end: number,
  numberAt: (slot: number) => number | undefined,
  cuts: readonly number[],
  text: RangeText,
): FacetDef {
  const bounds = [undefined, ...cuts, undefined];
  const values: FacetValue[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i];
    const hi = bounds[i + 1];
    values.push({ value: `${lo ?? ''}-${hi ?? ''}`, label: rangeLabel(lo, hi, text) });
  }
  return facet(key, label, values, start, end, (slot) => {
    const n = numberAt(slot);
    if (n === undefined) return -1;
    let i = 0;
    while (i < cuts.length && n >= (cuts[i] ?? Infinity)) i++;
    return i;
  });
}

function sortedNumbers(start: number, end: number, numberAt: (slot: number) => number | undefined): number[] {
  const out: number[] = [];
  for (let slot = start; slot < end; slot++) {
    const n = numberAt(slot);
    if (n !== undefined) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

function named(list: readonly Named[], index: number): FacetValue {
  const item = list[index];
  return item ? { value: item.id, label: item.name } : { value: String(index), label: t(String(index), String(index)) };
}

function brandFacet(c: FacetColumns, start: number, end: number): FacetDef {
  const counts = new Map<number, number>();
  for (let slot = start; slot < end; slot++) counts.set(c.brand[slot] ?? 0, (counts.get(c.brand[slot] ?? 0) ?? 0) + 1);
  // Most stocked brands first: the order shoppers scan, and stable while filters change.
  return discrete(
    'brand',
    LABELS.brand,
    start,
    end,
    (slot) => c.brand[slot],
    (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a - b,
    (b) => named(c.brands, b),
  );
}

function priceFacet(c: FacetColumns, start: number, end: number): FacetDef {
  const yuan = (slot: number) => (c.price[slot] ?? 0) / 100;
  const cuts = rangeCuts(sortedNumbers(start, end, yuan)).map((y) => Math.round(y * 100));
  return ranges('price', LABELS.price, start, end, (slot) => c.price[slot], cuts, { bound: (fen) => formatFen(fen), from: (fen) => formatFen(fen) });
}

function commonFacets(c: FacetColumns, start: number, end: number): { energy: FacetDef; inStock: FacetDef } {
  return {
    energy: discrete(
      'energyGrade',
      LABELS.energyGrade,
      start,
      end,
      (slot) => ((c.energy[slot] ?? 0) > 0 ? c.energy[slot] : undefined),
      (a, b) => a - b,
      (g) => ({ value: String(g), label: t(GRADE[g] ?? `${g}级能效`, `Grade ${g}`) }),
    ),
    inStock: facet('inStock', LABELS.inStock, [{ value: 'true', label: t('有货', 'In stock') }], start, end, (slot) =>
      (c.stock[slot] ?? 0) > 0 ? 0 : -1,
    ),
  };
}

function specFacet(def: SpecDef, c: FacetColumns, start: number, end: number): FacetDef | undefined {
  const key = `spec.${def.key}`;
  const raw = (slot: number): SpecValue | undefined => c.specs[slot]?.[def.key];
  if (def.kind === 'boolean') {
    return facet(key, def.label, [{ value: 'true', label: YES }], start, end, (slot) => (raw(slot) === true ? 0 : -1));
  }
  if (def.kind === 'enum') {
    const order = new Map((def.options ?? []).map((o, i) => [o.value, i]));
    return discrete(
      key,
      def.label,
      start,
      end,
      (slot) => {
        const v = raw(slot);
        return v === undefined ? undefined : String(v);
      },
      (a, b) => (order.get(a) ?? order.size) - (order.get(b) ?? order.size) || (a < b ? -1 : 1),
      (v) => ({ value: v, label: def.options?.find((o) => o.value === v)?.label ?? t(v, v) }),
    );
  }
  if (def.kind !== 'number') return undefined;
  const numberAt = (slot: number) => {
    const v = raw(slot);
    return typeof v === 'number' ? v : undefined;
  };
  const sorted = sortedNumbers(start, end, numberAt);
  if (new Set(sorted).size <= MAX_DISCRETE) {
    return discrete(key, def.label, start, end, numberAt, (a, b) => a - b, (n) => ({
      value: String(n),
      label: t(formatSpec(def, n, 'zh'), formatSpec(def, n, 'en')),
    }));
  }
  const bare: SpecDef = { ...def, unit: undefined };
  return ranges(key, def.label, start, end, numberAt, rangeCuts(sorted), {
    bound: (n, lang) => formatSpec(def, n, lang),
    from: (n, lang) => formatSpec(bare, n, lang),
  });
}

/** A category's facets: brand, price, key specs, energy grade, stock, then its other specs. */
export function categoryFacets(category: CategoryInfo, c: FacetColumns, start: number, end: number): FacetDef[] {
  const { energy, inStock } = commonFacets(c, start, end);
  const specs = (key: boolean) =>
    category.specs.filter((s) => s.key_spec === key).map((s) => specFacet(s, c, start, end)).filter((f) => f !== undefined);
  return [brandFacet(c, start, end), priceFacet(c, start, end), ...specs(true), energy, inStock, ...specs(false)].filter(canNarrow);
}

/** Store-wide facets (search from the home screen): category, brand, price, energy grade, stock. */
export function storeFacets(c: FacetColumns, start: number, end: number): FacetDef[] {
  const { energy, inStock } = commonFacets(c, start, end);
  const category = discrete(
    'category',
    LABELS.category,
    start,
    end,
    (slot) => c.category[slot],
    (a, b) => a - b,
    (i) => named(c.categories, i),
  );
  return [category, brandFacet(c, start, end), priceFacet(c, start, end), energy, inStock].filter(canNarrow);
}
