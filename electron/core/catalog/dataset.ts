import { CatalogDataset } from '../../contract/catalog.ts';
import type { Db } from '../db/database.ts';
import type { Dataset } from '../db/datasets.ts';
import type { CoreEvents } from '../events.ts';
import type { Logger } from '../logger.ts';
import type { CatalogStore } from './catalog-store.ts';
import { writeCatalog } from './catalog-writer.ts';

/** The catalog dataset: categories, brands, products with stock, promotions and the store itself. */
export function catalogDataset(db: Db, catalog: CatalogStore, events: CoreEvents, log: Logger): Dataset<CatalogDataset> {
  return {
    name: 'catalog',
    schema: CatalogDataset,
    seedFile: 'demo-store/catalog.json',
    apply: (data, now, onProgress) => writeCatalog(db, data, now, onProgress),
    invalidate: (data) => {
      catalog.invalidate();
      log.info({ version: data.version, products: data.products.length }, 'catalog applied');
      events.emit('catalog.updated', { version: data.version });
    },
  };
}
