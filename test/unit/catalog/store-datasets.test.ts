import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import type { CatalogDataset, PricesDataset, PromotionsDataset, StockDataset } from '../../../electron/contract/catalog.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import type { PullResponse } from '../../../electron/contract/sync.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { RESOURCES, startCore } from '../../helpers/core.ts';
import { enrolled, hqKeys, publish } from '../../helpers/sync.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
/** 10:00 Beijing time on a day the demo promotions run (a 10% fridge promotion among them). */
const T0 = Date.parse('2026-11-22T10:00:00+08:00');
const HOUR = 3_600_000;
const CATALOG = JSON.parse(readFileSync(join(RESOURCES, 'demo-store', 'catalog.json'), 'utf8')) as CatalogDataset;
/** A fridge (a promotion takes 10% off Haier fridges; others may have none) and an air conditioner. */
const FRIDGE = CATALOG.products.find((p) => p.categoryId === 'refrigerators')!;
const AC = CATALOG.products.find((p) => p.categoryId === 'air-conditioners')!;

type Channel = 'queryProducts' | 'getProduct' | 'quoteCart' | 'financeOffers' | 'compareProducts' | 'listCategories' | 'listPromotions';
async function data<C extends Channel>(core: KioskCore, channel: C, input: unknown): Promise<ChannelResponse<C>> {
  const result = (await core.dispatch(channel, input, SHOPPER)) as ApiResult<ChannelResponse<C>>;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const prices = (version: string, list: PricesDataset['prices']) => JSON.stringify({ dataset: 'prices', version, prices: list } satisfies PricesDataset);
const stock = (version: string, list: StockDataset['stock']) => JSON.stringify({ dataset: 'stock', version, stock: list } satisfies StockDataset);
const response = (publications: PullResponse['publications']): PullResponse => ({ publications, current: {}, messages: [], serverTime: T0 });

async function kiosk(dir = tempDir(), clock = { at: T0 }) {
  const k = startCore(dir, { now: () => clock.at });
  const hq = await hqKeys();
  enrolled(k, { at: T0, hqPublicKey: hq.publicKey });
  return { k, hq, clock, dir };
}

/** What every surface says one unit of the product costs: card, page, compare, cart, plans panel. */
async function surfaces(k: KioskCore, product: { id: string; categoryId: string }) {
  const card = (await data(k, 'queryProducts', { categoryId: product.categoryId, limit: 100 })).items.find((c) => c.id === product.id)!;
  const page = (await data(k, 'getProduct', { id: product.id })).product;
  const other = product.id === AC.id ? FRIDGE.id : AC.id;
  const compared = (await data(k, 'compareProducts', { ids: [product.id, other] })).products[0]!;
  const cart = await data(k, 'quoteCart', { items: [{ productId: product.id, quantity: 1 }] });
  const offers = await data(k, 'financeOffers', { productId: product.id });
  return { price: card.priceFen, card: card.dealPriceFen, page: page.dealPriceFen, compare: compared.dealPriceFen, cart: cart.totalFen, finance: offers.amountFen };
}
const agreeing = (deal: number, price: number) => ({ price, card: deal, page: deal, compare: deal, cart: deal, finance: deal });

describe('prices dataset', () => {
  it('applies a price list in effect now: listed products take its price, omitted ones keep the catalog’s, cursor saved', async () => {
    const { k, hq } = await kiosk();
    const before = await surfaces(k, FRIDGE);
    const body = prices('store-prices-1', [{ productId: AC.id, priceFen: AC.priceFen - 10_000 }]);
    expect(await k.sync.puller.handle(response([await publish(hq, 'prices', 5, body, { effectiveAt: T0 - HOUR })]))).toMatchObject({ applied: 1, refused: 0 });
    expect(k.sync.store.cursor('prices')).toMatchObject({ version: 5, effectiveAt: T0 - HOUR });
    const ac = await surfaces(k, AC);
    expect(ac.price).toBe(AC.priceFen - 10_000);
    expect(ac).toEqual(agreeing(ac.card, AC.priceFen - 10_000));
    expect(await surfaces(k, FRIDGE)).toEqual(before);
    k.close();
  });

  it('a price dated for later switches at its moment with the kiosk offline, across a restart, on every surface at once', async () => {
    const { k, hq, clock, dir } = await kiosk();
    const before = await surfaces(k, FRIDGE);
    const newPrice = FRIDGE.priceFen - 50_000;
    const body = prices('store-prices-2', [{ productId: FRIDGE.id, priceFen: newPrice, listPriceFen: FRIDGE.listPriceFen }]);
    const at = T0 + 2 * HOUR;
    expect(await k.sync.puller.handle(response([await publish(hq, 'prices', 6, body, { effectiveAt: at })]))).toMatchObject({ applied: 1 });
    // Stored, not in effect yet: nothing shown changes.
    expect(await surfaces(k, FRIDGE)).toEqual(before);
    k.close();

    // Restarted before the moment, and no HQ from here on (nothing pulls).
    clock.at = at - 1;
    const again = startCore(dir, { now: () => clock.at });
    const updates: string[] = [];
    again.events.on('catalog.updated', ({ version }) => updates.push(version));
    expect(await surfaces(again, FRIDGE)).toEqual(before);
    clock.at = at;
    const after = await surfaces(again, FRIDGE);
    expect(after.price).toBe(newPrice);
    expect(after).toEqual(agreeing(after.card, newPrice));
    expect(after.card).toBeLessThan(before.card);
    // The same promotions apply to the new price: the deal price moved by the promotion's share of it.
    expect(before.card - after.card).toBeGreaterThan(0);
    expect(updates).toEqual(['store-prices-2']);
    // The category's "from" price follows too.
    const category = (await data(again, 'listCategories', {})).categories.find((c) => c.id === FRIDGE.categoryId)!;
    expect(category.fromPriceFen).toBeLessThanOrEqual(newPrice);
    again.close();
  });

  it('a newer list replaces what was scheduled from its own moment on; an earlier-dated one still takes its turn', async () => {
    const { k, hq, clock } = await kiosk();
    const list = (price: number) => [{ productId: AC.id, priceFen: price }];
    await k.sync.puller.handle(response([await publish(hq, 'prices', 7, prices('p7', list(100_000)), { effectiveAt: T0 + HOUR })]));
    await k.sync.puller.handle(response([await publish(hq, 'prices', 8, prices('p8', list(90_000)), { effectiveAt: T0 + 3 * HOUR })]));
    // v9 corrects v8 (same moment): v8 never takes effect.
    await k.sync.puller.handle(response([await publish(hq, 'prices', 9, prices('p9', list(95_000)), { effectiveAt: T0 + 3 * HOUR })]));
    const price = async () => (await surfaces(k, AC)).price;
    expect(await price()).toBe(AC.priceFen);
    clock.at = T0 + HOUR;
    expect(await price()).toBe(100_000);
    clock.at = T0 + 3 * HOUR;
    expect(await price()).toBe(95_000);
    k.close();
  });

  it('the same list dated for another moment is new content: moved earlier, it takes effect now', async () => {
    const { k, hq } = await kiosk();
    const body = prices('p', [{ productId: AC.id, priceFen: 123_400 }]);
    await k.sync.puller.handle(response([await publish(hq, 'prices', 3, body, { effectiveAt: T0 + 24 * HOUR })]));
    expect((await surfaces(k, AC)).price).toBe(AC.priceFen);
    expect(await k.sync.puller.handle(response([await publish(hq, 'prices', 4, body, { effectiveAt: T0 })]))).toMatchObject({ applied: 1 });
    expect((await surfaces(k, AC)).price).toBe(123_400);
    k.close();
  });

  it('a catalog published after the price list keeps the store prices over its own; a later list omitting a product returns it to the catalog price', async () => {
    const { k, hq } = await kiosk();
    await k.sync.puller.handle(response([await publish(hq, 'prices', 3, prices('p3', [{ productId: AC.id, priceFen: 111_100 }]))]));
    const catalog = { ...CATALOG, version: 'catalog-2', products: CATALOG.products.map((p) => (p.id === AC.id ? { ...p, priceFen: 200_000, listPriceFen: 400_000 } : p)) };
    expect(await k.sync.puller.handle(response([await publish(hq, 'catalog', 4, JSON.stringify(catalog))]))).toMatchObject({ applied: 1 });
    expect((await data(k, 'getProduct', { id: AC.id })).product).toMatchObject({ priceFen: 111_100, listPriceFen: 400_000 });
    await k.sync.puller.handle(response([await publish(hq, 'prices', 5, prices('p5', []))]));
    expect((await data(k, 'getProduct', { id: AC.id })).product).toMatchObject({ priceFen: 200_000, listPriceFen: 400_000 });
    k.close();
  });

  it('refuses a replayed older price list and one that is not a valid list; what is in effect stays', async () => {
    const { k, hq } = await kiosk();
    await k.sync.puller.handle(response([await publish(hq, 'prices', 5, prices('p5', [{ productId: AC.id, priceFen: 150_000 }]))]));
    const replay = await publish(hq, 'prices', 4, prices('p4', [{ productId: AC.id, priceFen: 1 }]));
    const bad = await publish(hq, 'prices', 6, prices('p6', [{ productId: AC.id, priceFen: 150_000 }, { productId: AC.id, priceFen: 140_000 }]));
    expect(await k.sync.puller.handle(response([replay, bad]))).toMatchObject({ applied: 0, refused: 2 });
    expect(pendingOutbox(k.db, 100).filter((m) => m.topic === 'sync.publication_refused').map((m) => m.payload)).toMatchObject([
      { dataset: 'prices', version: 4, reason: 'NOT_NEWER' },
      { dataset: 'prices', version: 6, reason: 'BODY_INVALID' },
    ]);
    expect((await surfaces(k, AC)).price).toBe(150_000);
    expect(k.sync.store.cursor('prices')?.version).toBe(5);
    k.close();
  });
});

describe('stock dataset', () => {
  it('shows the new quantities at once (cards, page, in-stock filter); omitted products keep theirs, unknown ones are ignored', async () => {
    const { k, hq } = await kiosk();
    const inStock = async () => (await data(k, 'queryProducts', { categoryId: AC.categoryId, filters: { inStock: ['true'] }, limit: 100 })).total;
    const fridgeBefore = (await data(k, 'getProduct', { id: FRIDGE.id })).product.stock;
    const countBefore = await inStock();
    const body = stock('stock-1', [
      { productId: AC.id, quantity: AC.stock === 0 ? 7 : 0 },
      { productId: '01900000-0000-7000-8000-000000000000', quantity: 5 },
    ]);
    expect(await k.sync.puller.handle(response([await publish(hq, 'stock', 3, body)]))).toMatchObject({ applied: 1 });
    expect((await data(k, 'getProduct', { id: AC.id })).product.stock).toBe(AC.stock === 0 ? 7 : 0);
    expect((await data(k, 'getProduct', { id: FRIDGE.id })).product.stock).toBe(fridgeBefore);
    expect(await inStock()).toBe(countBefore + (AC.stock === 0 ? 1 : -1));
    // A catalog published later no longer overrides the stock HQ counts on its own.
    await k.sync.puller.handle(response([await publish(hq, 'catalog', 4, JSON.stringify({ ...CATALOG, version: 'catalog-2' }))]));
    expect((await data(k, 'getProduct', { id: AC.id })).product.stock).toBe(AC.stock === 0 ? 7 : 0);
    k.close();
  });
});

describe('promotions dataset', () => {
  it('replaces the catalog’s promotions at its moment; each keeps its own date window; a later catalog does not bring the old ones back', async () => {
    const { k, hq, clock } = await kiosk();
    const fridgeDeal = async () => (await surfaces(k, FRIDGE)).card;
    const withCatalogPromotions = await fridgeDeal();
    const promotions: PromotionsDataset['promotions'] = [
      {
        id: 'fridge-20-off',
        kind: 'percent',
        title: { zh: '冰箱八折', en: 'Fridges 20% off' },
        description: { zh: '冰箱八折', en: 'Fridges 20% off' },
        art: 'promo-fridge',
        categoryIds: ['refrigerators'],
        brandIds: [],
        repeat: false,
        percent: 20,
        startsOn: '2026-11-22',
        endsOn: '2026-11-23',
        priority: 0,
      },
    ];
    const body = JSON.stringify({ dataset: 'promotions', version: 'promos-1', promotions } satisfies PromotionsDataset);
    await k.sync.puller.handle(response([await publish(hq, 'promotions', 3, body, { effectiveAt: T0 + HOUR })]));
    expect(await fridgeDeal()).toBe(withCatalogPromotions);
    clock.at = T0 + HOUR;
    expect((await data(k, 'listPromotions', {})).promotions.map((p) => p.id)).toEqual(['fridge-20-off']);
    const s = await surfaces(k, FRIDGE);
    expect(s).toEqual(agreeing(FRIDGE.priceFen - Math.floor((FRIDGE.priceFen * 20) / 100), FRIDGE.priceFen));
    await k.sync.puller.handle(response([await publish(hq, 'catalog', 4, JSON.stringify({ ...CATALOG, version: 'catalog-2' }))]));
    expect((await data(k, 'listPromotions', {})).promotions.map((p) => p.id)).toEqual(['fridge-20-off']);
    // Past its own end date, it no longer applies.
    clock.at = Date.parse('2026-11-24T10:00:00+08:00');
    expect((await surfaces(k, FRIDGE)).card).toBe(FRIDGE.priceFen);
    k.close();
  });
});
