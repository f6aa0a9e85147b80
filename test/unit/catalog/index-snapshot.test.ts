import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';
import { CatalogIndex } from '../../../electron/core/catalog/catalog-index.ts';
import { IndexSnapshot } from '../../../electron/core/catalog/index-snapshot.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { generateCatalog } from '../../../tools/catalog-generator.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();

async function query(core: KioskCore, input: Record<string, unknown>): Promise<ChannelResponse<'queryProducts'>> {
  const result = await core.dispatch('queryProducts', input, SHOPPER);
  if (!result.ok) throw new Error(result.error.message);
  return result.data as ChannelResponse<'queryProducts'>;
}

/** What a shopper would see for a few searches and a browse: the same from a snapshot as from a build. */
async function answers(core: KioskCore): Promise<unknown[]> {
  return Promise.all([
    query(core, { text: 'bx' }),
    query(core, { text: 'haier 470' }),
    query(core, { text: 'bingxaing' }),
    query(core, { categoryId: 'refrigerators', sort: 'price_asc', offset: 24 }),
    core.dispatch('listCategories', {}, SHOPPER),
  ]);
}

const waitForFile = async (file: string) => {
  for (let i = 0; i < 500 && !existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(existsSync(file)).toBe(true);
};

describe('catalog index snapshot', () => {
  it('a restart answers from the snapshot exactly as from a fresh build', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(generateCatalog({ products: 1200, seed: 11 })));
    const first = startCore(join(dir, 'data'), { seedFiles: { catalog: file } });
    const built = await answers(first);
    await waitForFile(join(dir, 'data', 'cache', 'catalog-index.bin'));
    first.close();
    // Search documents gone behind the kiosk's back: only the snapshot can still answer searches.
    const db = new Database(join(dir, 'data', 'kiosk.db'));
    db.exec('DELETE FROM product_search');
    db.close();

    const again = startCore(join(dir, 'data'), { seedFiles: { catalog: file } });
    expect(await answers(again)).toEqual(built);
    again.close();
  });

  it('is written as the kiosk closes when it closes before the snapshot was due', async () => {
    const dir = tempDir();
    const core = startCore(join(dir, 'data'));
    await query(core, { categoryId: 'refrigerators' });
    const file = join(dir, 'data', 'cache', 'catalog-index.bin');
    expect(existsSync(file)).toBe(false);
    core.close();
    expect(existsSync(file)).toBe(true);
  });

  it('is not used for another catalog version, and a damaged file is ignored', async () => {
    const dir = tempDir();
    const core = startCore(join(dir, 'data'));
    const index = CatalogIndex.build(core.db);
    const snapshot = new IndexSnapshot(join(dir, 'index.bin'));
    const rebuild = () => index.searchPartsNow;
    snapshot.save('20 v1', index);
    expect(snapshot.load('20 v1', rebuild)?.size).toBe(index.size);
    expect(snapshot.load('20 v2', rebuild)).toBeUndefined();
    expect(snapshot.load('21 v1', rebuild)).toBeUndefined();
    writeFileSync(join(dir, 'index.bin'), Buffer.from([8, 0, 0, 0, 1, 2, 3]));
    expect(snapshot.load('20 v1', rebuild)).toBeUndefined();
    core.close();
  });

  it('reads the search part when a search needs it, and rebuilds it when that part is damaged', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(generateCatalog({ products: 800, seed: 13 })));
    const core = startCore(join(dir, 'data'), { seedFiles: { catalog: file } });
    const built = CatalogIndex.build(core.db);
    const snapshot = new IndexSnapshot(join(dir, 'index.bin'));
    snapshot.save('20 v1', built);
    const search = (index: CatalogIndex) => [...index.text.match([{ kind: 'prefix', text: 'bx' }], false).slots, ...index.slotsWithModel('bx')];
    let rebuilt = 0;
    const rebuild = () => {
      rebuilt++;
      return CatalogIndex.build(core.db).searchPartsNow;
    };

    const whole = snapshot.load('20 v1', rebuild);
    expect(whole && search(whole)).toEqual(search(built));
    expect(rebuilt).toBe(0);

    // Cut into the search part (the end of the file): browsing still starts from the snapshot.
    const bytes = readFileSync(join(dir, 'index.bin'));
    writeFileSync(join(dir, 'index.bin'), bytes.subarray(0, bytes.length - 1000));
    const cut = snapshot.load('20 v1', rebuild);
    expect(cut?.size).toBe(built.size);
    expect(rebuilt).toBe(0);
    expect(cut && search(cut)).toEqual(search(built));
    expect(rebuilt).toBe(1);
    core.close();
  });

  it('a new catalog is searched as itself, not through the snapshot of the one before', async () => {
    const dir = tempDir();
    const catalog = generateCatalog({ products: 600, seed: 12 });
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(catalog));
    const core = startCore(join(dir, 'data'), { seedFiles: { catalog: file } });
    expect((await query(core, { text: 'zqxj' })).total).toBe(0);
    await waitForFile(join(dir, 'data', 'cache', 'catalog-index.bin'));
    core.close();

    const [first] = catalog.products;
    if (!first) throw new Error('empty catalog');
    const next = { ...catalog, version: 'next', products: [{ ...first, model: 'ZQXJ-1' }, ...catalog.products.slice(1)] };
    writeFileSync(join(dir, 'next.json'), JSON.stringify(next));
    const restarted = startCore(join(dir, 'data'));
    expect(restarted.datasets.applyFile('catalog', join(dir, 'next.json'))).toMatchObject({ ok: true, applied: true });
    expect((await query(restarted, { text: 'zqxj' })).items.map((p) => p.id)).toEqual([first.id]);
    restarted.close();
    const third = startCore(join(dir, 'data'));
    expect((await query(third, { text: 'zqxj' })).items.map((p) => p.id)).toEqual([first.id]);
    third.close();
  });
});
