import { warmArt } from '../../components/ProductArt.tsx';
import { i18next } from '../../i18n/index.ts';
import type { ProductPage } from './first-pages.ts';
import { firstPages } from './use-product-query.ts';

/** The weights the stylesheet loads (renderer/main.tsx). */
const WEIGHTS = ['400', '700'];

function strings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') for (const char of value) into.add(char);
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) strings(item, into);
}

/**
 * Noto Sans SC comes in ~100 unicode-range slices per weight, fetched when text first needs one:
 * a first tap fetched 6–8 of them. Loading the slices that the categories' first pages and the
 * interface's words use, ahead of time, takes them off the tap.
 */
async function warmFonts(pages: readonly ProductPage[]): Promise<void> {
  const chars = new Set<string>();
  strings(pages, chars);
  for (const language of Object.keys(i18next.options.resources ?? {})) strings(i18next.getResourceBundle(language, 'translation'), chars);
  const text = [...chars].join('');
  await Promise.all(WEIGHTS.map((weight) => document.fonts.load(`${weight} 16px "Noto Sans SC"`, text)));
}

/**
 * Readies what a first tap on a category would otherwise wait for, while nobody waits: each
 * category's first page of products (once per catalog version), the font slices their text
 * needs, and the illustrations. Never fails: a host or font that cannot be reached now (a restart,
 * a network drop) only leaves the tap to fetch what it needs, as it would have without this.
 */
export async function warmCatalog(categoryIds: readonly string[]): Promise<void> {
  warmArt();
  try {
    await warmFonts(await firstPages.prefetch(categoryIds));
  } catch {
    // Best effort, see above.
  }
}
