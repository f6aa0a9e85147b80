import type { z } from 'zod';
import type { ChannelResponse, Channels } from '../../contract/api.ts';
import { ok, type ApiResult } from '../../contract/errors.ts';
import { pricePurchase } from '../cart/quote.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import type { FinanceStore } from './finance-store.ts';

type OffersRequest = z.output<Channels['financeOffers']['request']>;

/**
 * The offers panel for one product or a cart, at what the shopper would pay after promotions
 * (priced by the same code the cart screen and the application use, so the amount financed is
 * the amount on screen and the amount applied for).
 */
export function financeOffers(catalog: CatalogStore, finance: FinanceStore, now: () => number, input: OffersRequest): ApiResult<ChannelResponse<'financeOffers'>> {
  const priced = pricePurchase(catalog, now, input);
  if (!priced.ok) return priced;
  return ok({ amountFen: priced.data.totalFen, ...finance.offers(priced.data.totalFen, priced.data.categoryIds) });
}
