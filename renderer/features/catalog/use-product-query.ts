import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import type { ProductCard, ProductSort } from '../../../electron/contract/catalog.ts';
import type { ApiError } from '../../../electron/contract/errors.ts';
import { useCatalogVersion } from '../../app/catalog-version.ts';
import { kiosk } from '../../app/kiosk-client.ts';

export const PAGE_SIZE = 48;

export interface BrowseQuery {
  categoryId?: string;
  text: string;
  filters: Record<string, string[]>;
  sort?: ProductSort;
}

type Head = Omit<ChannelResponse<'queryProducts'>, 'items'>;

/**
 * One query's results for a virtualised grid: the first page brings total and facets; later
 * pages are fetched as rows scroll into view. Answers to an older query are dropped.
 */
export function useProductQuery(query: BrowseQuery) {
  const [head, setHead] = useState<Head | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, ProductCard[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  // A catalog change (HQ publication, a price taking effect) asks again; the old page stays meanwhile.
  const key = `${JSON.stringify(query)}#${useCatalogVersion()}`;

  const fetchPage = useCallback(
    async (page: number, gen: number) => {
      pending.current.add(page);
      const result = await kiosk.queryProducts({ ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (gen !== generation.current) return;
      pending.current.delete(page);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const { items, ...rest } = result.data;
      // The old results stay on screen until the new first page arrives: no flicker while typing.
      if (page === 0) {
        pages.current = new Map([[0, items]]);
        setHead(rest);
      } else {
        pages.current.set(page, items);
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
    void fetchPage(0, generation.current);
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
