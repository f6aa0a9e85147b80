// npm run bench: the web host at 20,000 products, from spawning the process to its first answers —
// on the first start (empty data folder: migrations, the catalog applied) and on a normal start
// (the same folder again). "First answer" is the renderer's first catalog page (queryProducts
// for a category), the first thing a shopper's tap waits for; the home page's first byte is
// printed beside it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { generateCatalog } from '../../tools/catalog-generator.ts';
import { ROOT } from '../helpers/core.ts';
import { report } from './stats.ts';

const PORT = 4877;
const ROUNDS = 5;
const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-start-'));
const catalogFile = join(dir, 'catalog.json');
writeFileSync(catalogFile, JSON.stringify(generateCatalog({ products: 20_000, seed: 5 })));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One request; resolves with the status, or 0 when nothing listens yet. */
function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<number> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port: PORT, method, path, headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(payload);
  });
}

/** Milliseconds from `since` until `ask` answers 200, polling every 5 ms. */
async function until(since: number, ask: () => Promise<number>): Promise<number> {
  for (;;) {
    if ((await ask()) === 200) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** CPU time the process has used (user + system), from /proc: on a shared machine it moves less than the wall clock. */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function start(dataDir: string): Promise<{ page: number; catalog: number; cpu: number; host: ChildProcess }> {
  const since = performance.now();
  const host = spawn(process.execPath, [join(ROOT, 'dist/host/host.mjs')], {
    env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_PORT: String(PORT), KIOSK_CATALOG_FILE: catalogFile, KIOSK_LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const page = await until(since, () => call('GET', '/'));
  const catalog = await until(since, () => call('POST', '/api/queryProducts', { categoryId: 'refrigerators' }));
  return { page, catalog, cpu: cpuMs(host.pid), host };
}

async function stop(host: ChildProcess): Promise<void> {
  await new Promise((resolve) => {
    host.once('exit', resolve);
    host.kill('SIGTERM');
  });
}

test('web host start to first answer at 20,000 products', { timeout: 600_000 }, async () => {
  const first = { page: [] as number[], catalog: [] as number[], cpu: [] as number[] };
  const normal = { page: [] as number[], catalog: [] as number[], cpu: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const dataDir = join(dir, `data-${round}`);
    const cold = await start(dataDir);
    first.page.push(cold.page);
    first.catalog.push(cold.catalog);
    first.cpu.push(cold.cpu);
    await stop(cold.host);
    const warm = await start(dataDir);
    normal.page.push(warm.page);
    normal.catalog.push(warm.catalog);
    normal.cpu.push(warm.cpu);
    await stop(warm.host);
  }
  report('Web host start → first answer (20,000 products, spawn to 200)', [
    { name: 'normal start → first catalog page', samples: normal.catalog },
    { name: 'normal start → home page served', samples: normal.page },
    { name: 'normal start: host CPU time at the first page', samples: normal.cpu },
    { name: 'first start (empty data) → first catalog page', samples: first.catalog },
    { name: 'first start (empty data) → home page served', samples: first.page },
    { name: 'first start: host CPU time at the first page', samples: first.cpu },
  ]);
});
