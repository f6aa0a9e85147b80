import type { FinanceProductData, LenderData, Offer, OfferReason, RoutingRule } from '../contract/finance.ts';
import { annualRate, schedule, type AnnualRate, type Schedule } from './installments.ts';

/**
 * Offers and routing ("撮合", DESIGN.md §5): which finance plans a shopper may choose for an
 * amount, which lender each plan goes to, and why the best one is first.
 *
 * Two evaluators share one ranking:
 * - `rankOffers` computes every eligible plan exactly (domain/installments: fen-exact schedule and
 *   IRR) — the offers panel, a few dozen plans per call.
 * - `MonthlyIndex.fromMonthly` answers "from ¥X/month" for every product card of a page, so it
 *   precomputes per category the candidate plans and evaluates them with float arithmetic only.
 *   Wherever float could round differently from the exact rational math (a value within 1e-6 of a
 *   half fen, a plan within a point of the APR cap), it falls back to the exact evaluator for
 *   that plan; equal-installment costs are estimated within a proven band and made exact only
 *   when two plans' bands overlap. Both evaluators always agree (tested on random amounts).
 *
 * APR cap: PBOC 2021 No. 3 requires the annualised rate to be computed by IRR; we compare the cap
 * with the SIMPLE annual figure (12 × monthly IRR): that is the figure the announcement has
 * lenders display, and the 24 % line is a simple annual rate — the judicial protection line
 * courts drew for lending (SPC private-lending provisions, 2015), which licensed consumer lenders
 * still treat as their ceiling. Comparing the compound figure (always higher) would drop plans
 * the line allows; HQ can lower `aprCap` if it wants a margin. An offer is dropped when
 * simpleAnnual > cap (strictly; float noise at exactly the cap errs towards dropping).
 */

export interface Plan {
  product: FinanceProductData;
  lender: LenderData;
  months: number;
  monthlyRate: number;
  /** interest_free only (else 0): the merchant's discount rate, flat per month on the principal. */
  merchantMonthlyRate: number;
  /**
   * The plan's APR at a reference amount (its largest): amount-independent up to fen rounding.
   * Used as the APR ranking key in both evaluators so they rank identically; what an offer shows
   * is always its own exact APR.
   */
  refApr: number;
  /** 'over': far above the cap at any amount; 'near': within NEAR_CAP of it, decided exactly per amount. */
  cap: 'under' | 'near' | 'over';
  /** equal_installment: r(1+r)^n / ((1+r)^n − 1), the payment per fen of principal. */
  annuityFactor: number;
  /** Σ_{k=1}^{n−1} (1+r)^k: how a fen of rounding in the payment grows to the last month. */
  growthSum: number;
}

/** A finance dataset as the store keeps it (the parsed dataset, or rebuilt from the database). */
export interface FinanceBook {
  version: string;
  aprCap: number;
  /** Credit the kiosk may approve per store day while HQ is unreachable. */
  offlineDailyCapFen: number;
  routing: readonly RoutingRule[];
  plans: readonly Plan[];
}

export interface ProductUsage {
  applicationsToday: number;
  /** What is left of the subsidy budget (interest_free); may be negative after overspend. */
  subsidyRemainingFen: number;
}
export type UsageOf = (productId: string) => ProductUsage;

/** Fen rounding can move a plan's APR by far less than this between amounts (see Plan.refApr). */
const NEAR_CAP = 0.01;
/** A float within this of a half fen is too close to call; the exact evaluator decides. */
const TIE_GUARD = 1e-6;
/** Memoised "from" answers per index (one store day and usage snapshot); cleared when full. */
const MAX_ANSWERS = 50_000;

export function compileBook(input: {
  version: string;
  aprCap: number;
  offlineDailyCapFen?: number;
  routing: readonly RoutingRule[];
  lenders: readonly LenderData[];
  products: readonly FinanceProductData[];
}): FinanceBook {
  const lenders = new Map(input.lenders.map((l) => [l.id, l]));
  const plans: Plan[] = [];
  for (const product of input.products) {
    const lender = lenders.get(product.lenderId);
    if (!lender) continue; // the dataset schema refuses this; a stale row just offers nothing
    for (const term of product.terms) {
      const r = term.monthlyRate;
      const grown = (1 + r) ** term.months;
      const plan: Plan = {
        product,
        lender,
        months: term.months,
        monthlyRate: r,
        merchantMonthlyRate: term.merchantMonthlyRate ?? 0,
        refApr: 0,
        cap: 'under',
        annuityFactor: r > 0 ? (r * grown) / (grown - 1) : 1 / term.months,
        growthSum: r > 0 ? (grown - 1 - r) / r : term.months - 1,
      };
      plan.refApr = exactPlan(plan, product.maxAmountFen).apr.simpleAnnual;
      plan.cap = plan.refApr > input.aprCap + NEAR_CAP ? 'over' : plan.refApr >= input.aprCap - NEAR_CAP ? 'near' : 'under';
      plans.push(plan);
    }
  }
  return { version: input.version, aprCap: input.aprCap, offlineDailyCapFen: input.offlineDailyCapFen ?? 0, routing: input.routing, plans };
}

/** The product runs today and may finance this category (empty list = every category). */
function isOpen(product: FinanceProductData, today: string): boolean {
  return product.active && (product.startsOn === undefined || product.startsOn <= today) && (product.endsOn === undefined || today <= product.endsOn);
}
const coversCategory = (product: FinanceProductData, categoryId: string) =>
  product.categoryIds.length === 0 || product.categoryIds.includes(categoryId);
const inRange = (product: FinanceProductData, amountFen: number) => amountFen >= product.minAmountFen && amountFen <= product.maxAmountFen;

export interface ExactPlan {
  schedule: Schedule;
  apr: AnnualRate;
  subsidyFen: number;
}

/** The customer's schedule and APR, and the merchant's subsidy, exactly (domain/installments). */
export function exactPlan(plan: Plan, amountFen: number): ExactPlan {
  const s = schedule(amountFen, { kind: plan.product.kind, termMonths: plan.months, monthlyRate: plan.monthlyRate });
  // The merchant's discount is quoted like a flat fee, so the same exact rounding applies.
  const subsidyFen =
    plan.product.kind === 'interest_free'
      ? schedule(amountFen, { kind: 'flat_fee', termMonths: plan.months, monthlyRate: plan.merchantMonthlyRate }).totalCostFen
      : 0;
  return { schedule: s, apr: annualRate(s), subsidyFen };
}

/** What routing compares; both evaluators fill it the same way. */
interface Keys {
  plan: Plan;
  /** Exact, or (per-card path) an estimate within ±costErrorFen until settled. */
  totalCostFen: number;
  costErrorFen?: number;
  monthlyPaymentFen: number;
  /** Share of the subsidy budget left after this plan (1 for plans that need no subsidy). */
  subsidyLeft: number;
  /** Share of today's application quota left. */
  quotaLeft: number;
}

function subsidyLeft(plan: Plan, usage: ProductUsage, subsidyFen: number): number {
  if (subsidyFen === 0) return 1;
  const budget = plan.product.subsidyBudgetFen ?? 0;
  return budget > 0 ? (usage.subsidyRemainingFen - subsidyFen) / budget : 0;
}
const quotaLeft = (plan: Plan, usage: ProductUsage) => (plan.product.dailyQuota - usage.applicationsToday) / plan.product.dailyQuota;
/** Dropped before any arithmetic: used up its lender's quota at this kiosk today. */
const quotaExhausted = (plan: Plan, usage: ProductUsage) => usage.applicationsToday >= plan.product.dailyQuota;
/** Dropped: the merchant's remaining budget cannot fund this plan's subsidy. */
const budgetShort = (usage: ProductUsage, subsidyFen: number) => subsidyFen > 0 && subsidyFen > usage.subsidyRemainingFen;

/**
 * The first rule (in the data's order) that tells a and b apart: negative when a goes first,
 * with the reason code that explains a winning. Ties on every rule fall back to ids so the
 * order is total and stable (no reason: nothing but chance separated them).
 */
function decide(a: Keys, b: Keys, order: readonly RoutingRule[], settle?: (k: Keys) => void): { sign: number; reason: OfferReason | null } {
  for (const rule of order) {
    switch (rule) {
      case 'customer_cost': {
        // Estimated costs whose error bands overlap cannot be ordered yet: make them exact.
        if (settle && Math.abs(a.totalCostFen - b.totalCostFen) <= (a.costErrorFen ?? 0) + (b.costErrorFen ?? 0)) {
          settle(a);
          settle(b);
        }
        if (a.totalCostFen !== b.totalCostFen) return { sign: a.totalCostFen - b.totalCostFen, reason: 'LOWEST_TOTAL_COST' };
        if (a.plan.refApr !== b.plan.refApr) return { sign: a.plan.refApr - b.plan.refApr, reason: 'LOWEST_APR' };
        if (a.monthlyPaymentFen !== b.monthlyPaymentFen) return { sign: a.monthlyPaymentFen - b.monthlyPaymentFen, reason: 'LOWEST_MONTHLY_PAYMENT' };
        break;
      }
      case 'subsidy_left':
        if (a.subsidyLeft !== b.subsidyLeft) return { sign: b.subsidyLeft - a.subsidyLeft, reason: 'MOST_SUBSIDY_LEFT' };
        break;
      case 'quota_left':
        if (a.quotaLeft !== b.quotaLeft) return { sign: b.quotaLeft - a.quotaLeft, reason: 'MOST_QUOTA_LEFT' };
        break;
      case 'priority': {
        const product = b.plan.product.priority - a.plan.product.priority;
        if (product !== 0) return { sign: product, reason: 'LENDER_PRIORITY' };
        const lender = b.plan.lender.priority - a.plan.lender.priority;
        if (lender !== 0) return { sign: lender, reason: 'LENDER_PRIORITY' };
        break;
      }
    }
  }
  const id = a.plan.product.id < b.plan.product.id ? -1 : a.plan.product.id > b.plan.product.id ? 1 : a.plan.months - b.plan.months;
  return { sign: id, reason: null };
}

export interface RoutedOffers {
  /** The routed offer for each term (one lender per plan), shortest term first. */
  offers: Offer[];
  /** The top-ranked offer over all terms (what the panel recommends), or null when nothing qualifies. */
  best: Offer | null;
  /** Why `best` is first, as codes the renderer translates. */
  why: OfferReason[];
}

type Ranked = Keys & { offer: Offer };

/** One plan at one amount, if the shopper may have it today: open, in range, every category covered, quota and budget left, under the cap. */
function eligible(book: FinanceBook, plan: Plan, amountFen: number, categoryIds: readonly string[], today: string, usageOf: UsageOf): Ranked | null {
  const { product } = plan;
  if (plan.cap === 'over' || !isOpen(product, today) || !inRange(product, amountFen)) return null;
  if (!categoryIds.every((c) => coversCategory(product, c))) return null;
  const usage = usageOf(product.id);
  if (quotaExhausted(plan, usage)) return null;
  const exact = exactPlan(plan, amountFen);
  if (exact.apr.simpleAnnual > book.aprCap) return null;
  if (budgetShort(usage, exact.subsidyFen)) return null;
  const s = exact.schedule;
  return {
    plan,
    totalCostFen: s.totalCostFen,
    monthlyPaymentFen: s.monthlyPaymentFen,
    subsidyLeft: subsidyLeft(plan, usage, exact.subsidyFen),
    quotaLeft: quotaLeft(plan, usage),
    offer: {
      productId: product.id,
      lenderId: plan.lender.id,
      lender: plan.lender.name,
      kind: product.kind,
      name: product.name,
      termMonths: plan.months,
      monthlyPaymentFen: s.monthlyPaymentFen,
      firstPaymentFen: s.firstPaymentFen,
      lastPaymentFen: s.lastPaymentFen,
      totalCostFen: s.totalCostFen,
      totalPaidFen: s.totalPaidFen,
      apr: { simpleAnnual: exact.apr.simpleAnnual, compoundAnnual: exact.apr.compoundAnnual },
      subsidyFen: exact.subsidyFen,
      offlineApprovable: product.offlineApprovable && amountFen <= product.offlineMaxAmountFen,
    },
  };
}

/**
 * The offer for one finance product at one term, if the shopper may have it for this amount:
 * what an application re-quotes, so the plan signed is priced now, not when the panel opened.
 */
export function offerFor(book: FinanceBook, amountFen: number, categoryIds: readonly string[], today: string, usageOf: UsageOf, productId: string, months: number): Offer | null {
  const plan = book.plans.find((p) => p.product.id === productId && p.months === months);
  return plan ? (eligible(book, plan, amountFen, categoryIds, today, usageOf)?.offer ?? null) : null;
}

/**
 * Every eligible plan for an amount and the categories in the cart, ranked and routed.
 * A cart qualifies for a product only if EVERY line's category is eligible: a finance product
 * is one loan for the whole basket, and a lender that finances fridges does not finance a TV
 * bought with it.
 */
export function rankOffers(book: FinanceBook, amountFen: number, categoryIds: readonly string[], today: string, usageOf: UsageOf): RoutedOffers {
  const ranked: Ranked[] = [];
  for (const plan of book.plans) {
    const r = eligible(book, plan, amountFen, categoryIds, today, usageOf);
    if (r) ranked.push(r);
  }
  ranked.sort((a, b) => decide(a, b, book.routing).sign);

  const routed = new Map<number, (typeof ranked)[number]>();
  for (const r of ranked) if (!routed.has(r.plan.months)) routed.set(r.plan.months, r);
  const offers = [...routed.values()].sort((a, b) => a.plan.months - b.plan.months).map((r) => r.offer);

  const best = ranked[0];
  if (!best) return { offers, best: null, why: [] };
  const why = new Set<OfferReason>();
  if (best.plan.product.kind === 'interest_free') why.add('INTEREST_FREE');
  if (best.offer.subsidyFen > 0) why.add('SUBSIDISED_BY_MERCHANT');
  // Why this plan rather than the best plan of another term, and why this lender rather than
  // the next one offering the same term.
  const otherTerm = ranked.find((r) => r.plan.months !== best.plan.months);
  const sameTerm = ranked.find((r) => r !== best && r.plan.months === best.plan.months);
  for (const rival of [otherTerm, sameTerm]) {
    const reason = rival ? decide(best, rival, book.routing).reason : null;
    if (reason) why.add(reason);
  }
  if (!otherTerm && !sameTerm) why.add('ONLY_OFFER');
  return { offers, best: best.offer, why: [...why].slice(0, 4) };
}

/** round(x) half up when float can tell; undefined when x is too close to a half for that. */
function roundSure(x: number): number | undefined {
  const floor = Math.floor(x);
  const d = x - floor - 0.5;
  if (Math.abs(d) < TIE_GUARD) return undefined;
  return d > 0 ? floor + 1 : floor;
}

/** Fast-path figures for one plan; `totalCostFen` may be an estimate within ±costErrorFen. */
export interface QuickFigures {
  monthlyPaymentFen: number;
  totalCostFen: number;
  costErrorFen: number;
  subsidyFen: number;
}

/**
 * Mirrors domain/installments' rounding with floats, for the per-card path: the principal split
 * in exact integer arithmetic, rates as floats guarded against ties. Returns undefined whenever
 * the float result could differ from the exact one; the caller then uses `exactPlan`.
 *
 * For equal installments the exact total cost needs the month-by-month amortisation (interest
 * rounded each month). Routing rarely needs it to the fen — plans of one term usually differ by
 * far more — so this returns a closed-form estimate with a proven error band, and `exactCost`
 * settles it only when two bands overlap. With M = round(M*) (M* = P·annuity factor) and
 * S = Σ_{k=1}^{n−1} (1+r)^k: without interest rounding the last payment would be
 * M* − (M − M*)·S; each month's interest rounding (≤ ½ fen) grows with the balance to the last
 * month, moving it by at most ½·(S + 1).
 */
export function quickPlan(plan: Plan, P: number): QuickFigures | undefined {
  const n = plan.months;
  if (plan.product.kind === 'equal_installment') {
    const exactM = P * plan.annuityFactor;
    const M = roundSure(exactM);
    if (M === undefined) return undefined;
    const last = exactM - (M - exactM) * plan.growthSum;
    const error = 0.5 * (plan.growthSum + 1) + TIE_GUARD;
    // Degenerate amounts (a few fen a month), where M could overpay before the last month and
    // installments lowers it: leave them to the exact path.
    if (last - error < 1) return undefined;
    return { monthlyPaymentFen: M, totalCostFen: (n - 1) * M + last - P, costErrorFen: error, subsidyFen: 0 };
  }
  // Principal: round(P / n) half up in integers (exact), unless n − 1 of them would exceed P.
  const rounded = Math.floor((2 * P + n) / (2 * n));
  const principal = rounded * (n - 1) <= P ? rounded : Math.floor(P / n);
  if (plan.product.kind === 'flat_fee') {
    const totalFee = roundSure(P * plan.monthlyRate * n);
    const fee = roundSure(P * plan.monthlyRate);
    if (totalFee === undefined || fee === undefined || fee * (n - 1) > totalFee) return undefined;
    return { monthlyPaymentFen: principal + fee, totalCostFen: totalFee, costErrorFen: 0, subsidyFen: 0 };
  }
  const subsidy = roundSure(P * plan.merchantMonthlyRate * n);
  return subsidy === undefined ? undefined : { monthlyPaymentFen: principal, totalCostFen: 0, costErrorFen: 0, subsidyFen: subsidy };
}

/** The exact total cost of an equal-installment plan with regular payment M (installments' amortisation). */
export function exactCost(plan: Plan, P: number, M: number): number | undefined {
  const r = plan.monthlyRate;
  let balance = P;
  let cost = 0;
  for (let i = 1; i <= plan.months; i++) {
    const interest = roundSure(balance * r);
    if (interest === undefined) return undefined;
    cost += interest;
    if (i < plan.months) balance -= M - interest;
    if (balance < 0) return undefined;
  }
  return cost;
}

/**
 * "From ¥X/month" for product cards: the lowest monthly payment among the offers `rankOffers`
 * would route for a one-category cart of that amount. Candidate plans are fixed per category for
 * one store date and one usage snapshot (build a new index when either changes).
 */
export class MonthlyIndex {
  /** Per category: the candidate plans grouped by term. */
  private readonly byCategory = new Map<string, { plan: Plan; usage: ProductUsage }[][]>();
  /** Answers already given (browsing shows the same cards again and again while typing). */
  private readonly answers = new Map<string, number | null>();

  constructor(
    private readonly book: FinanceBook,
    private readonly today: string,
    private readonly usageOf: UsageOf,
  ) {}

  private groups(categoryId: string): { plan: Plan; usage: ProductUsage }[][] {
    const cached = this.byCategory.get(categoryId);
    if (cached) return cached;
    const byTerm = new Map<number, { plan: Plan; usage: ProductUsage }[]>();
    for (const plan of this.book.plans) {
      if (plan.cap === 'over' || !isOpen(plan.product, this.today) || !coversCategory(plan.product, categoryId)) continue;
      const usage = this.usageOf(plan.product.id);
      if (quotaExhausted(plan, usage)) continue;
      const group = byTerm.get(plan.months) ?? [];
      group.push({ plan, usage });
      byTerm.set(plan.months, group);
    }
    const groups = [...byTerm.values()];
    this.byCategory.set(categoryId, groups);
    return groups;
  }

  fromMonthly(amountFen: number, categoryId: string): number | null {
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0) return null;
    const key = `${amountFen} ${categoryId}`;
    const known = this.answers.get(key);
    if (known !== undefined) return known;
    const answer = this.compute(amountFen, categoryId);
    if (this.answers.size >= MAX_ANSWERS) this.answers.clear();
    this.answers.set(key, answer);
    return answer;
  }

  private compute(amountFen: number, categoryId: string): number | null {
    const settle = (k: Keys) => {
      if (!k.costErrorFen) return;
      k.totalCostFen = exactCost(k.plan, amountFen, k.monthlyPaymentFen) ?? exactPlan(k.plan, amountFen).schedule.totalCostFen;
      k.costErrorFen = 0;
    };
    let lowest: number | null = null;
    for (const group of this.groups(categoryId)) {
      let winner: Keys | undefined;
      for (const { plan, usage } of group) {
        if (!inRange(plan.product, amountFen)) continue;
        let figures = plan.cap === 'near' ? undefined : quickPlan(plan, amountFen);
        if (!figures) {
          const exact = exactPlan(plan, amountFen);
          if (exact.apr.simpleAnnual > this.book.aprCap) continue;
          const { monthlyPaymentFen, totalCostFen } = exact.schedule;
          figures = { monthlyPaymentFen, totalCostFen, costErrorFen: 0, subsidyFen: exact.subsidyFen };
        }
        if (budgetShort(usage, figures.subsidyFen)) continue;
        const keys: Keys = {
          plan,
          totalCostFen: figures.totalCostFen,
          costErrorFen: figures.costErrorFen,
          monthlyPaymentFen: figures.monthlyPaymentFen,
          subsidyLeft: subsidyLeft(plan, usage, figures.subsidyFen),
          quotaLeft: quotaLeft(plan, usage),
        };
        if (!winner || decide(keys, winner, this.book.routing, settle).sign < 0) winner = keys;
      }
      if (winner && (lowest === null || winner.monthlyPaymentFen < lowest)) lowest = winner.monthlyPaymentFen;
    }
    return lowest;
  }
}
