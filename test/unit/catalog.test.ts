import { describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../electron/contract/api.ts';
import { startCore } from '../helpers/core.ts';
import { tempDirs } from '../helpers/temp.ts';

const tempDir = tempDirs();

describe('catalog channels', () => {
  it('lists categories with product counts and the lowest price', async () => {
    const core = startCore(tempDir());
    const result = await core.dispatch('listCategories', {});
    if (!result.ok) throw new Error(result.error.message);
    const { categories } = result.data as ChannelResponse<'listCategories'>;
    expect(categories.length).toBeGreaterThanOrEqual(8);
    const total = categories.reduce((sum, c) => sum + c.productCount, 0);
    expect(total).toBe((core.db.prepare('SELECT COUNT(*) AS n FROM products WHERE active = 1').get() as { n: number }).n);
    for (const c of categories) {
      const min = core.db.prepare('SELECT MIN(price_fen) AS m FROM products WHERE category_id = ? AND active = 1').get(c.id) as { m: number };
      expect(c.fromPriceFen).toBe(min.m);
    }
    core.close();
  });

  it('pages through a category in each sort order without repeats', async () => {
    const core = startCore(tempDir());
    const cats = await core.dispatch('listCategories', {});
    if (!cats.ok) throw new Error('no categories');
    const category = (cats.data as ChannelResponse<'listCategories'>).categories[0];
    if (!category) throw new Error('no categories');
    for (const sort of ['price_asc', 'price_desc', 'popularity', 'newest'] as const) {
      const seen: ChannelResponse<'listProducts'>['items'] = [];
      for (let offset = 0; offset < category.productCount; offset += 7) {
        const page = await core.dispatch('listProducts', { categoryId: category.id, sort, offset, limit: 7 });
        if (!page.ok) throw new Error(page.error.message);
        seen.push(...(page.data as ChannelResponse<'listProducts'>).items);
      }
      expect(new Set(seen.map((p) => p.id)).size).toBe(category.productCount);
      const prices = seen.map((p) => p.priceFen);
      if (sort === 'price_asc') expect(prices).toEqual([...prices].sort((a, b) => a - b));
      if (sort === 'price_desc') expect(prices).toEqual([...prices].sort((a, b) => b - a));
    }
    core.close();
  });

  it('returns a product with its category specs, and NOT_FOUND for an unknown one', async () => {
    const core = startCore(tempDir());
    const { id } = core.db.prepare('SELECT id FROM products LIMIT 1').get() as { id: string };
    const found = await core.dispatch('getProduct', { id });
    if (!found.ok) throw new Error(found.error.message);
    const { product } = found.data as ChannelResponse<'getProduct'>;
    expect(product.id).toBe(id);
    for (const key of Object.keys(product.specs)) expect(product.category.specs.map((s) => s.key)).toContain(key);
    expect(await core.dispatch('getProduct', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'id' } });
    core.close();
  });

  it('answers bad input with BAD_REQUEST naming the field, and unknown channels with UNKNOWN_CHANNEL', async () => {
    const core = startCore(tempDir());
    expect(await core.dispatch('listProducts', { categoryId: 'refrigerators', limit: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'limit' },
    });
    expect(await core.dispatch('listProducts', { categoryId: 'refrigerators', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await core.dispatch('dropTables', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    core.close();
  });
});
