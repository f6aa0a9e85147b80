import { describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
/** 10:00 on the demo store date, Beijing time: the demo promotions run. */
const STORE_MORNING = Date.parse('2026-11-22T10:00:00+08:00');

async function data<C extends 'queryProducts' | 'getProduct' | 'quoteCart' | 'financeOffers'>(core: KioskCore, channel: C, input: unknown): Promise<ChannelResponse<C>> {
  const result = (await core.dispatch(channel, input, SHOPPER)) as ApiResult<ChannelResponse<C>>;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

describe('one price everywhere (到手价)', () => {
  it('a product costs the same on its card, its page, in the cart and in the plans panel', async () => {
    const core = startCore(tempDir(), { now: () => STORE_MORNING });
    let discounted = 0;
    for (const categoryId of ['refrigerators', 'air-conditioners', 'washing-machines']) {
      const { items } = await data(core, 'queryProducts', { categoryId, limit: 40 });
      for (const card of items) {
        const { product } = await data(core, 'getProduct', { id: card.id });
        const cart = await data(core, 'quoteCart', { items: [{ productId: card.id, quantity: 1 }] });
        const offers = await data(core, 'financeOffers', { productId: card.id });
        expect(product.dealPriceFen, card.model).toBe(card.dealPriceFen);
        expect(cart.totalFen, card.model).toBe(card.dealPriceFen);
        expect(offers.amountFen, card.model).toBe(card.dealPriceFen);
        if (card.dealPriceFen < card.priceFen) discounted++;
      }
    }
    // Today's promotions take something off some of them, or this test proves nothing.
    expect(discounted).toBeGreaterThan(0);
    core.close();
  });
});
