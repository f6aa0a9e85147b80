import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quote, type PromotionRule, type QuoteLine } from '../../../electron/domain/promotions.ts';

const TODAY = '2026-11-22';

const rule = (p: Partial<PromotionRule> & Pick<PromotionRule, 'id' | 'kind'>): PromotionRule => ({
  categoryIds: [],
  brandIds: [],
  repeat: false,
  startsOn: '2026-11-01',
  endsOn: '2027-01-31',
  priority: 0,
  ...p,
});

const line = (productId: string, categoryId: string, brandId: string, unitPriceFen: number, quantity = 1): QuoteLine => ({
  productId,
  categoryId,
  brandId,
  unitPriceFen,
  quantity,
});

const storeWide = rule({ id: 'store-5000-300', kind: 'threshold', thresholdFen: 5000_00, discountFen: 300_00 });
const kitchenEvery = rule({
  id: 'kitchen-every-3000-150',
  kind: 'threshold',
  categoryIds: ['kitchen', 'dishwashers'],
  thresholdFen: 3000_00,
  discountFen: 150_00,
  repeat: true,
  priority: 10,
});
const haierFridge = rule({
  id: 'haier-fridge-10-off',
  kind: 'percent',
  categoryIds: ['refrigerators'],
  brandIds: ['haier'],
  percent: 10,
  maxDiscountFen: 1000_00,
  priority: 10,
});
const washerDryer = rule({
  id: 'washer-dryer-bundle',
  kind: 'bundle',
  bundleCategoryIds: ['washing-machines', 'dryers'],
  discountFen: 500_00,
  priority: 10,
});

describe('promotion math, worked examples', () => {
  it('no promotions: the total is the subtotal', () => {
    // 2 × ¥3,999 + ¥599 = ¥8,597
    const result = quote([line('tv', 'televisions', 'tcl', 3999_00, 2), line('kettle', 'small-appliances', 'midea', 599_00)], [], TODAY);
    expect(result).toEqual({ subtotalFen: 8597_00, discounts: [], totalFen: 8597_00 });
  });

  it('threshold once: 满5000减300 applies at ¥5,000 and only once above it', () => {
    // ¥4,999: below the threshold, nothing off.
    expect(quote([line('f', 'refrigerators', 'midea', 4999_00)], [storeWide], TODAY).discounts).toEqual([]);
    // ¥5,000 exactly reaches it: −¥300 → ¥4,700.
    expect(quote([line('f', 'refrigerators', 'midea', 5000_00)], [storeWide], TODAY).totalFen).toBe(4700_00);
    // ¥12,000 is more than two thresholds, but without `repeat` it is still −¥300 → ¥11,700.
    const big = quote([line('f', 'refrigerators', 'midea', 6000_00, 2)], [storeWide], TODAY);
    expect(big).toEqual({ subtotalFen: 12000_00, discounts: [{ promotionId: 'store-5000-300', amountFen: 300_00 }], totalFen: 11700_00 });
  });

  it('每满 threshold repeats per full threshold, on eligible categories only', () => {
    // Kitchen ¥6,999 + dishwasher ¥2,599 = ¥9,598 eligible → floor(9598 / 3000) = 3 → −¥450.
    // The ¥1,999 TV is not eligible. Subtotal 9,598 + 1,999 = ¥11,597; total ¥11,147.
    const result = quote(
      [line('hood', 'kitchen', 'fotile', 6999_00), line('dw', 'dishwashers', 'siemens', 2599_00), line('tv', 'televisions', 'tcl', 1999_00)],
      [kitchenEvery],
      TODAY,
    );
    expect(result).toEqual({
      subtotalFen: 11597_00,
      discounts: [{ promotionId: 'kitchen-every-3000-150', amountFen: 450_00 }],
      totalFen: 11147_00,
    });
  });

  it('percent: per unit floored to the fen, brand and category both required, capped per cart', () => {
    // Haier fridge ¥3,999.99 × 10% = 399.999 → ¥399.99 per unit; 2 units → ¥799.98.
    // The Midea fridge is the wrong brand; the Haier washer the wrong category.
    const small = quote(
      [line('hf', 'refrigerators', 'haier', 3999_99, 2), line('mf', 'refrigerators', 'midea', 2999_00), line('hw', 'washing-machines', 'haier', 2999_00)],
      [haierFridge],
      TODAY,
    );
    expect(small.discounts).toEqual([{ promotionId: 'haier-fridge-10-off', amountFen: 799_98 }]);
    expect(small.totalFen).toBe(3999_99 * 2 + 2999_00 * 2 - 799_98);

    // ¥8,999 + ¥6,999 = 1,599.80 at 10% → capped at ¥1,000.
    const capped = quote([line('a', 'refrigerators', 'haier', 8999_00), line('b', 'refrigerators', 'haier', 6999_00)], [haierFridge], TODAY);
    expect(capped.discounts).toEqual([{ promotionId: 'haier-fridge-10-off', amountFen: 1000_00 }]);
    expect(capped.totalFen).toBe(15998_00 - 1000_00);
  });

  it('percent: a line takes only its best percent promotion, never two', () => {
    const allFridges5 = rule({ id: 'fridges-5', kind: 'percent', categoryIds: ['refrigerators'], percent: 5, priority: 50 });
    // Haier fridge ¥5,000: 10% (¥500) beats 5% (¥250) despite the lower priority. Midea fridge
    // ¥2,000 only qualifies for 5% → ¥100. Total off ¥600, not ¥850.
    const result = quote(
      [line('hf', 'refrigerators', 'haier', 5000_00), line('mf', 'refrigerators', 'midea', 2000_00)],
      [allFridges5, haierFridge],
      TODAY,
    );
    expect(result.discounts).toEqual([
      { promotionId: 'fridges-5', amountFen: 100_00 },
      { promotionId: 'haier-fridge-10-off', amountFen: 500_00 },
    ]);
    expect(result.totalFen).toBe(7000_00 - 600_00);
  });

  it('bundle: washer + dryer together take ¥500 off per complete set', () => {
    const washer = line('w', 'washing-machines', 'little-swan', 3999_00);
    const dryer = line('d', 'dryers', 'little-swan', 4599_00);
    // Only a washer: no set.
    expect(quote([washer], [washerDryer], TODAY).discounts).toEqual([]);
    // One of each: 1 set → −¥500; ¥8,598 → ¥8,098.
    expect(quote([washer, dryer], [washerDryer], TODAY).totalFen).toBe(8098_00);
    // 3 washers, 2 dryers: min(3, 2) = 2 sets → −¥1,000.
    const two = quote([{ ...washer, quantity: 3 }, { ...dryer, quantity: 2 }], [washerDryer], TODAY);
    expect(two.discounts).toEqual([{ promotionId: 'washer-dryer-bundle', amountFen: 1000_00 }]);
    expect(two.totalFen).toBe(3 * 3999_00 + 2 * 4599_00 - 1000_00);
  });

  it('a unit counts towards one bundle set only: the higher priority bundle takes it first', () => {
    const littleSwanSet = rule({
      id: 'little-swan-set',
      kind: 'bundle',
      brandIds: ['little-swan'],
      bundleCategoryIds: ['washing-machines', 'dryers'],
      discountFen: 800_00,
      priority: 20,
    });
    // Little Swan washer + dryer, and a Haier dryer. The brand set (priority 20) takes the Little
    // Swan pair: −¥800. The generic set then sees no washer left: nothing more.
    const result = quote(
      [line('w', 'washing-machines', 'little-swan', 3999_00), line('d1', 'dryers', 'little-swan', 4599_00), line('d2', 'dryers', 'haier', 3599_00)],
      [washerDryer, littleSwanSet],
      TODAY,
    );
    expect(result.discounts).toEqual([{ promotionId: 'little-swan-set', amountFen: 800_00 }]);
  });

  it('order: percent, then bundle, then threshold on what is left', () => {
    // Haier fridge ¥5,999 −10% = −¥599.90 → ¥5,399.10.
    // Washer ¥2,999 + dryer ¥2,599 → one set −¥500 → ¥5,098.
    // Store-wide threshold base: 5,399.10 + 5,098 = ¥10,497.10 ≥ 5,000 → −¥300.
    // Subtotal 5,999 + 2,999 + 2,599 = ¥11,597; off 599.90 + 500 + 300 = ¥1,399.90; total ¥10,197.10.
    const result = quote(
      [line('hf', 'refrigerators', 'haier', 5999_00), line('w', 'washing-machines', 'haier', 2999_00), line('d', 'dryers', 'haier', 2599_00)],
      [storeWide, washerDryer, haierFridge],
      TODAY,
    );
    expect(result).toEqual({
      subtotalFen: 11597_00,
      discounts: [
        { promotionId: 'haier-fridge-10-off', amountFen: 599_90 },
        { promotionId: 'washer-dryer-bundle', amountFen: 500_00 },
        { promotionId: 'store-5000-300', amountFen: 300_00 },
      ],
      totalFen: 10197_10,
    });
  });

  it('a threshold is measured after earlier discounts, so it can drop out', () => {
    // Haier fridge ¥5,200 −10% = ¥4,680 < ¥5,000: the store-wide threshold no longer applies.
    const result = quote([line('hf', 'refrigerators', 'haier', 5200_00)], [storeWide, haierFridge], TODAY);
    expect(result.discounts).toEqual([{ promotionId: 'haier-fridge-10-off', amountFen: 520_00 }]);
    expect(result.totalFen).toBe(4680_00);
  });

  it('thresholds go by priority, each on what the earlier ones left', () => {
    // Range hood ¥5,200. Kitchen 每满3000减150 (priority 10) first: floor(5200/3000) = 1 → −¥150
    // → ¥5,050. Store-wide (priority 0) on ¥5,050 ≥ 5,000 → −¥300. Total ¥4,750.
    const result = quote([line('hood', 'kitchen', 'fotile', 5200_00)], [storeWide, kitchenEvery], TODAY);
    expect(result.discounts.map((d) => d.promotionId)).toEqual(['kitchen-every-3000-150', 'store-5000-300']);
    expect(result.totalFen).toBe(4750_00);
  });

  it('a bundle never takes more than its units still cost', () => {
    // ¥199 kettle + ¥99 cup bundle with ¥500 off: capped at the ¥298 the pair costs → total 0.
    const cheap = rule({ id: 'cheap-set', kind: 'bundle', bundleCategoryIds: ['kettles', 'cups'], discountFen: 500_00 });
    const result = quote([line('k', 'kettles', 'x', 199_00), line('c', 'cups', 'x', 99_00)], [cheap], TODAY);
    expect(result).toEqual({ subtotalFen: 298_00, discounts: [{ promotionId: 'cheap-set', amountFen: 298_00 }], totalFen: 0 });
  });

  it('dates are inclusive on both ends', () => {
    const oneDay = { ...storeWide, startsOn: TODAY, endsOn: TODAY };
    const cart = [line('f', 'refrigerators', 'midea', 6000_00)];
    expect(quote(cart, [oneDay], TODAY).totalFen).toBe(5700_00);
    expect(quote(cart, [oneDay], '2026-11-21').totalFen).toBe(6000_00);
    expect(quote(cart, [oneDay], '2026-11-23').totalFen).toBe(6000_00);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const CATEGORIES = ['refrigerators', 'washing-machines', 'dryers', 'kitchen', 'televisions'] as const;
const BRANDS = ['haier', 'midea', 'little-swan'] as const;
const DATES = ['2026-10-01', '2026-11-01', '2026-11-22', '2026-12-31', '2027-02-01'] as const;

const arbLine: fc.Arbitrary<QuoteLine> = fc.record({
  productId: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'),
  categoryId: fc.constantFrom(...CATEGORIES),
  brandId: fc.constantFrom(...BRANDS),
  unitPriceFen: fc.integer({ min: 0, max: 3_000_000 }),
  quantity: fc.integer({ min: 1, max: 10 }),
});
const arbLines = fc.array(arbLine, { maxLength: 20 });

const arbPromotion: fc.Arbitrary<PromotionRule> = fc
  .record({
    id: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    kind: fc.constantFrom('threshold', 'percent', 'bundle'),
    categoryIds: fc.subarray([...CATEGORIES]),
    brandIds: fc.subarray([...BRANDS]),
    bundleCategoryIds: fc.subarray([...CATEGORIES], { minLength: 2 }),
    thresholdFen: fc.integer({ min: 2, max: 1_000_000 }),
    discountFen: fc.integer({ min: 1, max: 500_000 }),
    repeat: fc.boolean(),
    percent: fc.integer({ min: 1, max: 50 }),
    maxDiscountFen: fc.option(fc.integer({ min: 1, max: 500_000 }), { nil: undefined }),
    startsOn: fc.constantFrom(...DATES),
    endsOn: fc.constantFrom(...DATES),
    priority: fc.integer({ min: -5, max: 5 }),
  })
  // Keep the schema's rules: a threshold takes off less than itself, and dates are ordered.
  .map((p) => ({ ...p, discountFen: p.kind === 'threshold' ? Math.min(p.discountFen, p.thresholdFen - 1) : p.discountFen }))
  .filter((p) => p.startsOn <= p.endsOn);
const arbPromotions = fc.uniqueArray(arbPromotion, { maxLength: 8, selector: (p) => p.id });
const arbToday = fc.constantFrom(...DATES, '2026-11-15', '2027-01-31');

describe('promotion math, properties', () => {
  it('total = subtotal − Σ discounts, 0 ≤ total ≤ subtotal, every amount a positive integer', () => {
    fc.assert(
      fc.property(arbLines, arbPromotions, arbToday, (lines, promotions, today) => {
        const r = quote(lines, promotions, today);
        const off = r.discounts.reduce((sum, d) => sum + d.amountFen, 0);
        expect(r.totalFen).toBe(r.subtotalFen - off);
        expect(r.totalFen).toBeGreaterThanOrEqual(0);
        expect(r.totalFen).toBeLessThanOrEqual(r.subtotalFen);
        expect(r.subtotalFen).toBe(lines.reduce((sum, l) => sum + l.unitPriceFen * l.quantity, 0));
        for (const value of [r.subtotalFen, r.totalFen, ...r.discounts.map((d) => d.amountFen)]) expect(Number.isSafeInteger(value)).toBe(true);
        for (const d of r.discounts) expect(d.amountFen).toBeGreaterThan(0);
        expect(new Set(r.discounts.map((d) => d.promotionId)).size).toBe(r.discounts.length);
      }),
      { numRuns: 500 },
    );
  });

  it('inactive promotions change nothing', () => {
    fc.assert(
      fc.property(arbLines, arbPromotions, arbPromotions, arbToday, (lines, active, others, today) => {
        const inactive = others.map((p, i) => ({ ...p, id: `inactive-${i}`, startsOn: '2027-06-01', endsOn: '2027-06-30' }));
        const expired = others.map((p, i) => ({ ...p, id: `expired-${i}`, startsOn: '2025-01-01', endsOn: '2025-12-31' }));
        expect(quote(lines, [...active, ...inactive, ...expired], today)).toEqual(quote(lines, active, today));
      }),
    );
  });

  it('adding a line never lowers the subtotal', () => {
    fc.assert(
      fc.property(arbLines, arbLine, arbPromotions, arbToday, (lines, extra, promotions, today) => {
        expect(quote([...lines, extra], promotions, today).subtotalFen).toBeGreaterThanOrEqual(quote(lines, promotions, today).subtotalFen);
      }),
    );
  });

  it('the order of the lines does not change the result', () => {
    fc.assert(
      fc.property(
        arbLines.chain((lines) => fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }))),
        arbPromotions,
        arbToday,
        ([lines, shuffled], promotions, today) => {
          expect(quote(shuffled, promotions, today)).toEqual(quote(lines, promotions, today));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the order of the promotions does not change the result', () => {
    fc.assert(
      fc.property(
        arbLines,
        arbPromotions.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }))),
        arbToday,
        (lines, [promotions, shuffled], today) => {
          expect(quote(lines, shuffled, today)).toEqual(quote(lines, promotions, today));
        },
      ),
    );
  });
});
