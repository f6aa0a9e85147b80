import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import type { CatalogDataset, ProductData } from '../../../electron/contract/catalog.ts';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
import { modelKey, parseQuery } from '../../../electron/core/catalog/search-text.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { editDistance } from '../../../electron/domain/edit-distance.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';

const tempDir = tempDirs();

/**
 * One store for the whole file: a generated catalog plus two hand-made products — a fridge
 * whose name does not say 冰箱 (found through its category), and a look-alike model number that
 * extends a real one and is more popular (the exact model must still rank first).
 */
let core: KioskCore;
let dataset: CatalogDataset;
let quiet: ProductData;
let exact: ProductData;
let longer: ProductData;

beforeAll(() => {
  const dir = tempDir();
  const base = generateCatalog({ products: 800, seed: 3 });
  const fridge = base.products.find((p) => p.categoryId === 'refrigerators' && p.model.startsWith('BCD-'));
  if (!fridge) throw new Error('no BCD fridge generated');
  exact = fridge;
  quiet = {
    ...fridge,
    id: '019a0000-0000-7000-8000-000000000001',
    sku: 'RF-QUIET-1',
    model: 'QT-1',
    name: { zh: '静音节能款', en: 'Quiet saver' },
  };
  longer = {
    ...fridge,
    id: '019a0000-0000-7000-8000-000000000002',
    sku: 'RF-LONGER-1',
    model: `${fridge.model}X`,
    popularity: 10_000_000,
  };
  dataset = { ...base, products: [...base.products, quiet, longer] };
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(dataset));
  core = startCore(join(dir, 'data'), { seedFiles: { catalog: file  }});
});

afterAll(() => core.close());

async function search(text: string, extra: Record<string, unknown> = {}): Promise<ChannelResponse<'queryProducts'>> {
  const result = await core.dispatch('queryProducts', { text, limit: 100, ...extra }, SHOPPER);
  if (!result.ok) throw new Error(`${text}: ${result.error.code} ${result.error.message}`);
  return result.data as ChannelResponse<'queryProducts'>;
}

/** Every id the query finds, across pages. */
async function allIds(text: string, extra: Record<string, unknown> = {}): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const page = await search(text, { ...extra, offset });
    for (const item of page.items) ids.add(item.id);
    if (offset + 100 >= page.total) return ids;
  }
}

const idsWhere = (predicate: (p: ProductData) => boolean) => dataset.products.filter(predicate).map((p) => p.id);

describe('search', () => {
  it('finds every refrigerator by characters, full pinyin, initials and English, including one whose name lacks 冰箱', async () => {
    const fridges = idsWhere((p) => p.categoryId === 'refrigerators');
    for (const text of ['冰箱', 'bingxiang', 'bingx', 'bx', 'BX', 'refrigerator', 'Refrigerators']) {
      const found = await allIds(text);
      for (const id of fridges) expect(found.has(id), `${text} finds ${id}`).toBe(true);
    }
    expect(await allIds('冰箱')).toEqual(new Set(fridges));
    expect(await allIds('bingxiang')).toEqual(new Set(fridges));
    // English product words come from the names.
    expect((await allIds('fridge')).has(quiet.id)).toBe(false);
    expect([...(await allIds('fridge'))].every((id) => fridges.includes(id))).toBe(true);
    const french = await allIds('french');
    expect(french.size).toBeGreaterThan(0);
    expect(idsWhere((p) => p.name.en.toLowerCase().includes('french')).every((id) => french.has(id))).toBe(true);
  });

  it('ranks whole-word matches of the word being typed first: bx is 冰箱 before 不锈钢 (bxg)', async () => {
    const fridges = new Set(idsWhere((p) => p.categoryId === 'refrigerators'));
    const stainless = idsWhere((p) => p.categoryId !== 'refrigerators' && p.name.zh.includes('不锈钢'));
    expect(stainless.length).toBeGreaterThan(0);
    const found = await search('bx', { limit: 24 });
    expect(found.total).toBeGreaterThan(fridges.size);
    expect(found.items.every((item) => fridges.has(item.id))).toBe(true);
  });

  it('finds a brand by Chinese, pinyin, initials and English', async () => {
    const haier = new Set(idsWhere((p) => p.brandId === 'haier'));
    expect(await allIds('海尔')).toEqual(haier);
    expect(await allIds('haier')).toEqual(haier);
    expect(await allIds('ＨＡＩＥＲ')).toEqual(haier); // full-width, as a Chinese IME types it
    const initials = await allIds('he');
    for (const id of haier) expect(initials.has(id)).toBe(true);
  });

  it('matches model number prefixes with or without punctuation, exact model first', async () => {
    const bcd = new Set(idsWhere((p) => modelKey(p.model).startsWith('bcd4')));
    expect(bcd.size).toBeGreaterThan(0);
    expect(await allIds('BCD-4')).toEqual(bcd);
    expect(await allIds('bcd4')).toEqual(bcd);
    const kfr = new Set(idsWhere((p) => modelKey(p.model).startsWith('kfr35')));
    expect(kfr.size).toBeGreaterThan(0);
    expect(await allIds('KFR-35')).toEqual(kfr);

    const result = await search(exact.model);
    expect(result.items[0]?.id).toBe(exact.id);
    expect(result.items.map((p) => p.id)).toContain(longer.id);
    expect((await search(exact.model.toLowerCase().replaceAll('-', ''))).items[0]?.id).toBe(exact.id);
  });

  it('ANDs mixed terms: Chinese with initials, pinyin with digits, words typed without spaces', async () => {
    const haierFridges = new Set(idsWhere((p) => p.brandId === 'haier' && p.categoryId === 'refrigerators'));
    expect(await allIds('海尔 冰箱')).toEqual(haierFridges);
    expect(await allIds('海尔冰箱')).toEqual(haierFridges);
    expect(await allIds('haier bingxiang')).toEqual(haierFridges);
    expect(await allIds('haierbingxiang')).toEqual(haierFridges);
    const mixed = await allIds('海尔 bx');
    for (const id of haierFridges) expect(mixed.has(id)).toBe(true);
    for (const id of mixed) expect(dataset.products.find((p) => p.id === id)?.brandId).toBe('haier');

    const withCapacity = await allIds('haier 4');
    expect(withCapacity.size).toBeGreaterThan(0);
    for (const id of withCapacity) expect(dataset.products.find((p) => p.id === id)?.brandId).toBe('haier');
    // A Chinese word inside a longer one, in characters and in pinyin; door-style options
    // (对开门, 十字对开门) count even when the name does not say it.
    const sideBySide = idsWhere((p) => p.name.zh.includes('对开门') || ['side-by-side', 'cross'].includes(String(p.specs.doorType)));
    expect(sideBySide.length).toBeGreaterThan(0);
    expect(await allIds('对开门')).toEqual(new Set(sideBySide));
    expect(await allIds('duikaimen')).toEqual(new Set(sideBySide));
  });

  it('restricts text search to the category asked for', async () => {
    const found = await allIds('haier', { categoryId: 'washing-machines' });
    expect(found).toEqual(new Set(idsWhere((p) => p.brandId === 'haier' && p.categoryId === 'washing-machines')));
  });

  it('never fails on hostile input; punctuation-only and garbage input find nothing', async () => {
    const hostile = ['"', '""', "'", '*', '-', '-haier', 'haier*', 'AND', 'OR', 'NOT', 'NEAR(', 'NEAR(a b, 2)', 'model:bcd', '{model}: x', '^x', '(', ')', '+', '😀', '🧊冰箱', '\\', '%_', "'; DROP TABLE products; --", 'x'.repeat(64), '〇々⺀', 'ǅ', '\u0000', '  ', 'ｂｃｄ－４'];
    for (const text of hostile) {
      const result = await core.dispatch('queryProducts', { text }, SHOPPER);
      expect(result.ok, JSON.stringify(text)).toBe(true);
    }
    for (const text of ['"', '*', '-', '😀', '(', 'x'.repeat(64)]) expect((await search(text)).total, text).toBe(0);
    expect((await search('🧊冰箱')).total).toBe((await search('冰箱')).total);
    expect((await search('-haier')).total).toBe((await search('haier')).total);
    expect((await search('ｂｃｄ－４')).total).toBe((await search('bcd-4')).total);
  });

  it('suggests corrected queries that find something when the text finds nothing', async () => {
    const cases: [string, string][] = [
      ['bingxaing', 'bingxiang'],
      ['hiaer', 'haier'],
      ['refrigirator', 'refrigerator'],
      ['冰相', '冰箱'],
      ['haier bingxaing', 'haier bingxiang'],
    ];
    for (const [typo, fix] of cases) {
      const result = await search(typo);
      expect(result.total, typo).toBe(0);
      expect(result.didYouMean, typo).toContain(fix);
      expect(result.didYouMean.length).toBeLessThanOrEqual(3);
      for (const suggestion of result.didYouMean) expect((await search(suggestion)).total, suggestion).toBeGreaterThan(0);
    }
    expect((await search('haier')).didYouMean).toEqual([]);
    expect((await search('zzzzzzzzzzzzzzz')).didYouMean).toEqual([]);
    // Suggestions respect the category: no Haier TVs, so no "haier" there.
    expect((await search('hiaer', { categoryId: 'televisions' })).didYouMean).not.toContain('haier');
  });
});

describe('query text', () => {
  const noSegmentation = (run: string) => [run];
  it('splits scripts and drops punctuation inside words', () => {
    expect(parseQuery('海尔BCD-470 bx', noSegmentation)).toEqual([
      { kind: 'han', text: '海尔' },
      { kind: 'prefix', text: 'bcd470' },
      { kind: 'prefix', text: 'bx' },
    ]);
    expect(parseQuery('"*-:()', noSegmentation)).toEqual([]);
  });

  it('measures edit distance with transpositions and a cut-off', () => {
    expect(editDistance('hiaer', 'haier', 2)).toBe(1);
    expect(editDistance('bingxaing', 'bingxiang', 2)).toBe(1);
    expect(editDistance('refrigirator', 'refrigerator', 2)).toBe(1);
    expect(editDistance('冰相', '冰箱', 1)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('abc', 'xyzuvw', 2)).toBe(3);
    expect(editDistance('', 'ab', 2)).toBe(2);
  });
});
