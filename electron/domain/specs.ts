import type { LocalizedText, SpecDef, SpecValue } from '../contract/catalog.ts';
import type { Lang } from './money.ts';

const YES: LocalizedText = { zh: '是', en: 'Yes' };
const NO: LocalizedText = { zh: '否', en: 'No' };
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A spec value as a shopper reads it: option label, yes/no, or number with its unit. */
export function formatSpec(def: SpecDef, value: SpecValue | undefined, lang: Lang): string {
  if (value === undefined) return '—';
  if (def.kind === 'boolean' || typeof value === 'boolean') return (value === true ? YES : NO)[lang];
  if (def.kind === 'enum') {
    const option = def.options?.find((o) => o.value === value);
    return option ? option.label[lang] : String(value);
  }
  const text = typeof value === 'number' ? numberFormat.format(value) : value;
  if (!def.unit) return text;
  const unit = def.unit[lang];
  // "470升" reads naturally in Chinese; English puts a space before the unit.
  return lang === 'zh' ? `${text}${unit}` : `${text} ${unit}`;
}
