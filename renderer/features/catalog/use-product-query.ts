import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProductCard } from '../../../electron/contract/catalog.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { onCatalogChange, useCatalogVersion } from '../../app/catalog-version.ts';
import { firstPageCache, PAGE_SIZE, type BrowseQuery, type ProductPage } from './first-pages.ts';

/** Each category's first page, fetched before the tap (features/catalog/warm-up.ts). */
export const firstPages = firstPageCache((input) => kiosk.queryProducts(input), onCatalogChange);

type Head = Omit<ProductPage, 'items'>;

const headOf = ({ items: _items, ...head }: ProductPage): Head => head;

/**
 * One query's results for a virtualised grid: the first page brings total and facets; later
 * pages are fetched as rows scroll into view. Answers to an older query are dropped.
 */
export function useProductQuery(query: BrowseQuery) {
  // A category's first page fetched ahead of the tap is on screen in the first frame.
  const [prefetched] = useState(() => firstPages.firstPageNow(query));
  const [head, setHead] = useState<Head | null>(() => (prefetched ? headOf(prefetched) : null));
  const [error, setError] = useState<ApiError | null>(null);
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, ProductCard[]>(prefetched ? [[0, prefetched.items]] : []));
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  // A catalog change (HQ publication, a price taking effect) asks again; the old page stays meanwhile.
  const key = `${JSON.stringify(query)}#${useCatalogVersion()}`;
  const shown = useRef(prefetched ? key : null);

  const fetchPage = useCallback(
    async (page: number, gen: number) => {
      pending.current.add(page);
      const result = await ((page === 0 && firstPages.firstPage(query)) || kiosk.queryProducts({ ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }));
      if (gen !== generation.current) return;
      pending.current.delete(page);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      // The old results stay on screen until the new first page arrives: no flicker while typing.
      if (page === 0) {
        pages.current = new Map([[0, result.data.items]]);
        setHead(headOf(result.data));
      } else {
        pages.current.set(page, result.data.items);
      }
      setError(null);
      setVersion((v) => v + 1);
    },
    // `key` stands for the query's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    generation.current += 1;
    pending.current = new Set();
    if (shown.current === key) return;
    shown.current = null;
    void fetchPage(0, generation.current);
    // `fetchPage` changes exactly when `key` does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetchPage]);

  const ensure = useCallback(
    (firstIndex: number, lastIndex: number) => {
      for (let page = Math.floor(firstIndex / PAGE_SIZE); page <= Math.floor(lastIndex / PAGE_SIZE); page++) {
        if (page > 0 && !pages.current.has(page) && !pending.current.has(page)) void fetchPage(page, generation.current);
      }
    },
    [fetchPage],
  );

  const itemAt = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);
  const retry = useCallback(() => void fetchPage(0, generation.current), [fetchPage]);

  return { head, error, itemAt, ensure, retry, loading: head === null && error === null };
}
