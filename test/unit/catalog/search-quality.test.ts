import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDataset, ProductData } from '../../../electron/contract/catalog.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
import { startCore } from '../../helpers/core.ts';
import { fits, INITIALS, INITIALS_TOP, intentText, ourSearch, TYPOS, type OurSearch } from '../../helpers/search-quality.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs('all');

/**
 * Ranking facts that must hold whatever the engine inside (timing is the bench's business:
 * test/bench/search.bench.ts). A generated store of 2,000 products, plus a Haier air purifier
 * whose CADR is 470: it shares brand and number with the Haier 470 L fridges, which is what a
 * shopper typing "haier 470" means.
 */
let core: KioskCore;
let ours: OurSearch;
let dataset: CatalogDataset;

beforeAll(() => {
  const base = generateCatalog({ products: 2_000, seed: 3 });
  const purifier = base.products.find((p) => p.brandId === 'haier' && p.categoryId === 'air-purifiers');
  if (!purifier) throw new Error('no Haier air purifier generated');
  if (!base.products.some((p) => p.brandId === 'haier' && p.categoryId === 'refrigerators' && p.specs.capacity === 470)) {
    throw new Error('no Haier 470 L fridge generated');
  }
  const cadr470: ProductData = {
    ...purifier,
    id: '019a0000-0000-7000-8000-000000000470',
    sku: 'AP-HAIER-470',
    model: 'KJ470G-AP8D',
    name: { zh: '海尔 颗粒物CADR 470 智能 空气净化器', en: 'Haier air purifier, CADR 470 m³/h, app control' },
    specs: { ...purifier.specs, cadr: 470 },
    popularity: Math.max(...base.products.map((p) => p.popularity)) + 1,
  };
  dataset = { ...base, products: [...base.products, cadr470] };
  const dir = tempDir();
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(dataset));
  core = startCore(join(dir, 'data'), { seedFiles: { catalog: file } });
  ours = ourSearch(core, dataset);
});

afterAll(() => core.close());

describe('search quality', () => {
  it.each(INITIALS)(`pinyin initials "$text": all of the top ${INITIALS_TOP} are in the category`, async ({ text, intent }) => {
    const top = await ours.top(text, INITIALS_TOP);
    expect(top).toHaveLength(INITIALS_TOP);
    expect(top.map((p) => (fits(p, intent) ? intentText(intent) : p.categoryId))).toEqual(Array(INITIALS_TOP).fill(intentText(intent)));
  });

  it('"haier 470" puts a Haier 470 L refrigerator first, not the Haier air purifier with CADR 470', async () => {
    const [first] = await ours.top('haier 470', 1);
    expect({ brand: first?.brandId, category: first?.categoryId, capacity: first?.specs.capacity }).toEqual({
      brand: 'haier',
      category: 'refrigerators',
      capacity: 470,
    });
  });

  it.each(TYPOS.filter((c) => c.ambiguous === undefined))('typo "$text": the right product first, or "did you mean $meant"', async ({ text, meant, intent }) => {
    const { products, suggestion } = await ours.typo(text, 1);
    const first = fits(products[0], intent) ? intentText(intent) : (products[0]?.categoryId ?? 'nothing');
    // Matching the typo directly is as good as suggesting; a suggestion must be the word meant.
    expect({ first, suggestion: suggestion ?? meant }, suggestion === undefined ? 'matched directly' : `did you mean "${suggestion}"`).toEqual({
      first: intentText(intent),
      suggestion: meant,
    });
  });
});
