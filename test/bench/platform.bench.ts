// npm run bench: web host cold start, database open + migrate, category listing
// (search and filters at scale: catalog.bench.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { generateCatalog } from '../../tools/catalog-generator.ts';
import { openDatabase } from '../../electron/core/db/database.ts';
import { ROOT, startCore } from '../helpers/core.ts';
import { report, time, timeAsync } from './stats.ts';
import { SHOPPER } from '../../electron/contract/channel.ts';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Spawns the built web host and measures until its first API answer. */
async function hostColdStart(dataDir: string, port: number): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(ROOT, 'dist/host/host.mjs')], {
    env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_PORT: String(port), KIOSK_LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/appInfo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        if (response.ok) return Number(process.hrtime.bigint() - started) / 1e6;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

test('web host cold start to first API answer', { timeout: 120_000 }, async () => {
  const first: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dir = temp();
    first.push(await hostColdStart(dir, 4850 + i));
    warm.push(await hostColdStart(dir, 4860 + i));
  }
  report('Web host: process start → first POST /api/appInfo answered', [
    { name: 'existing data folder (a normal boot)', samples: warm },
    { name: 'first boot (create database, migrate, seed demo)', samples: first },
  ]);
});

test('database open + migrate', () => {
  const fresh: number[] = [];
  const existing: number[] = [];
  for (let i = 0; i < 30; i++) {
    const file = join(temp(), 'k.db');
    fresh.push(
      time(() => {
        const r = openDatabase(file);
        if (r.ok) r.db.close();
      }),
    );
    existing.push(
      time(() => {
        const r = openDatabase(file);
        if (r.ok) r.db.close();
      }),
    );
  }
  report('Database open (WAL, quick_check) + migrate', [
    { name: 'existing database, nothing to migrate', samples: existing },
    { name: 'new database, all migrations', samples: fresh },
  ]);
});

test('category listing through the dispatcher (queryProducts, first page of 24)', { timeout: 120_000 }, async () => {
  const demo = startCore(temp());
  const bigDir = temp();
  const bigFile = join(bigDir, 'catalog.json');
  writeFileSync(bigFile, JSON.stringify(generateCatalog({ products: 20_000, seed: 5 })));
  const big = startCore(join(bigDir, 'data'), { seedFiles: { catalog: bigFile  }});

  const measure = async (core: typeof demo, sort: string) => {
    const category = (core.db.prepare('SELECT category_id AS id FROM products GROUP BY category_id ORDER BY COUNT(*) DESC LIMIT 1').get() as { id: string }).id;
    const samples: number[] = [];
    for (let i = 0; i < 500; i++) {
      samples.push(await timeAsync(() => core.dispatch('queryProducts', { categoryId: category, sort, offset: (i % 10) * 24, limit: 24 }, SHOPPER)));
    }
    return samples.slice(50); // drop warm-up
  };
  report('queryProducts: largest category, no filters, pages 1–10 (incl. facet counts)', [
    { name: 'demo store (360 products), popularity', samples: await measure(demo, 'popularity') },
    { name: '20,000 products, popularity', samples: await measure(big, 'popularity') },
    { name: '20,000 products, price ascending', samples: await measure(big, 'price_asc') },
    { name: '20,000 products, newest', samples: await measure(big, 'newest') },
  ]);
  demo.close();
  big.close();
});
