// npm run bench: product browser at 20,000 products — index build, filter + sort, all through the
// dispatcher as the renderer calls it (search as you type: search.bench.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import type { ChannelResponse } from '../../electron/contract/api.ts';
import type { ProductSort } from '../../electron/contract/catalog.ts';
import { CatalogIndex } from '../../electron/core/catalog/catalog-index.ts';
import { generateCatalog } from '../../tools/catalog-generator.ts';
import type { KioskCore } from '../../electron/core/kiosk-core.ts';
import { startCore } from '../helpers/core.ts';
import { report, time, timeAsync } from './stats.ts';
import { SHOPPER } from '../../electron/contract/channel.ts';

const PRODUCTS = 20_000;
let dir = '';
let core: KioskCore;
let applyMs = 0;
let firstQueryMs = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(generateCatalog({ products: PRODUCTS, seed: 5 })));
  applyMs = time(() => {
    core = startCore(join(dir, 'data'), { seedFiles: { catalog: file  }});
  });
  // The first query builds the in-memory index (lazily, once per catalog version).
  firstQueryMs = await timeAsync(() => core.dispatch('queryProducts', { text: 'b' }, SHOPPER));
}, 300_000);

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

async function query(input: Record<string, unknown>): Promise<ChannelResponse<'queryProducts'>> {
  const result = await core.dispatch('queryProducts', input, SHOPPER);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data as ChannelResponse<'queryProducts'>;
}

// Ten index builds of 20,000 products take several seconds on a busy two-core machine.
test('catalog apply and index build', { timeout: 120_000 }, () => {
  const builds: number[] = [];
  for (let i = 0; i < 10; i++) builds.push(time(() => CatalogIndex.build(core.db)));
  report(`Catalog at ${PRODUCTS.toLocaleString('en-US')} products`, [
    { name: 'in-memory index build (per catalog version)', samples: builds },
    { name: 'first query after start (builds the index)', samples: [firstQueryMs] },
    { name: 'start + apply dataset (incl. search rows)', samples: [applyMs] },
  ]);
});

// Search as you type is measured in search.bench.ts, side by side with FlexSearch and MiniSearch.

test('filter + sort (category, 1–3 facet selections, each sort)', { timeout: 300_000 }, async () => {
  const sorts: ProductSort[] = ['popularity', 'price_asc', 'price_desc', 'newest'];
  const cases: { categoryId: string; filters: Record<string, string[]>; text?: string }[] = [];
  for (const categoryId of ['refrigerators', 'air-conditioners', 'televisions', 'washing-machines']) {
    const { facets } = await query({ categoryId });
    const value = (i: number, j = 0) => {
      const facet = facets[i % facets.length];
      const v = facet?.values[j % (facet.values.length || 1)];
      return facet && v ? { [facet.key]: [v.value] } : {};
    };
    cases.push({ categoryId, filters: value(0) });
    cases.push({ categoryId, filters: { ...value(1, 1), ...value(2) } });
    cases.push({ categoryId, filters: { ...value(0, 1), ...value(1, 2), ...value(3) } });
  }
  const rows = new Map<string, number[]>();
  const add = (name: string, ms: number) => rows.set(name, [...(rows.get(name) ?? []), ms]);
  for (let round = 0; round < 40; round++) {
    for (const c of cases) {
      for (const sort of sorts) {
        const ms = await timeAsync(() => query({ ...c, sort, offset: (round % 5) * 24 }));
        if (round >= 5) add(`category + filters, ${sort}`, ms);
      }
      const ms = await timeAsync(() => query({ ...c, text: 'haier', sort: 'relevance' }));
      if (round >= 5) add('category + filters + text "haier", relevance', ms);
    }
    const ms = await timeAsync(() => query({ filters: { inStock: ['true'], energyGrade: ['1'] }, sort: 'price_asc' }));
    if (round >= 5) add('whole store, in stock + grade 1, price ascending', ms);
  }
  report(
    `Filter + sort at ${PRODUCTS.toLocaleString('en-US')} products (dispatcher, page of 24, incl. facet counts)`,
    [...rows].map(([name, samples]) => ({ name, samples })),
  );
});
