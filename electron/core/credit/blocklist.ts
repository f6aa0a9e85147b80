import { BlocklistDataset } from '../../contract/credit.ts';
import type { Dataset } from '../db/datasets.ts';
import type { CreditStore } from './credit-store.ts';

/**
 * The blocklist dataset: it replaces the stored one whole. Entries are HMACs under the fleet
 * identity key; the kiosk never sees the numbers. Read at every decision, so nothing to invalidate.
 */
export function blocklistDataset(store: CreditStore): Dataset<BlocklistDataset> {
  return {
    name: 'blocklist',
    schema: BlocklistDataset,
    seedFile: 'credit/blocklist.json',
    apply: (data, now) => store.replaceBlocklist(data.entries, now),
    invalidate: () => undefined,
  };
}
