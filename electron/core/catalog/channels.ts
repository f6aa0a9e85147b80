import type { catalogChannels } from '../../contract/catalog.ts';
import { fail, ok } from '../../contract/errors.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { CatalogStore } from './catalog-store.ts';

export function catalogHandlers(catalog: CatalogStore): Handlers<keyof typeof catalogChannels> {
  return {
    listCategories: () => ok({ categories: catalog.listCategories() }),
    queryProducts: (query) => catalog.queryProducts(query),
    getProduct: ({ id }) => {
      const product = catalog.getProduct(id);
      return product ? ok({ product }) : fail('NOT_FOUND', `No product ${id}`, 'id');
    },
    compareProducts: ({ ids }) => catalog.compareProducts(ids),
    listPromotions: () => ok({ promotions: catalog.listPromotions() }),
  };
}
