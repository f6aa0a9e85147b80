import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import type { ApiResult } from '../../../electron/contract/errors.ts';
import { FinanceDataset } from '../../../electron/contract/finance.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { annualRate, schedule } from '../../../electron/domain/installments.ts';
import { RESOURCES, startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';

const tempDir = tempDirs();
const SEED_FILE = join(RESOURCES, 'finance', 'finance.json');
const seedJson = () => JSON.parse(readFileSync(SEED_FILE, 'utf8')) as Record<string, unknown> & { products: Record<string, unknown>[] };
/** 10:00 on the demo store date, Beijing time. */
const STORE_MORNING = Date.parse('2026-11-22T10:00:00+08:00');

type Offers = ChannelResponse<'financeOffers'>;
const count = (core: KioskCore, sql: string) => core.db.prepare(sql).pluck().get() as number;

async function call<T>(core: KioskCore, channel: string, input: unknown): Promise<T> {
  const result = (await core.dispatch(channel, input, SHOPPER)) as ApiResult<T>;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

describe('finance dataset schema', () => {
  const product = (patch: Record<string, unknown>) => {
    const seed = seedJson();
    return { ...seed, products: [{ ...seed.products[0], ...patch }, ...seed.products.slice(1)] };
  };
  const issue = (data: unknown) => {
    const parsed = FinanceDataset.safeParse(data);
    return parsed.success ? 'valid' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };

  it('accepts the seed, with the default cap and routing order', () => {
    const { aprCap, routing, ...rest } = seedJson();
    void aprCap;
    void routing;
    const parsed = FinanceDataset.parse(rest);
    expect(parsed.aprCap).toBe(0.24);
    expect(parsed.routing.order).toEqual(['customer_cost', 'subsidy_left', 'quota_left', 'priority']);
  });

  it('refuses rates out of (0, 0.1), duplicate terms, unknown lenders, bad amounts and mixed-up kinds', () => {
    expect(issue(product({ terms: [{ months: 12, monthlyRate: 0.1 }] }))).toMatch(/terms\.0\.monthlyRate/);
    expect(issue(product({ terms: [{ months: 12, monthlyRate: 0 }] }))).toMatch(/monthlyRate must be in \(0, 0\.1\)/);
    expect(issue(product({ terms: [{ months: 12, monthlyRate: 0.006 }, { months: 12, monthlyRate: 0.007 }] }))).toMatch(/listed twice/);
    expect(issue(product({ lenderId: 'nobody' }))).toMatch(/no lender nobody/);
    expect(issue(product({ minAmountFen: 9_000_000 }))).toMatch(/minAmountFen must not exceed/);
    expect(issue(product({ kind: 'interest_free' }))).toMatch(/must be 0/);
    expect(issue(product({ subsidyBudgetFen: 100 }))).toMatch(/only interest_free/);
    expect(issue(product({ offlineMaxAmountFen: 0 }))).toMatch(/offline cap/);
    expect(issue(product({ extra: true }))).toMatch(/[Uu]nrecognized/);
    expect(issue({ ...seedJson(), routing: { order: ['priority', 'priority'] } })).toMatch(/listed twice/);
  });
});

describe('finance seed', () => {
  it('is applied once on first start, in one go, and applying it again is a no-op', () => {
    const dir = tempDir();
    const core = startCore(dir);
    expect(count(core, 'SELECT COUNT(*) FROM lenders WHERE active = 1')).toBeGreaterThanOrEqual(3);
    expect(count(core, 'SELECT COUNT(*) FROM finance_products WHERE active = 1')).toBeGreaterThanOrEqual(6);
    expect(count(core, 'SELECT COUNT(DISTINCT kind) FROM finance_products')).toBe(3);
    const applied = core.db.prepare("SELECT version, hash, applied_at FROM datasets WHERE name = 'finance'").get();
    core.close();

    const again = startCore(dir);
    expect(again.db.prepare("SELECT version, hash, applied_at FROM datasets WHERE name = 'finance'").get()).toEqual(applied);
    expect(again.datasets.applyFile('finance', SEED_FILE)).toMatchObject({ ok: true, applied: false });
    expect(pendingOutbox(again.db)).toEqual([]);
    again.close();
  });

  it('has a plan whose IRR annualised rate is above the 24 % cap, and it is never offered', async () => {
    const dataset = FinanceDataset.parse(seedJson());
    const above = dataset.products.flatMap((p) =>
      p.terms
        .filter((t) => annualRate(schedule(p.maxAmountFen, { kind: p.kind, termMonths: t.months, monthlyRate: t.monthlyRate })).simpleAnnual > dataset.aprCap)
        .map((t) => ({ productId: p.id, months: t.months, rate: t.monthlyRate, kind: p.kind })),
    );
    expect(above).toEqual([{ productId: 'jiayi-fee', months: 24, rate: 0.012, kind: 'flat_fee' }]);
    // Its fee × 12 (14.4 %) looks under the cap; the IRR (≈ 25.6 %) is not.
    const core = startCore(tempDir());
    const ids = core.db.prepare('SELECT id FROM products WHERE active = 1 AND price_fen BETWEEN 30000 AND 2000000').pluck().all() as string[];
    for (const productId of ids.slice(0, 60)) {
      const { offers, best, aprCap } = await call<Offers>(core, 'financeOffers', { productId });
      expect(aprCap).toBe(0.24);
      for (const o of [...offers, ...(best ? [best] : [])]) {
        expect(o.apr.simpleAnnual).toBeLessThanOrEqual(0.24);
        expect(`${o.productId}/${o.termMonths}`).not.toBe('jiayi-fee/24');
      }
    }
    core.close();
  });

  it('refuses to start on an invalid finance file, naming it', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...seedJson(), lenders: [] }));
    expect(() => startCore(join(dir, 'data'), { seedFiles: { finance: file  }})).toThrow(/DATASET_INVALID.*bad\.json/);
  });
});

describe('financeOffers channel and "from ¥X/month" on cards', () => {
  const start = () => startCore(tempDir(), { now: () => STORE_MORNING });

  it('offers for a product are for its price after promotions; paid plans: flat-fee APR well above fee × 12, equal-installment APR = nominal × 12', async () => {
    const core = start();
    const pick = (category: string) =>
      core.db.prepare('SELECT id, price_fen FROM products WHERE category_id = ? AND active = 1 AND price_fen >= 500000 ORDER BY price_fen LIMIT 1').get(category) as {
        id: string;
        price_fen: number;
      };
    const tv = pick('televisions');
    // One product is financed at what the cart would charge for it: its price after promotions.
    const alone = await call<ChannelResponse<'quoteCart'>>(core, 'quoteCart', { items: [{ productId: tv.id, quantity: 1 }] });
    expect((await call<Offers>(core, 'financeOffers', { productId: tv.id })).amountFen).toBe(alone.totalFen);

    // A TV and a fridge together: no interest-free product covers both, so paid plans only.
    const items = [tv, pick('refrigerators')].map((p) => ({ productId: p.id, quantity: 1 }));
    const result = await call<Offers>(core, 'financeOffers', { items });
    expect(result.offers.map((o) => o.termMonths)).toEqual([3, 6, 12, 24, 36]);
    expect(result.offers.some((o) => o.kind === 'interest_free')).toBe(false);
    const flat = result.offers.find((o) => o.kind === 'flat_fee' && o.termMonths === 3);
    expect(flat?.apr.simpleAnnual).toBeGreaterThan(0.006 * 12 * 1.4); // ×1.5 for 3 months (see domain/installments)
    const equal = result.offers.find((o) => o.kind === 'equal_installment' && o.termMonths === 36);
    expect(equal?.apr.simpleAnnual).toBeCloseTo(0.0075 * 12, 4);
    for (const o of result.offers) {
      expect(o.totalPaidFen).toBe(result.amountFen + o.totalCostFen);
      expect(o.apr.compoundAnnual).toBeGreaterThanOrEqual(o.apr.simpleAnnual);
    }
    expect(result.best?.termMonths).toBe(3); // the cheapest credit: three months of fees
    expect(result.why).toContain('LOWEST_TOTAL_COST');
    core.close();
  });

  it('offers for a cart finance its total after promotions, and a category no product covers removes it', async () => {
    const core = start();
    const pick = (category: string, min: number) =>
      core.db.prepare('SELECT id FROM products WHERE category_id = ? AND active = 1 AND price_fen >= ? ORDER BY price_fen LIMIT 1').pluck().get(category, min) as string;
    const fridge = pick('refrigerators', 300_000);
    const items = [{ productId: fridge, quantity: 1 }];
    const quote = await call<ChannelResponse<'quoteCart'>>(core, 'quoteCart', { items });
    const fridgeOnly = await call<Offers>(core, 'financeOffers', { items });
    expect(fridgeOnly.amountFen).toBe(quote.totalFen);
    expect(fridgeOnly.best?.kind).toBe('interest_free');

    const withTv = [...items, { productId: pick('televisions', 300_000), quantity: 1 }];
    const cart = await call<Offers>(core, 'financeOffers', { items: withTv });
    expect(cart.amountFen).toBe((await call<ChannelResponse<'quoteCart'>>(core, 'quoteCart', { items: withTv })).totalFen);
    expect(cart.offers.some((o) => o.kind === 'interest_free')).toBe(false);

    expect(await core.dispatch('financeOffers', { productId: 'no-such-product' }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'productId' } });
    expect(await core.dispatch('financeOffers', { items: [] }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    core.close();
  });

  it('every card carries fromMonthlyFen = the lowest monthly payment among that product\'s offers (null when none)', async () => {
    const core = start();
    let checked = 0;
    let none = 0;
    for (const categoryId of ['refrigerators', 'televisions', 'small-appliances', 'air-purifiers', 'dishwashers']) {
      const page = await call<ChannelResponse<'queryProducts'>>(core, 'queryProducts', { categoryId, sort: 'price_asc', limit: 40 });
      for (const card of page.items) {
        const { offers } = await call<Offers>(core, 'financeOffers', { productId: card.id });
        const lowest = offers.length === 0 ? null : Math.min(...offers.map((o) => o.monthlyPaymentFen));
        expect(card.fromMonthlyFen).toBe(lowest);
        checked++;
        if (lowest === null) none++;
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(none).toBeGreaterThan(0); // the ¥129 kettles are below every product's minimum
    const { product } = await call<ChannelResponse<'getProduct'>>(core, 'getProduct', {
      id: core.db.prepare("SELECT id FROM products WHERE category_id = 'refrigerators' AND active = 1 LIMIT 1").pluck().get(),
    });
    expect(product.fromMonthlyFen).toBeGreaterThan(0);
    core.close();
  });
});
