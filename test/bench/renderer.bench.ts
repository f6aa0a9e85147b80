// npm run bench: the UI in Chromium against the web host at 20,000 products —
// tap on a category → first results painted, and renderer heap after 10 vs 500 shopper sessions.
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { generateCatalog } from '../../tools/catalog-generator.ts';
import { ROOT } from '../helpers/core.ts';
import { report } from './stats.ts';

const PORT = 4871;
const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-ui-'));
let host: ChildProcess;
let browser: Browser;

beforeAll(async () => {
  const catalogFile = join(dir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(generateCatalog({ products: 20_000, seed: 5 })));
  host = spawn(process.execPath, [join(ROOT, 'dist/host/host.mjs')], {
    env: { ...process.env, KIOSK_DATA_DIR: join(dir, 'data'), KIOSK_PORT: String(PORT), KIOSK_CATALOG_FILE: catalogFile, KIOSK_LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 400; i++) {
    const up = await fetch(`http://127.0.0.1:${PORT}/api`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  host?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** With `clock`, timers are Playwright's, so a 90 s idle reset takes no real time. */
async function open(clock: boolean): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  if (clock) await page.clock.install();
  await page.goto(`http://127.0.0.1:${PORT}/`);
  return page;
}

test('tap on a category → first results painted (20,000 products)', { timeout: 300_000 }, async () => {
  const page = await open(false);
  await page.getByRole('button', { name: '点击开始' }).click();
  const samples: number[] = [];
  const categories = ['冰箱', '空调', '洗衣机', '电视', '生活电器'];
  for (let i = 0; i < 40; i++) {
    await page.getByRole('button', { name: '首页' }).click();
    await page.getByRole('button', { name: new RegExp(`^${categories[i % categories.length]}`) }).click();
    const duration = await page.waitForFunction(() => {
      const entry = performance.getEntriesByName('category-to-results').at(-1);
      if (!entry) return null;
      performance.clearMeasures('category-to-results');
      return entry.duration;
    });
    samples.push((await duration.jsonValue()) as number);
  }
  report('Tap on a category → first results painted (Chromium, web host, 20,000 products)', [
    { name: 'category tap to first painted frame', samples: samples.slice(5) },
  ]);
  await page.close();
});

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

/** One shopper: start, browse a category, open a product, add it to the cart, walk away. */
async function session(page: Page, n: number) {
  await page.getByRole('button', { name: '点击开始' }).click();
  await page.getByRole('button', { name: n % 2 ? /^冰箱/ : /^空调/ }).click();
  const tile = page.getByRole('list', { name: '商品列表' }).getByRole('listitem').nth(n % 6);
  await tile.getByRole('button', { name: '对比' }).click();
  await tile.getByRole('button').first().click();
  await page.getByRole('button', { name: '加入购物车' }).click();
  await page.clock.fastForward('01:31');
  await page.getByRole('button', { name: '点击开始' }).waitFor();
}

test('renderer heap after 500 shopper sessions vs after 10', { timeout: 900_000 }, async () => {
  const page = await open(true);
  const after: { sessions: number; mb: number }[] = [];
  for (let n = 1; n <= 500; n++) {
    await session(page, n);
    if (n === 10 || n === 100 || n === 250 || n === 500) after.push({ sessions: n, mb: await heapMb(page) });
  }
  const base = after[0]?.mb ?? 1;
  console.log(
    `\nRenderer JS heap after GC (Chromium, 20,000 products)\n-----------------------------------------------------\n${after
      .map((a) => `after ${String(a.sessions).padStart(3)} sessions: ${a.mb.toFixed(2)} MB  ×${(a.mb / base).toFixed(3)}`)
      .join('\n')}`,
  );
  await page.close();
});
