import type { SyncDatasetName } from '../electron/contract/sync.ts';
import type { Queryable } from './db/database.ts';

/**
 * What a publication would change for the stores it goes to, against the newest publication of
 * the dataset they have now (for one store: its own or the chain's, whichever is newer): items
 * added, removed and changed, keyed as the kiosk keys them, with the fields that changed.
 */
export interface PublicationDiff {
  /** The version compared against; null when nothing of the dataset was published for these stores. */
  againstVersion: number | null;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** The first changes, for a person to look over (ids and the names of fields that differ). */
  examples: Array<{ key: string; change: 'added' | 'removed' | 'changed'; fields?: string[] }>;
}

/** The list in each dataset whose items a diff compares, and the field that identifies an item. */
const KEYED: Partial<Record<SyncDatasetName, { list: string; key: string }>> = {
  catalog: { list: 'products', key: 'id' },
  prices: { list: 'prices', key: 'productId' },
  stock: { list: 'stock', key: 'productId' },
  promotions: { list: 'promotions', key: 'id' },
  finance: { list: 'products', key: 'id' },
  blocklist: { list: 'entries', key: 'hmac' },
  staff: { list: 'staff', key: 'id' },
};

const MAX_EXAMPLES = 50;

type Item = Record<string, unknown>;

function items(dataset: SyncDatasetName, document: unknown): Map<string, Item> {
  const keyed = KEYED[dataset];
  const root = (document ?? {}) as Record<string, unknown>;
  if (!keyed) return new Map([['(the whole file)', root]]);
  const list = Array.isArray(root[keyed.list]) ? (root[keyed.list] as Item[]) : [];
  return new Map(list.map((item) => [String(item[keyed.key]), item]));
}

/** Field names whose values differ (compared as JSON: the files are JSON). */
function changedFields(before: Item, after: Item): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name])).sort();
}

/** `body` is a checked dataset file (JSON). */
export async function diffPublication(db: Queryable, dataset: SyncDatasetName, scope: string, body: string): Promise<PublicationDiff> {
  const [current] = await db.query<{ id: string; body: string }>(
    `SELECT id, body FROM publications WHERE dataset = $1 AND (scope = 'all' OR scope = $2) ORDER BY id DESC LIMIT 1`,
    [dataset, scope],
  );
  const before = current ? items(dataset, JSON.parse(current.body)) : new Map<string, Item>();
  const after = items(dataset, JSON.parse(body));
  const diff: PublicationDiff = { againstVersion: current ? Number(current.id) : null, added: 0, removed: 0, changed: 0, unchanged: 0, examples: [] };
  const example = (entry: PublicationDiff['examples'][number]) => {
    if (diff.examples.length < MAX_EXAMPLES) diff.examples.push(entry);
  };
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old) {
      diff.added++;
      example({ key, change: 'added' });
      continue;
    }
    const fields = changedFields(old, item);
    if (fields.length === 0) diff.unchanged++;
    else {
      diff.changed++;
      example({ key, change: 'changed', fields });
    }
  }
  for (const key of before.keys()) {
    if (after.has(key)) continue;
    diff.removed++;
    example({ key, change: 'removed' });
  }
  return diff;
}
