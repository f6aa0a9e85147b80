import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import { openDatabase } from '../../../electron/core/db/database.ts';
import { RESOURCES, ROOT, startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();

const count = (core: ReturnType<typeof startCore>, sql: string) => (core.db.prepare(sql).get() as { n: number }).n;

describe('demo store seed', () => {
  it('seeds the demo store once: ≥300 active products in ≥8 categories, with stock', () => {
    const dir = tempDir();
    const core = startCore(dir);
    expect(count(core, 'SELECT COUNT(*) AS n FROM products WHERE active = 1')).toBeGreaterThanOrEqual(300);
    expect(count(core, 'SELECT COUNT(DISTINCT category_id) AS n FROM products')).toBeGreaterThanOrEqual(8);
    expect(count(core, 'SELECT COUNT(*) AS n FROM stock')).toBe(count(core, 'SELECT COUNT(*) AS n FROM products'));
    const applied = core.db.prepare("SELECT applied_at FROM datasets WHERE name = 'catalog'").get();
    core.close();

    const again = startCore(dir);
    expect(again.db.prepare("SELECT applied_at FROM datasets WHERE name = 'catalog'").get()).toEqual(applied);
    expect(again.datasets.applyFile('catalog', join(RESOURCES, 'demo-store', 'catalog.json'))).toMatchObject({ ok: true, applied: false });
    expect(pendingOutbox(again.db).filter((r) => r.topic.startsWith('catalog'))).toEqual([]);
    again.close();
  });

  it('deactivates products a newer catalog no longer lists, and announces the update', () => {
    const dir = tempDir();
    const core = startCore(dir);
    const dataset = generateCatalog({ products: 400, seed: 7, version: 'v-full' });
    const full = join(dir, 'full.json');
    writeFileSync(full, JSON.stringify(dataset));
    const events: unknown[] = [];
    core.subscribe((e) => events.push(e));
    expect(core.datasets.applyFile('catalog', full)).toMatchObject({ ok: true, applied: true });

    const smaller = join(dir, 'smaller.json');
    writeFileSync(smaller, JSON.stringify({ ...dataset, version: 'v-smaller', products: dataset.products.slice(0, 350) }));
    expect(core.datasets.applyFile('catalog', smaller)).toMatchObject({ ok: true, applied: true });
    expect(count(core, 'SELECT COUNT(*) AS n FROM products WHERE active = 1')).toBe(350);
    expect(events).toEqual([
      { name: 'catalog.updated', payload: { version: 'v-full' } },
      { name: 'catalog.updated', payload: { version: 'v-smaller' } },
    ]);
    core.close();
  });

  it('survives kill -9 half-way through seeding: the next start completes it', async () => {
    const dir = tempDir();
    const catalogFile = join(dir, 'big.json');
    writeFileSync(catalogFile, JSON.stringify(generateCatalog({ products: 20_000, seed: 99, version: 'big' })));
    // Inside the project, so the bundle's bare imports resolve against node_modules.
    const childFile = join(ROOT, 'test-results', `seed-child-${process.pid}.mjs`);
    await build({
      entryPoints: [join(ROOT, 'test/fixtures/seed-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: childFile,
      logLevel: 'error',
      absWorkingDir: ROOT,
    });
    const dataDir = join(dir, 'data');

    const child = spawn(process.execPath, [childFile, dataDir, RESOURCES, catalogFile], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const killedAt = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = [...seen.matchAll(/progress (\d+)\/20000/g)].at(-1);
        if (match && Number(match[1]) >= 5_000 && Number(match[1]) < 20_000) {
          child.kill('SIGKILL');
          resolve(match[0]);
        } else if (seen.includes('ready')) reject(new Error('seeding finished before it could be killed'));
      });
      child.on('error', reject);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(killedAt).toMatch(/progress/);

    // What the crash left: a sound database with no half-applied catalog.
    const opened = openDatabase(join(dataDir, 'kiosk.db'));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.db.prepare('SELECT COUNT(*) AS n FROM products').get()).toEqual({ n: 0 });
    expect(opened.db.prepare("SELECT COUNT(*) AS n FROM datasets WHERE name = 'catalog'").get()).toEqual({ n: 0 });
    opened.db.close();

    const core = startCore(dataDir, { seedFiles: { catalog: catalogFile } });
    expect(count(core, 'SELECT COUNT(*) AS n FROM products WHERE active = 1')).toBe(20_000);
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
    core.close();
  });
});
