// npm run bench: applying a 20,000-product catalog snapshot (issue 9: pull and apply < 2 s) through
// the real DatasetRegistry into a fresh kiosk database (seeded with the demo store, as an
// enrolled kiosk's is), broken into phases. Phases are measured by timing the writer's prepared
// statements by their SQL and the search-text builder (vi.mock wrapper) from the outside, so the
// production code carries no timing hooks; "rest" is what the total leaves (JS around the rows,
// store prices, promotions, commit). CATALOG_APPLY_PRODUCTS / CATALOG_APPLY_RUNS change sizes.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { CatalogDataset } from '../../electron/contract/catalog.ts';
import type { Db } from '../../electron/core/db/database.ts';
import { generateCatalog } from '../../tools/catalog-generator.ts';
import { startCore } from '../helpers/core.ts';
import { report, time } from './stats.ts';
import type * as SearchText from '../../electron/core/catalog/search-text.ts';

const PRODUCTS = Number(process.env.CATALOG_APPLY_PRODUCTS ?? 20_000);
const RUNS = Number(process.env.CATALOG_APPLY_RUNS ?? 5);

const timers = { searchText: 0 };
vi.mock('../../electron/core/catalog/search-text.ts', async (importOriginal) => {
  const original = await importOriginal<typeof SearchText>();
  return {
    ...original,
    searchDocument: (...args: Parameters<typeof original.searchDocument>) => {
      const start = process.hrtime.bigint();
      try {
        return original.searchDocument(...args);
      } finally {
        timers.searchText += Number(process.hrtime.bigint() - start) / 1e6;
      }
    },
  };
});

/** Which phase a statement of the writer belongs to, by its SQL. */
function phaseOf(sql: string): string {
  if (/^\s*(INSERT INTO products\b|UPDATE products SET sku\b|SELECT id, sku\b)/i.test(sql)) return 'product upsert';
  if (/INTO stock\b/i.test(sql)) return 'stock';
  if (/^\s*(INSERT OR REPLACE INTO product_search|DELETE FROM product_search|SELECT row, product_id)\b/i.test(sql)) return 'search documents';
  if (/^\s*UPDATE products SET active = 0/i.test(sql)) return 'deactivate missing';
  return 'other SQL';
}

/** Times every statement prepared or executed on `db` into `totals`, by phase. */
function instrument(db: Db, totals: Map<string, number>): () => void {
  const add = (phase: string, start: bigint) => totals.set(phase, (totals.get(phase) ?? 0) + Number(process.hrtime.bigint() - start) / 1e6);
  const prepare = db.prepare.bind(db);
  const exec = db.exec.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    const phase = phaseOf(sql);
    for (const method of ['run', 'get', 'all'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          const start = process.hrtime.bigint();
          try {
            return original(...args);
          } finally {
            add(phase, start);
          }
        },
      });
    }
    return statement;
  }) as Db['prepare'];
  db.exec = ((sql: string) => {
    const start = process.hrtime.bigint();
    try {
      return exec(sql);
    } finally {
      add(phaseOf(sql), start);
    }
  }) as Db['exec'];
  return () => {
    db.prepare = prepare;
    db.exec = exec;
  };
}

test(`catalog snapshot apply at ${PRODUCTS.toLocaleString('en-US')} products, by phase`, { timeout: 900_000 }, () => {
  const raw = JSON.stringify(generateCatalog({ products: PRODUCTS, seed: 9, version: `apply-bench-${PRODUCTS}` }));
  // A re-publication: the same catalog a week later, 2 % of prices and stock changed.
  const next = JSON.parse(raw) as ReturnType<typeof generateCatalog>;
  next.version = `${next.version}-b`;
  next.products.forEach((p, i) => {
    if (i % 50 === 0) {
      p.priceFen = Math.max(0, p.priceFen - 100);
      p.stock += 1;
    }
  });
  const rawNext = JSON.stringify(next);
  const phases = [
    'parse + validate', 'product upsert', 'stock', 'search text', 'search documents', 'deactivate missing', 'other SQL', 'commit (after the last write)', 'rest',
    'apply total (registry.apply)', 'apply total, CPU time of the process', 're-publication (2 % changed), total',
  ];
  const samples = new Map<string, number[]>(phases.map((p) => [p, []]));
  const push = (phase: string, ms: number) => samples.get(phase)?.push(ms);
  const loads: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-apply-bench-'));
    const core = startCore(join(dir, 'data'));
    try {
      loads.push(loadavg()[0]!.toFixed(2));
      // What the registry does before its transaction, timed on its own for the table.
      push('parse + validate', time(() => CatalogDataset.parse(JSON.parse(raw))));
      const totals = new Map<string, number>();
      timers.searchText = 0;
      const restore = instrument(core.db, totals);
      let ok = false;
      const cpu = process.cpuUsage();
      let lastWrite = 0n;
      const start = process.hrtime.bigint();
      const total = time(() => {
        ok = core.datasets.apply('catalog', raw, { inTransaction: () => (lastWrite = process.hrtime.bigint()) }).ok;
      });
      const commit = total - Number(lastWrite - start) / 1e6;
      const used = process.cpuUsage(cpu);
      push('apply total, CPU time of the process', (used.user + used.system) / 1000);
      restore();
      expect(ok).toBe(true);
      const active = core.db.prepare('SELECT count(*) FROM products WHERE active = 1').pluck().get();
      expect(active).toBe(PRODUCTS);
      push('apply total (registry.apply)', total);
      push('search text', timers.searchText);
      let accounted = samples.get('parse + validate')!.at(-1)! + timers.searchText;
      for (const phase of ['product upsert', 'stock', 'search documents', 'deactivate missing', 'other SQL']) {
        const ms = totals.get(phase) ?? 0;
        push(phase, ms);
        accounted += ms;
      }
      push('commit (after the last write)', commit);
      accounted += commit;
      push('rest', Math.max(0, total - accounted));
      const again = new Map<string, number>();
      timers.searchText = 0;
      const restoreAgain = instrument(core.db, again);
      push('re-publication (2 % changed), total', time(() => expect(core.datasets.apply('catalog', rawNext).ok).toBe(true)));
      restoreAgain();
      if (process.env.DEBUG_PHASES) console.log('re-publication', timers.searchText, again);
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  report(
    `Catalog snapshot apply, ${PRODUCTS.toLocaleString('en-US')} products, fresh kiosk db, ${RUNS} runs (1-min load per run: ${loads.join(', ')})`,
    phases.map((name) => ({ name, samples: samples.get(name) ?? [] })),
  );
});
