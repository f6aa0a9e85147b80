import { FinanceDataset } from '../../contract/finance.ts';
import type { Db } from '../db/database.ts';
import type { Dataset } from '../db/datasets.ts';
import type { Logger } from '../logger.ts';
import { writeFinance, type FinanceStore } from './finance-store.ts';

/** The finance dataset: lenders, finance products, the APR cap, routing and the offline daily cap. */
export function financeDataset(db: Db, finance: FinanceStore, log: Logger): Dataset<FinanceDataset> {
  return {
    name: 'finance',
    schema: FinanceDataset,
    seedFile: 'finance/finance.json',
    apply: (data, now) => writeFinance(db, data, now),
    invalidate: (data) => {
      finance.invalidate();
      log.info({ version: data.version, products: data.products.length }, 'finance applied');
    },
  };
}
