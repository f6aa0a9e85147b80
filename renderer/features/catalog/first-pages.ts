import type { ChannelRequest, ChannelResponse } from '../../../electron/contract/api.ts';
import type { ProductSort } from '../../../electron/contract/catalog.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';

export const PAGE_SIZE = 48;

export type ProductPage = ChannelResponse<'queryProducts'>;

/** What the browse screen shows: a category, a search or both, filtered and sorted. */
export interface BrowseQuery {
  categoryId?: string;
  text: string;
  filters: Record<string, string[]>;
  sort?: ProductSort;
}

/** The category id when `query` is what a tap on a category asks for. */
function plainCategory(query: BrowseQuery): string | undefined {
  return query.text === '' && query.sort === undefined && Object.keys(query.filters).length === 0 ? query.categoryId : undefined;
}

/**
 * The first page of each category as a tap on it shows it (no search, no filters, the default
 * sort), asked for before the tap so the tap only renders. It holds catalog data only, never a
 * shopper's search or filters, and is dropped whole when the catalog changes (`onCatalogChange`).
 */
export function firstPageCache(
  ask: (input: ChannelRequest<'queryProducts'>) => Promise<ApiResult<ProductPage>>,
  onCatalogChange: (listener: () => void) => unknown,
) {
  const pages = new Map<string, { promise: Promise<ApiResult<ProductPage>>; page?: ProductPage }>();
  let watching = false;

  const fetchFirstPage = (categoryId: string): Promise<ApiResult<ProductPage>> => {
    if (!watching) {
      watching = true;
      onCatalogChange(() => pages.clear());
    }
    const cached = pages.get(categoryId);
    if (cached) return cached.promise;
    const entry: { promise: Promise<ApiResult<ProductPage>>; page?: ProductPage } = {
      promise: ask({ categoryId, text: '', filters: {}, offset: 0, limit: PAGE_SIZE }).then((result) => {
        // A failure is not kept: the tap asks again.
        if (!result.ok) pages.delete(categoryId);
        else if (pages.get(categoryId) === entry) entry.page = result.data;
        return result;
      }),
    };
    pages.set(categoryId, entry);
    return entry.promise;
  };

  return {
    /** Asks for the categories' first pages (one at a time: the host also answers the shopper). */
    async prefetch(categoryIds: readonly string[]): Promise<ProductPage[]> {
      const fetched: ProductPage[] = [];
      for (const id of categoryIds) {
        const result = await fetchFirstPage(id);
        if (result.ok) fetched.push(result.data);
      }
      return fetched;
    },
    /** The first page for `query`, shared with a prefetch in flight, or null when the query is not a plain category. */
    firstPage(query: BrowseQuery): Promise<ApiResult<ProductPage>> | null {
      const id = plainCategory(query);
      return id === undefined ? null : fetchFirstPage(id);
    },
    /** The first page already here for `query`, so the screen can show it in its first frame. */
    firstPageNow(query: BrowseQuery): ProductPage | undefined {
      const id = plainCategory(query);
      return id === undefined ? undefined : pages.get(id)?.page;
    },
  };
}
