import { ConfigDataset, OFFLINE_POLICY_DEFAULTS } from '../../contract/datasets.ts';
import type { Dataset } from '../db/datasets.ts';
import type { DatasetDocuments } from '../db/documents.ts';

export interface OfflinePolicy {
  maxBlocklistAgeHours: number;
  maxModelAgeHours: number;
}

/** The `config` dataset: HQ's fleet settings, one document; read where they apply, so nothing to invalidate. */
export function configDataset(documents: DatasetDocuments): Dataset<ConfigDataset> {
  return {
    name: 'config',
    schema: ConfigDataset,
    apply: (data, now) => documents.put('config', data.version, JSON.stringify(data), now),
    invalidate: () => undefined,
  };
}

/** The offline policy HQ published last, or the defaults before it published one. */
export function offlinePolicy(documents: DatasetDocuments): OfflinePolicy {
  const stored = documents.get('config');
  if (stored) {
    const parsed = ConfigDataset.safeParse(JSON.parse(stored.body));
    if (parsed.success) return parsed.data.offline;
  }
  return { ...OFFLINE_POLICY_DEFAULTS };
}
