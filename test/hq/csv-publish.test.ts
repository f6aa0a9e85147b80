import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDataset, PricesDataset } from '../../electron/contract/catalog.ts';
import type { HqError } from '../../electron/contract/sync.ts';
import { publish } from '../../hq/publish.ts';
import { startTestHq, type TestHq } from './harness.ts';

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq();
});
afterAll(() => hq?.close());

const CATALOG = readFileSync(join(import.meta.dirname, '../../resources/demo-store/catalog.json'), 'utf8');
const demo = JSON.parse(CATALOG) as CatalogDataset;
const [P1, P2] = demo.products;
const admin = (body: unknown) =>
  fetch(new URL('v1/admin/publications', hq.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const publicationCount = async () => Number((await hq.db.query<{ n: string | number }>('SELECT count(*) AS n FROM publications'))[0]!.n);
const storedBody = async (version: number) => (await hq.db.query<{ body: string }>('SELECT body FROM publications WHERE id = $1', [version]))[0]!.body;
const csvPublish = (dataset: 'prices' | 'catalog' | 'stock', body: string, scope = 'all', datasetVersion?: string) =>
  publish(hq.db, hq.keys, { dataset, body, format: 'csv', scope, datasetVersion, by: 'test' }, Date.parse('2026-12-01T02:00:00Z'));

describe('publishing prices as CSV', () => {
  it('turns a yuan price list into exact fen over the admin API (format csv), signed like any publication', async () => {
    const csv = `productId,price,listPrice\r\n${P1!.id},2999.00,3299.9\r\n${P2!.id},0.29,\r\n`;
    const answer = await admin({ dataset: 'prices', format: 'csv', body: csv, scope: 'S201', datasetVersion: 'store-201-prices-1' });
    expect(answer.status, await answer.clone().text()).toBe(200);
    const { version } = (await answer.json()) as { version: number };
    expect(JSON.parse(await storedBody(version))).toEqual({
      dataset: 'prices',
      version: 'store-201-prices-1',
      prices: [
        { productId: P1!.id, priceFen: 299900, listPriceFen: 329990 },
        { productId: P2!.id, priceFen: 29 },
      ],
    } satisfies PricesDataset);
  });

  it('takes integer fen columns too, and names the version after the moment of publishing by default', async () => {
    const outcome = await csvPublish('prices', `productId,priceFen\n${P1!.id},259900\n`);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(JSON.parse(await storedBody(outcome.version))).toMatchObject({ version: 'prices-csv-2026-12-01T02:00:00.000Z', prices: [{ productId: P1!.id, priceFen: 259900 }] });
  });

  it('refuses a bad file naming row and column, and publishes nothing', async () => {
    const before = await publicationCount();
    const cases: [string, RegExp][] = [
      [`productId,prise\n${P1!.id},1\n`, /row 1, column prise: wrong header: unknown column "prise"/],
      [`priceFen\n1\n`, /row 1, column productId: wrong header: this column is missing/],
      [`productId,priceFen,price\n${P1!.id},1,1\n`, /row 1: wrong header: use either priceFen\/listPriceFen \(fen\) or price\/listPrice \(yuan\)/],
      [`productId,price\n${P1!.id},29.99\n${P2!.id},abc\n`, /row 3, column price: "abc" is not an amount of yuan/],
      [`productId,price\n${P1!.id},29.999\n`, /row 2, column price: "29.999" is not an amount of yuan with at most two decimals/],
      [`productId,priceFen\n${P1!.id},12.5\n`, /row 2, column priceFen: "12.5" is not a whole number of fen/],
      [`productId,priceFen\n${P1!.id},100\n${P1!.id},200\n`, /row 3, column productId: duplicate: .* is already priced in row 2/],
      [`productId,priceFen,listPriceFen\n${P1!.id},200,100\n`, /row 2, column listPriceFen: the list price is below the price/],
      [`productId,priceFen\nnot-an-id,100\n`, /row 2, column productId: "not-an-id" is not a product id/],
      [`productId,priceFen\n${P1!.id},"100\n`, /row 2: a quoted field is never closed/],
      [`productId,priceFen\n${P1!.id},100,7\n`, /row 2: 3 fields, the header has 2/],
      [`productId,priceFen\n`, /no rows after the header/],
    ];
    for (const [csv, message] of cases) {
      const outcome = await csvPublish('prices', csv);
      expect(outcome.ok, csv).toBe(false);
      if (!outcome.ok) expect(outcome.message, csv).toMatch(message);
    }
    const overHttp = await admin({ dataset: 'prices', format: 'csv', body: `productId,priceFen\n${P1!.id},x\n` });
    expect(overHttp.status).toBe(400);
    expect(((await overHttp.json()) as HqError).error.message).toMatch(/row 2, column priceFen/);
    expect(await csvPublish('stock', `productId,quantity\n${P1!.id},1\n`)).toMatchObject({ ok: false, message: expect.stringMatching(/CSV is for catalog and prices only/) });
    expect(await publicationCount()).toBe(before);
  });

  it('checks prices, stock and promotions JSON against the kiosk’s schemas, not only the envelope', async () => {
    const before = await publicationCount();
    const bad = [
      ['prices', { dataset: 'prices', version: 'x', prices: [{ productId: P1!.id, priceFen: -1 }] }],
      ['stock', { dataset: 'stock', version: 'x', stock: [{ productId: P1!.id }] }],
      ['promotions', { dataset: 'promotions', version: 'x', promotions: [{ id: 'p' }] }],
    ] as const;
    for (const [dataset, body] of bad) {
      const outcome = await publish(hq.db, hq.keys, { dataset, body: JSON.stringify(body), scope: 'all', by: 'test' }, Date.now());
      expect(outcome.ok, dataset).toBe(false);
    }
    expect(await publicationCount()).toBe(before);
    const stock = await publish(hq.db, hq.keys, { dataset: 'stock', body: JSON.stringify({ dataset: 'stock', version: 's1', stock: [{ productId: P1!.id, quantity: 4 }] }), scope: 'all', by: 'test' }, Date.now());
    expect(stock.ok).toBe(true);
  });
});

describe('publishing the catalog as CSV', () => {
  const header = 'id,sku,model,categoryId,brandId,nameZh,nameEn,price,listPrice,art,releasedOn,stock,energyGrade,popularity,specs,highlights';
  const row = (p: CatalogDataset['products'][number], o: Partial<Record<string, string>> = {}) =>
    [
      o.id ?? p.id,
      o.sku ?? p.sku,
      p.model,
      o.categoryId ?? p.categoryId,
      p.brandId,
      `"${p.name.zh}"`,
      `"${p.name.en.replaceAll('"', '""')}"`,
      o.price ?? (p.priceFen / 100).toFixed(2),
      (p.listPriceFen / 100).toFixed(2),
      p.art,
      p.releasedOn,
      String(p.stock),
      p.energyGrade === null ? '' : String(p.energyGrade),
      String(p.popularity),
      `"${JSON.stringify(p.specs).replaceAll('"', '""')}"`,
      `"${JSON.stringify(p.highlights).replaceAll('"', '""')}"`,
    ].join(',');

  it('refuses a catalog CSV while HQ has no catalog for those stores to take categories and brands from', async () => {
    expect(await csvPublish('catalog', `${header}\n${row(P1!)}\n`, 'S299')).toMatchObject({ ok: false, message: expect.stringMatching(/publish a catalog JSON file first/) });
  });

  it('replaces the products of the latest published catalog with the rows; store, categories, brands and promotions stay', async () => {
    await hq.publish('catalog', CATALOG, { scope: 'S202' });
    const outcome = await csvPublish('catalog', `${header}\r\n${row(P1!)}\r\n${row(P2!, { price: '1234.50' })}\r\n`, 'S202', 'catalog-202-1');
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    if (!outcome.ok) return;
    const published = JSON.parse(await storedBody(outcome.version)) as CatalogDataset;
    expect(published.version).toBe('catalog-202-1');
    expect(published.products).toEqual([P1, { ...P2, priceFen: 123450 }]);
    expect({ ...published, products: [], version: '' }).toEqual({ ...demo, products: [], version: '' });
  });

  it('names row and column for an unknown category, a non-numeric price, a duplicate id or sku, a wrong header; publishes nothing', async () => {
    await hq.publish('catalog', CATALOG, { scope: 'S203' });
    const before = await publicationCount();
    const cases: [string, RegExp][] = [
      [`${header}\n${row(P1!)}\n${row(P2!, { categoryId: 'spaceships' })}\n`, /row 3, column categoryId: unknown category "spaceships"/],
      [`${header}\n${row(P1!, { price: 'twelve' })}\n`, /row 2, column price: "twelve" is not an amount of yuan/],
      [`${header}\n${row(P1!)}\n${row(P2!, { id: P1!.id })}\n`, /row 3, column id: duplicate: product .* is already in row 2/],
      [`${header}\n${row(P1!)}\n${row(P2!, { sku: P1!.sku })}\n`, /row 3, column sku: duplicate: sku .* is already in row 2/],
      [`${header.replace('nameEn', 'englishName')}\n${row(P1!)}\n`, /row 1, column englishName: wrong header.*row 1, column nameEn: wrong header: this column is missing/],
      [`${header}\n${row(P1!, { id: 'abc' })}\n`, /row 2, column id: /],
      [`${header}\n${row(P1!, { price: '999999' })}\n`, /row 2, column listPrice: the list price is below the price/],
    ];
    for (const [csv, message] of cases) {
      const outcome = await csvPublish('catalog', csv, 'S203');
      expect(outcome.ok, csv.slice(0, 200)).toBe(false);
      if (!outcome.ok) expect(outcome.message).toMatch(message);
    }
    expect(await publicationCount()).toBe(before);
  });
});
