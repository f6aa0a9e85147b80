import { describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';

const tempDir = tempDirs();

/** 10:00 on the demo store date, Beijing time. */
const STORE_MORNING = Date.parse('2026-11-22T10:00:00+08:00');

type Quote = ChannelResponse<'quoteCart'>;

/** The demo store, seeded with its promotions by applyCatalog, on a fixed store date. */
function start(now = STORE_MORNING): KioskCore {
  return startCore(tempDir(), { now: () => now });
}

/** An active product of a category (optionally of a brand), cheapest first so sums stay readable. */
function product(core: KioskCore, categoryId: string, brandId?: string): { id: string; priceFen: number } {
  const row = core.db
    .prepare(
      `SELECT id, price_fen AS priceFen FROM products
        WHERE category_id = ? AND (? IS NULL OR brand_id = ?) AND active = 1 ORDER BY price_fen, id LIMIT 1`,
    )
    .get(categoryId, brandId ?? null, brandId ?? null) as { id: string; priceFen: number } | undefined;
  if (!row) throw new Error(`demo store has no ${categoryId}`);
  return row;
}

async function quoteCart(core: KioskCore, items: { productId: string; quantity: number }[]): Promise<ApiResult<Quote>> {
  return (await core.dispatch('quoteCart', { items }, SHOPPER)) as ApiResult<Quote>;
}

async function quoted(core: KioskCore, items: { productId: string; quantity: number }[]): Promise<Quote> {
  const result = await quoteCart(core, items);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const discountIds = (q: Quote) => q.discounts.map((d) => d.promotion.id);

describe('quoteCart', () => {
  it('takes the washer + dryer bundle off only when both are in the cart', async () => {
    const core = start();
    const washer = product(core, 'washing-machines');
    const dryer = product(core, 'dryers');

    const washerOnly = await quoted(core, [{ productId: washer.id, quantity: 1 }]);
    expect(discountIds(washerOnly)).not.toContain('washer-dryer-bundle');

    const both = await quoted(core, [
      { productId: washer.id, quantity: 1 },
      { productId: dryer.id, quantity: 1 },
    ]);
    const bundle = both.discounts.find((d) => d.promotion.id === 'washer-dryer-bundle');
    expect(bundle?.amountFen).toBe(500_00);
    expect(bundle?.promotion).toMatchObject({ kind: 'bundle', title: { zh: '洗烘套购立减500' }, art: 'dryer', endsOn: '2027-01-31' });
    expect(both.subtotalFen).toBe(washer.priceFen + dryer.priceFen);
    expect(both.totalFen).toBe(both.subtotalFen - both.discounts.reduce((sum, d) => sum + d.amountFen, 0));
    core.close();
  });

  it('applies the store-wide threshold once the cart reaches ¥5,000, not before', async () => {
    const core = start();
    // Water heaters take part in no percent or bundle promotion: only the threshold can apply.
    const heater = product(core, 'water-heaters');
    const below = Math.floor((5000_00 - 1) / heater.priceFen);
    const reaching = Math.ceil(5000_00 / heater.priceFen);
    expect(below).toBeGreaterThanOrEqual(1);

    const small = await quoted(core, [{ productId: heater.id, quantity: below }]);
    expect(small.discounts).toEqual([]);
    expect(small.totalFen).toBe(heater.priceFen * below);

    const big = await quoted(core, [{ productId: heater.id, quantity: reaching }]);
    // With the demo store's ¥1,099 heater: 4 × ¥1,099 = ¥4,396 (nothing off), 5 × ¥1,099 = ¥5,495 → −¥300 once.
    expect(big.discounts.map((d) => [d.promotion.id, d.amountFen])).toEqual([['store-5000-300', 300_00]]);
    expect(big.totalFen).toBe(heater.priceFen * reaching - 300_00);
    core.close();
  });

  it('prices quantities, merges a product added twice, and keeps the cart order', async () => {
    const core = start();
    const kettle = product(core, 'small-appliances');
    const tv = product(core, 'televisions');
    const q = await quoted(core, [
      { productId: kettle.id, quantity: 2 },
      { productId: tv.id, quantity: 1 },
      { productId: kettle.id, quantity: 3 },
    ]);
    expect(q.lines.map((l) => [l.product.id, l.quantity, l.lineTotalFen])).toEqual([
      [kettle.id, 5, kettle.priceFen * 5],
      [tv.id, 1, tv.priceFen],
    ]);
    expect(q.subtotalFen).toBe(kettle.priceFen * 5 + tv.priceFen);
    // The TV trade-in 5% is floored per unit: floor(price × 5 / 100).
    expect(q.discounts.find((d) => d.promotion.id === 'tv-trade-in')?.amountFen).toBe(Math.floor((tv.priceFen * 5) / 100));
    expect(q.lines[1]?.product).toMatchObject({ id: tv.id, priceFen: tv.priceFen });
    expect(Object.keys(q.lines[1]?.product.keySpecs ?? {})).toContain('screenSize');
    core.close();
  });

  it('names the offending line of an unknown or withdrawn product', async () => {
    const core = start();
    const kettle = product(core, 'small-appliances');
    const tv = product(core, 'televisions');
    const unknown = await quoteCart(core, [
      { productId: kettle.id, quantity: 1 },
      { productId: 'no-such-product', quantity: 1 },
    ]);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'items.1.productId' } });

    core.db.prepare('UPDATE products SET active = 0 WHERE id = ?').run(tv.id);
    const withdrawn = await quoteCart(core, [{ productId: tv.id, quantity: 1 }]);
    expect(withdrawn).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'items.0.productId' } });

    expect(await quoteCart(core, [{ productId: kettle.id, quantity: 11 }])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    core.close();
  });

  it('an empty cart costs nothing', async () => {
    const core = start();
    expect(await quoted(core, [])).toEqual({ lines: [], subtotalFen: 0, discounts: [], totalFen: 0 });
    core.close();
  });

  it('uses the store date in Beijing time: Singles Day ends at midnight there, not in UTC', async () => {
    // 23:30 on 11 November in Beijing is 15:30 UTC; 00:30 on the 12th is still the 11th in UTC.
    const lastEvening = start(Date.parse('2026-11-11T23:30:00+08:00'));
    const nextMorning = start(Date.parse('2026-11-12T00:30:00+08:00'));
    for (const core of [lastEvening, nextMorning]) {
      const heater = product(core, 'water-heaters');
      const q = await quoted(core, [{ productId: heater.id, quantity: Math.ceil(2000_00 / heater.priceFen) }]);
      expect(discountIds(q).includes('double-11-2026')).toBe(core === lastEvening);
      core.close();
    }
  });

  it('ignores promotions that are switched off or stored invalid', async () => {
    const core = start();
    const washer = product(core, 'washing-machines');
    const dryer = product(core, 'dryers');
    core.db.prepare("UPDATE promotions SET active = 0 WHERE id = 'washer-dryer-bundle'").run();
    core.db.prepare("UPDATE promotions SET data = json_set(data, '$.percent', 90) WHERE id = 'tv-trade-in'").run();
    const tv = product(core, 'televisions');
    const q = await quoted(core, [
      { productId: washer.id, quantity: 1 },
      { productId: dryer.id, quantity: 1 },
      { productId: tv.id, quantity: 1 },
    ]);
    expect(discountIds(q)).not.toContain('washer-dryer-bundle');
    expect(discountIds(q)).not.toContain('tv-trade-in');
    core.close();
  });
});
