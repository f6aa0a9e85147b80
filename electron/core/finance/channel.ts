import type { z } from 'zod';
import type { ChannelResponse, Channels } from '../../contract/api.ts';
import { fail, ok, type ApiResult } from '../../contract/errors.ts';
import { quoteCart } from '../cart/quote.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import type { FinanceStore } from './finance-store.ts';

type OffersRequest = z.output<Channels['financeOffers']['request']>;

/**
 * The offers panel for one product (its price) or a cart (its total after promotions, priced by
 * the same quoteCart the cart screen shows, so the financed amount is the amount on screen).
 */
export function financeOffers(catalog: CatalogStore, finance: FinanceStore, now: () => number, input: OffersRequest): ApiResult<ChannelResponse<'financeOffers'>> {
  if ('productId' in input) {
    const [product] = catalog.sellable([input.productId]);
    if (!product) return fail('NOT_FOUND', `No product ${input.productId} on sale`, 'productId');
    return ok({ amountFen: product.card.priceFen, ...finance.offers(product.card.priceFen, [product.categoryId]) });
  }
  const quote = quoteCart(catalog, now, input.items);
  if (!quote.ok) return quote;
  const categories = new Set(catalog.sellable(input.items.map((i) => i.productId)).map((p) => p.categoryId));
  return ok({ amountFen: quote.data.totalFen, ...finance.offers(quote.data.totalFen, [...categories]) });
}
