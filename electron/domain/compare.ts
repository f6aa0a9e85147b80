import type { LocalizedText, SpecDef, SpecValue } from '../contract/catalog.ts';
import { formatSpec } from './specs.ts';

/** What the comparison table needs of each product. */
export interface Comparable {
  /** The price the shopper pays today (after promotions). */
  dealPriceFen: number;
  brand: LocalizedText;
  energyGrade: number | null;
  specs: Record<string, SpecValue>;
}

const LANGS = ['zh', 'en'] as const;

/**
 * Row keys of a comparison table whose values are not all the same: 'price', 'brand',
 * 'energyGrade', then spec keys in row order. Specs are compared as the shopper reads them
 * (formatted, in both languages), so 1.5 and "1.5" are equal and a missing value differs
 * from any present one.
 */
export function differingRows(products: readonly Comparable[], specs: readonly SpecDef[]): string[] {
  const differs = (values: readonly (string | number | null)[]) => new Set(values).size > 1;
  const rows: string[] = [];
  if (differs(products.map((p) => p.dealPriceFen))) rows.push('price');
  if (differs(products.map((p) => p.brand.zh)) || differs(products.map((p) => p.brand.en))) rows.push('brand');
  if (differs(products.map((p) => p.energyGrade))) rows.push('energyGrade');
  for (const def of specs) {
    if (LANGS.some((lang) => differs(products.map((p) => formatSpec(def, p.specs[def.key], lang))))) rows.push(def.key);
  }
  return rows;
}
