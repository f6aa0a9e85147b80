import { CatalogDataset, PricesDataset, PromotionsDataset, StockDataset } from '../../contract/catalog.ts';
import type { Db } from '../db/database.ts';
import type { Dataset } from '../db/datasets.ts';
import type { CoreEvents } from '../events.ts';
import type { Logger } from '../logger.ts';
import type { CatalogStore } from './catalog-store.ts';
import { writeCatalog, writeStock } from './catalog-writer.ts';
import { SnapshotSchedule } from './schedule.ts';

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

/**
 * The store's price list or promotions (contract/catalog.ts says what a snapshot means): stored
 * with its moment and put in effect now if that moment has come, else when it does
 * (core/catalog/schedule.ts). Either way the screens are told: what they show may have changed.
 */
function scheduledDataset<T extends PricesDataset | PromotionsDataset>(
  name: T['dataset'],
  schema: typeof PricesDataset | typeof PromotionsDataset,
  db: Db,
  catalog: CatalogStore,
  events: CoreEvents,
  log: Logger,
): Dataset<T> {
  const schedule = new SnapshotSchedule(db);
  return {
    name,
    schema: schema as unknown as Dataset<T>['schema'],
    effectiveDated: true,
    apply: (data, now, _onProgress, effectiveAt = now) => {
      schedule.store(name, data.version, JSON.stringify(data), effectiveAt, now);
      schedule.switchDue(now);
    },
    invalidate: (data) => {
      catalog.invalidate();
      log.info({ dataset: name, version: data.version, nextSwitchAt: schedule.nextSwitchAt() ?? null }, `${name} applied`);
      events.emit('catalog.updated', { version: data.version });
    },
  };
}

export const pricesDataset = (db: Db, catalog: CatalogStore, events: CoreEvents, log: Logger) =>
  scheduledDataset<PricesDataset>('prices', PricesDataset, db, catalog, events, log);

export const promotionsDataset = (db: Db, catalog: CatalogStore, events: CoreEvents, log: Logger) =>
  scheduledDataset<PromotionsDataset>('promotions', PromotionsDataset, db, catalog, events, log);

/** Stock on hand: takes effect when applied; products it omits keep theirs, unknown ones are ignored. */
export function stockDataset(db: Db, catalog: CatalogStore, events: CoreEvents, log: Logger): Dataset<StockDataset> {
  return {
    name: 'stock',
    schema: StockDataset,
    apply: (data, now) => {
      const unknown = writeStock(db, data.stock, now);
      if (unknown > 0) log.warn({ version: data.version, unknown }, 'stock names products this kiosk does not have; ignored');
    },
    invalidate: (data) => {
      catalog.invalidate();
      log.info({ version: data.version, products: data.stock.length }, 'stock applied');
      events.emit('catalog.updated', { version: data.version });
    },
  };
}
