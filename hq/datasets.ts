import { ZenEngine } from '@gorules/zen-engine';
import type { z } from 'zod';
import { CatalogDataset, PricesDataset, PromotionsDataset, StockDataset } from '../electron/contract/catalog.ts';
import { BlocklistDataset } from '../electron/contract/credit.ts';
import { ConfigDataset, DecisionModelDataset } from '../electron/contract/datasets.ts';
import { FinanceDataset } from '../electron/contract/finance.ts';
import { StaffDataset } from '../electron/contract/staff.ts';
import type { SyncDatasetName } from '../electron/contract/sync.ts';

/**
 * What HQ checks a dataset file against before it signs it: the kiosk's own schemas where they
 * exist (all of them), so a file HQ accepts is one the kiosk can apply.
 */
export const DATASET_SCHEMAS: Record<SyncDatasetName, z.ZodType> = {
  catalog: CatalogDataset,
  finance: FinanceDataset,
  blocklist: BlocklistDataset,
  decision_models: DecisionModelDataset,
  prices: PricesDataset,
  stock: StockDataset,
  promotions: PromotionsDataset,
  config: ConfigDataset,
  staff: StaffDataset,
};

export type BodyCheck = { ok: true } | { ok: false; message: string };

/** Line and column of a character offset, for a JSON syntax error a person can find. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Whether `body` is a valid file for `dataset`. The message names the problem (the line of a
 * syntax error, the path of a field) and at most five issues, so a person can fix the file.
 */
export function checkDatasetBody(dataset: SyncDatasetName, body: string): BodyCheck {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    return { ok: false, message: `${dataset}: not valid JSON${at ? ` at ${lineColumn(body, Number(at[1]))}` : ''}: ${message}` };
  }
  const parsed = DATASET_SCHEMAS[dataset].safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
    return { ok: false, message: `${dataset}: ${issues.join('; ')}${more}` };
  }
  if (dataset === 'decision_models') {
    // The kiosk refuses a graph zen-engine cannot load; better that HQ refuses to publish it.
    const engine = new ZenEngine();
    try {
      engine.createDecision((parsed.data as DecisionModelDataset).graph).validate();
    } catch (error) {
      return { ok: false, message: `decision_models: graph: zen-engine cannot load it: ${(error as Error).message ?? String(error)}` };
    } finally {
      engine.dispose();
    }
  }
  return { ok: true };
}
