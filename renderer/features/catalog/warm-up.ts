import { prefetchFirstPages } from './first-pages.ts';

/**
 * Readies what a first tap on a category would otherwise wait for, while nobody waits: each
 * category's first page of products, asked for once per catalog version.
 */
export function warmCatalog(categoryIds: readonly string[]): void {
  void prefetchFirstPages(categoryIds);
}
