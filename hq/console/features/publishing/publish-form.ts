import type { z } from 'zod';
import type { SyncDatasetName } from '../../../../electron/contract/sync.ts';
import type { PublishRequestBody } from '../../../server/admin-schemas.ts';

/**
 * What finance operations publish from the console (issue 14): the datasets a person prepares as a
 * file. Stock, config and staff rosters come from other tools (the stores' systems, store IT's CLI).
 */
export const PUBLISHABLE = ['catalog', 'prices', 'promotions', 'finance', 'decision_models', 'blocklist'] as const satisfies readonly SyncDatasetName[];
export type Publishable = (typeof PUBLISHABLE)[number];

/** HQ converts CSV for these two only (hq/csv-datasets.ts); everything else is the JSON of resources/. */
export const CSV_DATASETS: readonly Publishable[] = ['catalog', 'prices'];

/** Effective-dated on the kiosk (core/catalog/schedule.ts); the others apply when they arrive. */
export const DATED_DATASETS: readonly Publishable[] = ['prices', 'promotions'];

export interface PublishForm {
  dataset: Publishable;
  /** The chosen file's name and text (read once when chosen: what is checked is what is published). */
  file: { name: string; text: string } | null;
  scope: 'all' | string;
  /** A CSV file's version name; empty: HQ names it `<dataset>-csv-<time>`. */
  versionName: string;
  /** `datetime-local` text in the browser's zone; empty: now. */
  effectiveAt: string;
}

export const EMPTY_FORM: PublishForm = { dataset: 'prices', file: null, scope: 'all', versionName: '', effectiveAt: '' };

export const formatOf = (fileName: string): 'csv' | 'json' => (/\.csv$/i.test(fileName) ? 'csv' : 'json');

export const acceptFor = (dataset: Publishable): string => (CSV_DATASETS.includes(dataset) ? '.csv,.json,text/csv,application/json' : '.json,application/json');

/** Why the form cannot be sent as it is (said on the page before HQ is asked), or the request body. */
export type BuiltRequest =
  | { ok: true; body: z.input<typeof PublishRequestBody> }
  | { ok: false; problem: 'noFile' | 'emptyFile' | 'csvNotAccepted' | 'badVersionName' | 'badEffectiveAt' };

export function buildRequest(form: PublishForm): BuiltRequest {
  if (!form.file) return { ok: false, problem: 'noFile' };
  if (form.file.text.trim() === '') return { ok: false, problem: 'emptyFile' };
  const format = formatOf(form.file.name);
  if (format === 'csv' && !CSV_DATASETS.includes(form.dataset)) return { ok: false, problem: 'csvNotAccepted' };
  const versionName = form.versionName.trim();
  // Only a CSV file is named here: a JSON file carries its own `version`.
  if (format === 'csv' && versionName.length > 64) return { ok: false, problem: 'badVersionName' };
  let effectiveAt: number | undefined;
  if (DATED_DATASETS.includes(form.dataset) && form.effectiveAt !== '') {
    effectiveAt = new Date(form.effectiveAt).getTime();
    if (!Number.isSafeInteger(effectiveAt) || effectiveAt <= 0) return { ok: false, problem: 'badEffectiveAt' };
  }
  return {
    ok: true,
    body: {
      dataset: form.dataset,
      body: form.file.text,
      format,
      scope: form.scope,
      ...(format === 'csv' && versionName !== '' ? { datasetVersion: versionName } : {}),
      ...(effectiveAt === undefined ? {} : { effectiveAt }),
    },
  };
}
