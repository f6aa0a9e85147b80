/**
 * Cart promotion math: pure, integer fen, deterministic. These rules are what the cashier and
 * the shopper see on the receipt, so they are stated here in full.
 *
 * 1. A promotion counts when `startsOn <= today <= endsOn` (ISO dates, store local date). A line
 *    is eligible when its category is in `categoryIds` and its brand in `brandIds` (an empty list
 *    means any).
 * 2. Percent (折扣) first. Each line takes at most one percent promotion: the highest `percent` it
 *    is eligible for (ties: higher `priority`, then id). The discount is per unit, floored to the
 *    fen, times the quantity. A promotion's total over the whole cart is capped at
 *    `maxDiscountFen`; a cap never moves a line to another promotion.
 * 3. Bundles (套购) next, higher `priority` first (ties by id). A complete set is one eligible unit
 *    from every category in `bundleCategoryIds`; sets = the fewest eligible units over those
 *    categories, and the discount is `discountFen` × sets. A unit belongs to at most one set:
 *    a bundle takes the dearest eligible units of each category, and later bundles see only the
 *    units left. The discount never exceeds what those units still cost.
 * 4. Thresholds (满减) last, higher `priority` first (ties by id), each on what its eligible lines
 *    still cost after every discount applied before it: `discountFen` once when that amount
 *    reaches `thresholdFen`, or once per full `thresholdFen` (每满) when `repeat` is set.
 * 5. Every discount is shared out over the lines it came from (in proportion to what they still
 *    cost, largest remainder to the fen), so a later promotion sees what each line really costs,
 *    no line goes below zero, and the total is never negative.
 *
 * The result holds every discount greater than zero with its promotion id (percent, then bundle,
 * then threshold, each in the order applied) and `totalFen = subtotalFen − Σ discounts` exactly.
 * The order of the lines never changes the result.
 */
import type { PromotionData } from '../contract/catalog.ts';
import { assertFen } from './money.ts';

export interface QuoteLine {
  productId: string;
  categoryId: string;
  brandId: string;
  unitPriceFen: number;
  quantity: number;
}

export interface AppliedDiscount {
  promotionId: string;
  amountFen: number;
}

export interface QuoteResult {
  subtotalFen: number;
  discounts: AppliedDiscount[];
  totalFen: number;
}

/** Only the fields the math reads, so callers may pass validated `PromotionData` as is. */
export type PromotionRule = Pick<
  PromotionData,
  | 'id'
  | 'kind'
  | 'categoryIds'
  | 'brandIds'
  | 'bundleCategoryIds'
  | 'thresholdFen'
  | 'discountFen'
  | 'repeat'
  | 'percent'
  | 'maxDiscountFen'
  | 'startsOn'
  | 'endsOn'
  | 'priority'
>;

/** A line being priced: `netFen` is what it still costs after the discounts applied so far. */
interface Working {
  line: QuoteLine;
  netFen: number;
}

/** Stores keep Beijing time; a promotion's dates are calendar days there. */
export const STORE_TIME_ZONE = 'Asia/Shanghai';

// en-CA formats a date as YYYY-MM-DD, the ISO form promotion dates use.
const storeDay = new Intl.DateTimeFormat('en-CA', { timeZone: STORE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The store's calendar date (YYYY-MM-DD) at `epochMs`. */
export function storeDate(epochMs: number): string {
  return storeDay.format(epochMs);
}

export function isPromotionActive(promotion: Pick<PromotionRule, 'startsOn' | 'endsOn'>, today: string): boolean {
  return promotion.startsOn <= today && today <= promotion.endsOn;
}

export function isLineEligible(promotion: Pick<PromotionRule, 'categoryIds' | 'brandIds'>, line: Pick<QuoteLine, 'categoryId' | 'brandId'>): boolean {
  return (
    (promotion.categoryIds.length === 0 || promotion.categoryIds.includes(line.categoryId)) &&
    (promotion.brandIds.length === 0 || promotion.brandIds.includes(line.brandId))
  );
}

export function quote(lines: readonly QuoteLine[], promotions: readonly PromotionRule[], today: string): QuoteResult {
  for (const line of lines) {
    assertFen(line.unitPriceFen);
    if (line.unitPriceFen < 0 || !Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new RangeError(`bad cart line for ${line.productId}`);
    }
  }
  // A canonical order makes every tie-break below independent of the order the cart arrived in.
  const working: Working[] = [...lines]
    .sort(compareLines)
    .map((line) => ({ line, netFen: line.unitPriceFen * line.quantity }));
  const subtotalFen = working.reduce((sum, w) => sum + w.netFen, 0);

  const active = promotions.filter((p) => isPromotionActive(p, today)).sort(byPriority);
  const discounts: AppliedDiscount[] = [
    ...applyPercent(working, active.filter((p) => p.kind === 'percent')),
    ...applyBundles(working, active.filter((p) => p.kind === 'bundle')),
    ...applyThresholds(working, active.filter((p) => p.kind === 'threshold')),
  ];
  const discounted = discounts.reduce((sum, d) => sum + d.amountFen, 0);
  return { subtotalFen, discounts, totalFen: subtotalFen - discounted };
}

function applyPercent(working: Working[], percents: readonly PromotionRule[]): AppliedDiscount[] {
  const claims = new Map<PromotionRule, { target: Working; amountFen: number }[]>();
  for (const w of working) {
    const best = percents
      .filter((p) => isLineEligible(p, w.line))
      .reduce<PromotionRule | undefined>((chosen, p) => (chosen === undefined || (p.percent ?? 0) > (chosen.percent ?? 0) ? p : chosen), undefined);
    if (best?.percent === undefined) continue;
    const amountFen = Math.floor((w.line.unitPriceFen * best.percent) / 100) * w.line.quantity;
    if (amountFen === 0) continue;
    const list = claims.get(best) ?? [];
    list.push({ target: w, amountFen });
    claims.set(best, list);
  }
  const applied: AppliedDiscount[] = [];
  for (const promotion of percents) {
    const list = claims.get(promotion);
    if (!list) continue;
    const uncapped = list.reduce((sum, c) => sum + c.amountFen, 0);
    const amountFen = Math.min(uncapped, promotion.maxDiscountFen ?? uncapped);
    const shares = share(amountFen, list.map((c) => c.amountFen));
    list.forEach((c, i) => (c.target.netFen -= shares[i] ?? 0));
    applied.push({ promotionId: promotion.id, amountFen });
  }
  return applied;
}

function applyBundles(working: Working[], bundles: readonly PromotionRule[]): AppliedDiscount[] {
  const unitsLeft = new Map(working.map((w) => [w, w.line.quantity]));
  const applied: AppliedDiscount[] = [];
  for (const promotion of bundles) {
    const categories = [...new Set(promotion.bundleCategoryIds)];
    if (categories.length === 0 || promotion.discountFen === undefined) continue;
    const perCategory = categories.map((categoryId) =>
      working
        .filter((w) => w.line.categoryId === categoryId && isLineEligible(promotion, w.line) && (unitsLeft.get(w) ?? 0) > 0)
        .sort((a, b) => b.line.unitPriceFen - a.line.unitPriceFen),
    );
    const sets = Math.min(...perCategory.map((ws) => ws.reduce((sum, w) => sum + (unitsLeft.get(w) ?? 0), 0)));
    if (sets === 0) continue;

    // Take `sets` units per category, dearest first; weigh each line by what those units still cost.
    const taken: { target: Working; weightFen: number }[] = [];
    for (const candidates of perCategory) {
      let needed = sets;
      for (const w of candidates) {
        if (needed === 0) break;
        const units = Math.min(needed, unitsLeft.get(w) ?? 0);
        needed -= units;
        unitsLeft.set(w, (unitsLeft.get(w) ?? 0) - units);
        taken.push({ target: w, weightFen: Math.floor((w.netFen * units) / w.line.quantity) });
      }
    }
    const worth = taken.reduce((sum, t) => sum + t.weightFen, 0);
    const amountFen = Math.min(promotion.discountFen * sets, worth);
    if (amountFen === 0) continue;
    const shares = share(amountFen, taken.map((t) => t.weightFen));
    taken.forEach((t, i) => (t.target.netFen -= shares[i] ?? 0));
    applied.push({ promotionId: promotion.id, amountFen });
  }
  return applied;
}

function applyThresholds(working: Working[], thresholds: readonly PromotionRule[]): AppliedDiscount[] {
  const applied: AppliedDiscount[] = [];
  for (const promotion of thresholds) {
    const { thresholdFen, discountFen } = promotion;
    if (thresholdFen === undefined || discountFen === undefined) continue;
    const eligible = working.filter((w) => isLineEligible(promotion, w.line));
    const amount = eligible.reduce((sum, w) => sum + w.netFen, 0);
    const times = promotion.repeat ? Math.floor(amount / thresholdFen) : amount >= thresholdFen ? 1 : 0;
    // The schema keeps discountFen below thresholdFen; the min holds the "never below zero" rule
    // even for a rule that skipped validation.
    const amountFen = Math.min(discountFen * times, amount);
    if (amountFen === 0) continue;
    const shares = share(amountFen, eligible.map((w) => w.netFen));
    eligible.forEach((w, i) => (w.netFen -= shares[i] ?? 0));
    applied.push({ promotionId: promotion.id, amountFen });
  }
  return applied;
}

/**
 * Splits `amount` (≤ Σ weights) in proportion to integer weights, largest remainder first
 * (earlier index on ties), so the shares sum to `amount` exactly and none exceeds its weight.
 * BigInt because amount × weight can pass 2^53 for a full cart of dear appliances.
 */
function share(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (total === 0n) return weights.map(() => 0);
  const parts = weights.map((w, i) => {
    const scaled = BigInt(amount) * BigInt(w);
    return { i, share: Number(scaled / total), remainder: scaled % total };
  });
  let left = amount - parts.reduce((sum, p) => sum + p.share, 0);
  const shares = parts.map((p) => p.share);
  const byRemainder = [...parts].sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}

function byPriority(a: PromotionRule, b: PromotionRule): number {
  return b.priority - a.priority || compareText(a.id, b.id);
}

function compareLines(a: QuoteLine, b: QuoteLine): number {
  return (
    compareText(a.productId, b.productId) ||
    compareText(a.categoryId, b.categoryId) ||
    compareText(a.brandId, b.brandId) ||
    a.unitPriceFen - b.unitPriceFen ||
    a.quantity - b.quantity
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
