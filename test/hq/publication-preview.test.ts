import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDataset } from '../../electron/contract/catalog.ts';
import { startTestHq, type TestHq } from './harness.ts';

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq();
});
afterAll(() => hq?.close());

const demo = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/demo-store/catalog.json'), 'utf8')) as CatalogDataset;
const [P1, P2, P3] = demo.products;

async function admin(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, hq.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const publicationCount = async () => Number((await hq.db.query<{ n: string | number }>('SELECT count(*) AS n FROM publications'))[0]!.n);

describe('publication preview: every row problem, then the diff against what the stores have', () => {
  it('lists each bad row of a price list and publishes nothing; a good one shows what changes', async () => {
    const prices = { dataset: 'prices', version: 'p-1', prices: [P1, P2, P3].map((p) => ({ productId: p!.id, priceFen: p!.priceFen })) };
    expect((await admin('v1/admin/publications', { dataset: 'prices', body: JSON.stringify(prices), scope: 'S001' })).status).toBe(200);
    const before = await publicationCount();

    const bad = `productId,price\n${P1!.id},abc\nnot-an-id,100\n${P2!.id},99.999\n${P3!.id},1200\n`;
    const preview = await admin('v1/admin/publications/preview', { dataset: 'prices', format: 'csv', body: bad, scope: 'S001' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      valid: false,
      problems: [
        { row: 2, column: 'price', message: expect.stringContaining('"abc"') },
        { row: 3, column: 'productId', message: expect.stringContaining('not a product id') },
        { row: 4, column: 'price', message: expect.stringContaining('"99.999"') },
      ],
    });
    // Publishing it is refused with the same rows, and nothing is stored.
    const refused = await admin('v1/admin/publications', { dataset: 'prices', format: 'csv', body: bad, scope: 'S001' });
    expect(refused.status).toBe(400);
    expect((refused.body.error as { problems: unknown[] }).problems).toHaveLength(3);
    expect(await publicationCount()).toBe(before);

    // A good list: P1 cheaper, P2 as before, P3 dropped, and a product the stores had no price for.
    const P4 = demo.products[3]!;
    const good = `productId,priceFen\n${P1!.id},${P1!.priceFen - 10000}\n${P2!.id},${P2!.priceFen}\n${P4.id},${P4.priceFen}\n`;
    const diff = await admin('v1/admin/publications/preview', { dataset: 'prices', format: 'csv', body: good, scope: 'S001' });
    expect(diff.body).toMatchObject({ valid: true, diff: { added: 1, removed: 1, changed: 1, unchanged: 1 } });
    expect((diff.body.diff as { examples: unknown[] }).examples).toEqual(
      expect.arrayContaining([
        { key: P1!.id, change: 'changed', fields: ['priceFen'] },
        { key: P3!.id, change: 'removed' },
        { key: P4.id, change: 'added' },
      ]),
    );
    expect(await publicationCount()).toBe(before);
  });

  it('names the item and field of a bad JSON file, and compares a store against the chain-wide publication too', async () => {
    const catalog = structuredClone(demo);
    catalog.products[1]!.priceFen = -5;
    const preview = await admin('v1/admin/publications/preview', { dataset: 'catalog', body: JSON.stringify(catalog), scope: 'all' });
    expect(preview.body).toMatchObject({ valid: false, problems: [{ row: 2, column: 'priceFen' }] });

    expect((await admin('v1/admin/publications', { dataset: 'catalog', body: JSON.stringify(demo), scope: 'all' })).status).toBe(200);
    const renamed = structuredClone(demo);
    renamed.version = `${demo.version}-2`;
    renamed.products[0]!.name = { ...renamed.products[0]!.name, en: 'Renamed fridge' };
    const diff = await admin('v1/admin/publications/preview', { dataset: 'catalog', body: JSON.stringify(renamed), scope: 'S002' });
    expect(diff.body).toMatchObject({ valid: true, diff: { added: 0, removed: 0, changed: 1, unchanged: demo.products.length - 1, examples: [{ key: demo.products[0]!.id, change: 'changed', fields: ['name'] }] } });
  });
});
