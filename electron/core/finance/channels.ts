import { ok } from '../../contract/errors.ts';
import type { financeChannels } from '../../contract/finance.ts';
import type { Handlers } from '../api/dispatch.ts';
import { pricePurchase } from '../cart/quote.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import type { FinanceStore } from './finance-store.ts';

export function financeHandlers(catalog: CatalogStore, finance: FinanceStore, now: () => number): Handlers<keyof typeof financeChannels> {
  return {
    /**
     * The offers panel for one product or a cart, at what the shopper would pay after promotions
     * (priced by the same code the cart screen and the application use, so the amount financed is
     * the amount on screen and the amount applied for).
     */
    financeOffers: (input) => {
      const priced = pricePurchase(catalog, now, input);
      if (!priced.ok) return priced;
      return ok({ amountFen: priced.data.totalFen, ...finance.offers(priced.data.totalFen, priced.data.categoryIds) });
    },
  };
}
