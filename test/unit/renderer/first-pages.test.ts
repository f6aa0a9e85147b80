import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import { firstPageCache, type ProductPage } from '../../../renderer/features/catalog/first-pages.ts';

/** A page that says which category it answers (in a field these tests do not otherwise use). */
const page = (categoryId: string): ProductPage => ({ total: 1, items: [], sort: 'popularity', facets: [], didYouMean: [categoryId] });
const plain = (categoryId: string) => ({ categoryId, text: '', filters: {} });

describe('first pages fetched before the tap (features/catalog/first-pages.ts)', () => {
  let asked: unknown[];
  let answer: (categoryId: string) => ApiResult<ProductPage>;
  let catalogChanged: () => void;
  let cache: ReturnType<typeof firstPageCache>;
  beforeEach(() => {
    asked = [];
    answer = (categoryId) => ({ ok: true, data: page(categoryId) });
    cache = firstPageCache(
      async (input) => {
        asked.push(input);
        return answer(input.categoryId ?? '');
      },
      (listener) => {
        catalogChanged = listener;
      },
    );
  });

  it('asks once per category, and a tap on it shares the answer, there for its first render', async () => {
    await cache.prefetch(['fridge', 'ac']);
    expect(asked).toEqual([
      { categoryId: 'fridge', text: '', filters: {}, offset: 0, limit: 48 },
      { categoryId: 'ac', text: '', filters: {}, offset: 0, limit: 48 },
    ]);
    expect(cache.firstPageNow(plain('fridge'))).toMatchObject({ didYouMean: ['fridge'] });
    await cache.firstPage(plain('fridge'));
    expect(asked).toHaveLength(2);
  });

  it('never holds a shopper’s search, filters or sort', () => {
    expect(cache.firstPage({ categoryId: 'fridge', text: 'haier', filters: {} })).toBeNull();
    expect(cache.firstPage({ categoryId: 'fridge', text: '', filters: { brand: ['haier'] } })).toBeNull();
    expect(cache.firstPage({ categoryId: 'fridge', text: '', filters: {}, sort: 'price_asc' })).toBeNull();
    expect(cache.firstPage({ text: '', filters: {} })).toBeNull();
    expect(asked).toEqual([]);
  });

  it('is dropped when the catalog changes, and a failed answer is asked again', async () => {
    await cache.prefetch(['fridge']);
    catalogChanged();
    expect(cache.firstPageNow(plain('fridge'))).toBeUndefined();
    answer = () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'down' } });
    expect(await cache.prefetch(['fridge'])).toEqual([]);
    answer = (categoryId) => ({ ok: true, data: page(categoryId) });
    await cache.prefetch(['fridge']);
    expect(asked).toHaveLength(3);
    expect(cache.firstPageNow(plain('fridge'))).toMatchObject({ didYouMean: ['fridge'] });
  });
});
