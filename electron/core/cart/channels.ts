import type { cartChannels } from '../../contract/cart.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { CatalogStore } from '../catalog/catalog-store.ts';
import { quoteCart } from './quote.ts';

export function cartHandlers(catalog: CatalogStore, now: () => number): Handlers<keyof typeof cartChannels> {
  return { quoteCart: ({ items }) => quoteCart(catalog, now, items) };
}
