import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Db } from '../../../electron/core/db/database.ts';
import { DatasetRegistry, type Dataset } from '../../../electron/core/db/datasets.ts';
import { tempDirs } from '../../helpers/temp.ts';

/**
 * The dataset registry on its own (the seed, sync and feature tests use it through real datasets):
 * one definition per name, the same bytes applied once, a throwing `apply` leaves the previous rows
 * in use, and `invalidate` runs only after the transaction committed.
 */
const tempDir = tempDirs();

const Prices = z.object({ version: z.string(), rows: z.array(z.object({ sku: z.string(), fen: z.number().int() })) });
type Prices = z.infer<typeof Prices>;

function setUp() {
  const opened = openDatabase(join(tempDir(), 'k.db'));
  if (!opened.ok) throw new Error(opened.message);
  const db = opened.db;
  db.exec('CREATE TABLE test_prices (sku TEXT PRIMARY KEY, fen INTEGER NOT NULL) STRICT');
  const events: string[] = [];
  const dataset: Dataset<Prices> = {
    name: 'prices',
    schema: Prices,
    apply(data) {
      db.prepare('DELETE FROM test_prices').run();
      for (const row of data.rows) {
        if (row.fen < 0) throw new Error(`negative price for ${row.sku}`);
        db.prepare('INSERT INTO test_prices (sku, fen) VALUES (?, ?)').run(row.sku, row.fen);
      }
      events.push(`apply ${data.version}`);
    },
    invalidate(data) {
      // What invalidate sees must be committed: read from a second connection.
      events.push(`invalidate ${data.version}: ${committedCount(db)} rows committed`);
    },
  };
  const registry = new DatasetRegistry(db, () => 1_700_000_000_000);
  registry.register(dataset);
  return { db, registry, dataset, events };
}

function committedCount(db: Db): number {
  const other = openDatabase(db.name);
  if (!other.ok) throw new Error(other.message);
  try {
    return other.db.prepare('SELECT count(*) FROM test_prices').pluck().get() as number;
  } finally {
    other.db.close();
  }
}

const file = (version: string, rows: Prices['rows']) => JSON.stringify({ version, rows });

describe('dataset registry', () => {
  it('takes one definition per name', () => {
    const { registry, dataset, db } = setUp();
    expect(() => registry.register(dataset)).toThrow('dataset prices registered twice');
    expect(registry.apply('stock', file('s1', []))).toEqual({ ok: false, message: 'no dataset named stock' });
    db.close();
  });

  it('applies the same bytes once, and invalidates only after the rows are committed', () => {
    const { registry, events, db } = setUp();
    const v1 = file('p1', [{ sku: 'A', fen: 100 }, { sku: 'B', fen: 200 }]);
    expect(registry.apply('prices', v1)).toEqual({ ok: true, applied: true, version: 'p1' });
    expect(registry.apply('prices', v1)).toEqual({ ok: true, applied: false, version: 'p1' });
    expect(events).toEqual(['apply p1', 'invalidate p1: 2 rows committed']);
    expect(registry.appliedVersion('prices')).toBe('p1');
    db.close();
  });

  it('refuses bad JSON and bad content with a message, and a throwing apply rolls back whole: the previous rows stay', () => {
    const { registry, events, db } = setUp();
    registry.apply('prices', file('p1', [{ sku: 'A', fen: 100 }]));
    expect(registry.apply('prices', '{"version":')).toMatchObject({ ok: false, message: expect.stringContaining('prices: not valid JSON') });
    expect(registry.apply('prices', JSON.stringify({ version: 'p2', rows: [{ sku: 'A' }] }))).toMatchObject({ ok: false, message: expect.stringContaining('rows.0.fen') });
    expect(registry.apply('prices', file('p2', [{ sku: 'A', fen: 90 }, { sku: 'B', fen: -1 }]))).toEqual({ ok: false, message: 'prices: negative price for B' });
    expect(db.prepare('SELECT sku, fen FROM test_prices').all()).toEqual([{ sku: 'A', fen: 100 }]);
    expect(registry.appliedVersion('prices')).toBe('p1');
    expect(events).toEqual(['apply p1', 'invalidate p1: 1 rows committed']);
    db.close();
  });

  it('runs the caller’s bookkeeping in the same transaction, also when the content is skipped', () => {
    const { registry, db } = setUp();
    const seen: Array<{ applied: boolean; version: string }> = [];
    const v1 = file('p1', [{ sku: 'A', fen: 100 }]);
    registry.apply('prices', v1, { inTransaction: ({ applied, version }) => seen.push({ applied, version }) });
    registry.apply('prices', v1, { inTransaction: ({ applied, version }) => seen.push({ applied, version }) });
    expect(seen).toEqual([{ applied: true, version: 'p1' }, { applied: false, version: 'p1' }]);
    // Bookkeeping that throws takes the dataset down with it.
    const failed = registry.apply('prices', file('p2', [{ sku: 'A', fen: 80 }]), {
      inTransaction: () => {
        throw new Error('cursor write failed');
      },
    });
    expect(failed).toEqual({ ok: false, message: 'prices: cursor write failed' });
    expect(db.prepare('SELECT fen FROM test_prices').pluck().get()).toBe(100);
    db.close();
  });
});
