import { ConfigDataset, OFFLINE_POLICY_DEFAULTS } from '../../contract/datasets.ts';
import { DEFAULT_MAINTENANCE_WINDOW, type MaintenanceWindow } from '../../contract/fleet.ts';
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

function published(documents: DatasetDocuments): ConfigDataset | null {
  const stored = documents.get('config');
  if (!stored) return null;
  const parsed = ConfigDataset.safeParse(JSON.parse(stored.body));
  return parsed.success ? parsed.data : null;
}

/** The offline policy HQ published last, or the defaults before it published one. */
export function offlinePolicy(documents: DatasetDocuments): OfflinePolicy {
  return published(documents)?.offline ?? { ...OFFLINE_POLICY_DEFAULTS };
}

/** The store's maintenance window HQ published last (updates install only inside it), or 02:00–05:00. */
export function maintenanceWindow(documents: DatasetDocuments): MaintenanceWindow {
  return published(documents)?.maintenanceWindow ?? { ...DEFAULT_MAINTENANCE_WINDOW };
}
