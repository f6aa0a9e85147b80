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

/**
 * One problem of a file where a person finds it. CSV: the row (the header is row 1) and column.
 * JSON: the item's number in the dataset's list (1-based) and the field's path in it; neither
 * when the problem is the file's as a whole.
 */
export interface RowProblem {
  row?: number;
  column?: string;
  message: string;
}

export type BodyCheck = { ok: true } | { ok: false; message: string; problems?: RowProblem[] };

/** Problems listed at most (the console shows them all); messages name the first few. */
export const MAX_PROBLEMS = 200;

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
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue): RowProblem => {
      const [, index, ...rest] = issue.path;
      if (typeof index === 'number') return { row: index + 1, ...(rest.length > 0 ? { column: rest.join('.') } : {}), message: issue.message };
      return issue.path.length > 0 ? { column: issue.path.join('.'), message: issue.message } : { message: issue.message };
    });
    return { ok: false, message: `${dataset}: ${issues.join('; ')}${more}`, problems };
  }
  if (dataset === 'decision_models') {
    // The kiosk refuses a graph zen-engine cannot load; better that HQ refuses to publish it.
    const { graph, challenger } = parsed.data as DecisionModelDataset;
    for (const [where, checked] of [['graph', graph], ['challenger.graph', challenger?.graph]] as const) {
      if (!checked) continue;
      const engine = new ZenEngine();
      try {
        engine.createDecision(checked).validate();
      } catch (error) {
        return { ok: false, message: `decision_models: ${where}: zen-engine cannot load it: ${(error as Error).message ?? String(error)}` };
      } finally {
        engine.dispose();
      }
    }
  }
  return { ok: true };
}
