import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChannelResponse } from '../../../electron/contract/api.ts';
import { FinanceDataset, type FinanceProductData, type RoutingRule } from '../../../electron/contract/finance.ts';
import { compileBook, exactCost, exactPlan, MonthlyIndex, quickPlan, rankOffers, type FinanceBook, type ProductUsage } from '../../../electron/domain/offers.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { RESOURCES, startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';

const tempDir = tempDirs();
const TODAY = '2026-11-22';
/** 10:00 on the demo store date, Beijing time. */
const STORE_MORNING = Date.parse('2026-11-22T10:00:00+08:00');
const DAY = 24 * 3600 * 1000;

const SEED: unknown = JSON.parse(readFileSync(join(RESOURCES, 'finance', 'finance.json'), 'utf8'));
const seedDataset = () => FinanceDataset.parse(SEED);
const CATEGORIES = ['air-conditioners', 'refrigerators', 'washing-machines', 'televisions', 'kitchen', 'water-heaters', 'dishwashers', 'dryers', 'freezers', 'air-purifiers', 'vacuum-cleaners', 'small-appliances'];

function book(dataset: FinanceDataset, routing: readonly RoutingRule[] = dataset.routing.order): FinanceBook {
  return compileBook({ version: dataset.version, aprCap: dataset.aprCap, routing, lenders: dataset.lenders, products: dataset.products });
}
const noUsage = (): ProductUsage => ({ applicationsToday: 0, subsidyRemainingFen: 1e12 });

/** Two lenders offering the same 12-month plan: cheaper (A) vs higher priority (B), plus a 6-month one. */
function twoLenders(order: RoutingRule[]): FinanceDataset {
  const equal = (id: string, lenderId: string, rate: number, priority: number): FinanceProductData => ({
    id,
    lenderId,
    kind: 'equal_installment',
    name: { zh: id, en: id },
    terms: [{ months: 12, monthlyRate: rate }],
    minAmountFen: 100_000,
    maxAmountFen: 5_000_000,
    categoryIds: [],
    priority,
    dailyQuota: 10,
    offlineApprovable: false,
    offlineMaxAmountFen: 0,
    active: true,
  });
  return FinanceDataset.parse({
    dataset: 'finance',
    version: `two-lenders-${order.join('-')}`,
    lenders: [
      { id: 'lender-a', name: { zh: '甲', en: 'A' }, priority: 0 },
      { id: 'lender-b', name: { zh: '乙', en: 'B' }, priority: 0 },
    ],
    products: [equal('a-cheap', 'lender-a', 0.006, 1), equal('b-preferred', 'lender-b', 0.007, 10)],
    routing: { order },
  });
}

describe('offers (pure ranking on the seed dataset)', () => {
  it('never returns an offer above the APR cap, for any amount and categories (the seed has one above it)', () => {
    const seed = book(seedDataset());
    expect(seed.plans.some((p) => p.refApr > seed.aprCap)).toBe(true);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8_000_000 }),
        fc.uniqueArray(fc.constantFrom(...CATEGORIES), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        (amount, categories, cap) => {
          const capped = { ...seed, aprCap: cap };
          const routed = rankOffers(capped, amount, categories, TODAY, noUsage);
          for (const offer of routed.offers) expect(offer.apr.simpleAnnual).toBeLessThanOrEqual(cap);
          if (routed.best) expect(routed.best.apr.simpleAnnual).toBeLessThanOrEqual(cap);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equal-installment offers show an APR equal to the nominal rate × 12', () => {
    const routed = rankOffers(book(seedDataset()), 1_299_900, ['televisions'], TODAY, noUsage);
    const equal = routed.offers.filter((o) => o.kind === 'equal_installment');
    expect(equal.length).toBeGreaterThan(0);
    const rates = new Map(seedDataset().products.flatMap((p) => p.terms.map((t) => [`${p.id}/${t.months}`, t.monthlyRate] as const)));
    for (const o of equal) expect(o.apr.simpleAnnual).toBeCloseTo((rates.get(`${o.productId}/${o.termMonths}`) ?? 0) * 12, 4);
  });

  it('a cart qualifies for a product only if every line category is eligible', () => {
    const seed = book(seedDataset());
    const fridgeOnly = rankOffers(seed, 800_000, ['refrigerators'], TODAY, noUsage);
    expect(fridgeOnly.offers.some((o) => o.productId === 'hengxin-free-big')).toBe(true);
    // A TV in the same cart: the major-appliance interest-free product no longer covers the cart.
    const withTv = rankOffers(seed, 800_000, ['refrigerators', 'televisions'], TODAY, noUsage);
    expect(withTv.offers.some((o) => o.productId === 'hengxin-free-big' || o.productId === 'ruifeng-free-home')).toBe(false);
    expect(withTv.offers.length).toBeGreaterThan(0);
  });

  it('routes each term to one lender, sorted by term, best first by customer cost', () => {
    const routed = rankOffers(book(seedDataset()), 459_900, ['refrigerators'], TODAY, noUsage);
    const terms = routed.offers.map((o) => o.termMonths);
    expect(terms).toEqual([...new Set(terms)].sort((a, b) => a - b));
    // 12 months interest-free: nothing to pay on top, the smallest instalment of the free plans.
    expect(routed.best).toMatchObject({ productId: 'hengxin-free-big', termMonths: 12, totalCostFen: 0 });
    expect(routed.why).toEqual(['INTEREST_FREE', 'SUBSIDISED_BY_MERCHANT', 'LOWEST_MONTHLY_PAYMENT', 'LOWEST_TOTAL_COST']);
    expect(routed.best?.subsidyFen).toBe(Math.round(459_900 * 0.0055 * 12));
  });

  it('the routing order in the data decides the winner', () => {
    const byCost = rankOffers(book(twoLenders(['customer_cost', 'priority'])), 1_000_000, ['kitchen'], TODAY, noUsage);
    expect(byCost.offers.map((o) => o.productId)).toEqual(['a-cheap']);
    expect(byCost.why).toEqual(['LOWEST_TOTAL_COST']);
    const byPriority = rankOffers(book(twoLenders(['priority', 'customer_cost'])), 1_000_000, ['kitchen'], TODAY, noUsage);
    expect(byPriority.offers.map((o) => o.productId)).toEqual(['b-preferred']);
    expect(byPriority.why).toEqual(['LENDER_PRIORITY']);
  });

  it('says ONLY_OFFER when nothing competes, and returns nothing for amounts no product finances', () => {
    const single = twoLenders(['customer_cost']);
    const only = rankOffers(book({ ...single, products: single.products.slice(0, 1) }), 1_000_000, ['kitchen'], TODAY, noUsage);
    expect(only.why).toEqual(['ONLY_OFFER']);
    expect(rankOffers(book(seedDataset()), 100, ['kitchen'], TODAY, noUsage)).toEqual({ offers: [], best: null, why: [] });
  });

  it('fromMonthly (float fast path) equals the minimum monthly payment of the routed offers', () => {
    // The seed plus near-twins of one product at other lenders (same rates, and rates a hair
    // apart), so the per-card path must settle costs within a few fen exactly to route like the panel.
    const seed = seedDataset();
    const original = seed.products.find((p) => p.id === 'hengxin-equal');
    if (!original) throw new Error('seed changed');
    const twin = (id: string, lenderId: string, bump: number): FinanceProductData => ({
      ...original,
      id,
      lenderId,
      terms: original.terms.map((t) => ({ ...t, monthlyRate: Math.round((t.monthlyRate + bump) * 1e6) / 1e6 })),
    });
    const dataset: FinanceDataset = { ...seed, products: [...seed.products, twin('twin-same', 'jiayi', 0), twin('twin-hair', 'ruifeng-bank', 0.00001)] };
    const rules: RoutingRule[] = ['customer_cost', 'subsidy_left', 'quota_left', 'priority'];
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 6_000_000 }), fc.integer({ min: 1000, max: 60_000 }).map((x) => x * 100 + 50)),
        fc.constantFrom(...CATEGORIES),
        fc.shuffledSubarray(rules, { minLength: 1 }),
        fc.dictionary(fc.constantFrom(...dataset.products.map((p) => p.id)), fc.record({ applicationsToday: fc.integer({ min: 0, max: 70 }), subsidyRemainingFen: fc.integer({ min: 0, max: 40_000 }) })),
        (amount, category, order, usage) => {
          const b = book(dataset, order);
          const usageOf = (id: string) => usage[id] ?? noUsage();
          const routed = rankOffers(b, amount, [category], TODAY, usageOf);
          const expected = routed.offers.length === 0 ? null : Math.min(...routed.offers.map((o) => o.monthlyPaymentFen));
          expect(new MonthlyIndex(b, TODAY, usageOf).fromMonthly(amount, category)).toBe(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('per-card fast path', () => {
  it('agrees with the exact schedule (domain/installments) whenever it answers, for any kind, rate, term and amount', () => {
    let answered = 0;
    let deferred = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('equal_installment', 'flat_fee', 'interest_free'),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 999 }).map((k) => k / 10_000),
        fc.oneof(fc.integer({ min: 1, max: 20_000_000 }), fc.integer({ min: 1, max: 200_000 }).map((x) => x * 100 + 50)),
        (kind, months, rate, amount) => {
          const free = kind === 'interest_free';
          const [plan] = compileBook({
            version: 'p',
            aprCap: 10,
            routing: ['customer_cost'],
            lenders: [{ id: 'l', name: { zh: 'l', en: 'l' }, priority: 0 }],
            products: [
              {
                id: 'p', lenderId: 'l', kind, name: { zh: 'p', en: 'p' }, minAmountFen: 1, maxAmountFen: 20_000_000, categoryIds: [], priority: 0,
                dailyQuota: 1, offlineApprovable: false, offlineMaxAmountFen: 0, active: true,
                terms: [{ months, monthlyRate: free ? 0 : rate, ...(free ? { merchantMonthlyRate: rate } : {}) }],
                ...(free ? { subsidyBudgetFen: 1 } : {}),
              },
            ],
          }).plans;
          if (!plan) throw new Error('no plan');
          const quick = quickPlan(plan, amount);
          if (!quick) {
            deferred++;
            return;
          }
          answered++;
          const exact = exactPlan(plan, amount);
          expect(quick.monthlyPaymentFen).toBe(exact.schedule.monthlyPaymentFen);
          expect(quick.subsidyFen).toBe(exact.subsidyFen);
          // The cost estimate is within its band, and settles to the exact figure.
          expect(Math.abs(quick.totalCostFen - exact.schedule.totalCostFen)).toBeLessThanOrEqual(quick.costErrorFen);
          if (quick.costErrorFen > 0) expect(exactCost(plan, amount, quick.monthlyPaymentFen) ?? exact.schedule.totalCostFen).toBe(exact.schedule.totalCostFen);
          else expect(quick.totalCostFen).toBe(exact.schedule.totalCostFen);
        },
      ),
      { numRuns: 2000 },
    );
    // Ties at a half fen do happen (x·100 + 50 amounts make them common) and are left to the exact path.
    expect(answered).toBeGreaterThan(1000);
    expect(deferred).toBeGreaterThan(0);
  });
});

describe('routing with usage (core, real SQLite)', () => {
  function start(dataset: FinanceDataset, clock: { now: number }): KioskCore {
    const dir = tempDir();
    const file = join(dir, 'finance.json');
    writeFileSync(file, JSON.stringify(dataset));
    return startCore(join(dir, 'data'), { seedFiles: { finance: file }, now: () => clock.now });
  }
  const productIn = (core: KioskCore, categoryId: string, minFen: number) =>
    (core.db.prepare('SELECT id, price_fen AS priceFen FROM products WHERE category_id = ? AND price_fen >= ? AND active = 1 ORDER BY price_fen LIMIT 1').get(categoryId, minFen) as {
      id: string;
      priceFen: number;
    }).id;
  const offers = async (core: KioskCore, productId: string) => {
    const result = await core.dispatch('financeOffers', { productId }, SHOPPER);
    if (!result.ok) throw new Error(result.error.message);
    return result.data as ChannelResponse<'financeOffers'>;
  };

  it('applying a dataset with another routing order changes the winner', async () => {
    const clock = { now: STORE_MORNING };
    const core = start(twoLenders(['customer_cost', 'priority']), clock);
    const id = productIn(core, 'kitchen', 200_000);
    expect((await offers(core, id)).best?.productId).toBe('a-cheap');
    const file = join(tempDir(), 'priority-first.json');
    writeFileSync(file, JSON.stringify(twoLenders(['priority', 'customer_cost'])));
    expect(core.datasets.applyFile('finance', file)).toMatchObject({ ok: true, applied: true });
    const after = await offers(core, id);
    expect(after.best?.productId).toBe('b-preferred');
    expect(after.why).toContain('LENDER_PRIORITY');
    core.close();
  });

  it('a lender whose daily quota is used up is dropped until the next store day', async () => {
    const clock = { now: STORE_MORNING };
    const dataset = twoLenders(['customer_cost']);
    const core = start({ ...dataset, products: dataset.products.map((p) => (p.id === 'a-cheap' ? { ...p, dailyQuota: 2 } : p)) }, clock);
    const id = productIn(core, 'kitchen', 200_000);
    const price = (core.db.prepare('SELECT price_fen FROM products WHERE id = ?').pluck().get(id) as number);
    expect((await offers(core, id)).best?.productId).toBe('a-cheap');
    core.finance.recordApplication('a-cheap', 0);
    expect((await offers(core, id)).best?.productId).toBe('a-cheap');
    core.finance.recordApplication('a-cheap', 0);
    const exhausted = await offers(core, id);
    expect(exhausted.offers.map((o) => o.productId)).toEqual(['b-preferred']);
    expect(core.finance.fromMonthly(price, 'kitchen')).toBe(exhausted.offers[0]?.monthlyPaymentFen);
    clock.now += DAY;
    expect((await offers(core, id)).best?.productId).toBe('a-cheap');
    core.close();
  });

  it('an interest-free plan the remaining subsidy budget cannot fund is dropped; a new budget figure restarts the count', async () => {
    const clock = { now: STORE_MORNING };
    const seed = seedDataset();
    const small = (budget: number): FinanceDataset => ({
      ...seed,
      version: `budget-${budget}`,
      products: seed.products.map((p) => (p.id === 'hengxin-free-big' ? { ...p, subsidyBudgetFen: budget } : p)),
    });
    const core = start(small(50_000), clock);
    const fridge = productIn(core, 'refrigerators', 400_000);
    const price = core.db.prepare('SELECT price_fen FROM products WHERE id = ?').pluck().get(fridge) as number;
    const subsidy = (months: number, rate: number) => Math.round(price * rate * months);
    const free = async () => (await offers(core, fridge)).offers.filter((o) => o.productId === 'hengxin-free-big').map((o) => o.termMonths);
    // Every free plan is affordable at first (the 12-month subsidy is under ¥500 for this fridge).
    expect(subsidy(12, 0.0055)).toBeLessThan(50_000);
    expect(await free()).toEqual([3, 6, 12]);
    // Spend the budget down so that only the 3-month subsidy still fits.
    core.finance.recordApplication('hengxin-free-big', 50_000 - subsidy(3, 0.006));
    expect(await free()).toEqual([3]);
    core.finance.recordApplication('hengxin-free-big', 1);
    expect(await free()).toEqual([]);
    // HQ republishes the same figure: local use keeps counting. A new figure is a fresh statement.
    const same = join(tempDir(), 'same.json');
    writeFileSync(same, JSON.stringify({ ...small(50_000), version: 'budget-same-again' }));
    expect(core.datasets.applyFile('finance', same)).toMatchObject({ ok: true, applied: true });
    expect(await free()).toEqual([]);
    // (Published the next day: use on the publishing day itself still counts — the safe side.)
    clock.now += DAY;
    const fresh = join(tempDir(), 'fresh.json');
    writeFileSync(fresh, JSON.stringify(small(60_000)));
    core.datasets.applyFile('finance', fresh);
    expect(await free()).toEqual([3, 6, 12]);
    core.close();
  });
});
