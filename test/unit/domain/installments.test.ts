import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annualRate,
  monthlyIrr,
  schedule,
  type FinanceKind,
  type PlanTerms,
  type Schedule,
} from '../../../electron/domain/installments.ts';

const equal = (termMonths: number, monthlyRate: number): PlanTerms => ({ kind: 'equal_installment', termMonths, monthlyRate });
const flat = (termMonths: number, monthlyRate: number): PlanTerms => ({ kind: 'flat_fee', termMonths, monthlyRate });
const free = (termMonths: number): PlanTerms => ({ kind: 'interest_free', termMonths, monthlyRate: 0 });

/** [principal, cost, total] per month: compact to compare against the hand-worked tables. */
const rows = (s: Schedule): Array<[number, number, number]> => s.payments.map((p) => [p.principalFen, p.costFen, p.totalFen]);

/** Standard annuity payment (float, unrounded): P·m(1+m)^n / ((1+m)^n − 1). */
const annuity = (P: number, m: number, n: number): number => (m === 0 ? P / n : (P * m * (1 + m) ** n) / ((1 + m) ** n - 1));

/** Independent NPV to the lender: −P + Σ pay_i (1+m)^−i, and |d/dm| of it. */
const npv = (P: number, pays: readonly number[], m: number): number => pays.reduce((acc, pay, i) => acc + pay / (1 + m) ** (i + 1), -P);
const npvSlope = (pays: readonly number[], m: number): number => pays.reduce((acc, pay, i) => acc + ((i + 1) * pay) / (1 + m) ** (i + 2), 0);

describe('schedule: worked examples (derived by hand)', () => {
  it('equal installment: ¥3,000 over 3 months at 0.5 %/month', () => {
    // (1.005)^3 = 1.015075125
    // M = 300000 × 0.005 × 1.015075125 / (1.015075125 − 1) = 1522.6126875 / 0.015075125
    //   = 101001.66… → 101002 fen (¥1,010.02)
    // month 1: interest 300000 × 0.005 = 1500;            principal 101002 − 1500 = 99502; balance 200498
    // month 2: interest 200498 × 0.005 = 1002.49 → 1002;  principal 101002 − 1002 = 100000; balance 100498
    // month 3: interest 100498 × 0.005 =  502.49 →  502;  principal = the balance 100498; payment 101000
    // total interest 1500 + 1002 + 502 = 3004; total paid 300000 + 3004 = 303004 = 2 × 101002 + 101000
    const s = schedule(300000, equal(3, 0.005));
    expect(rows(s)).toEqual([
      [99502, 1500, 101002],
      [100000, 1002, 101002],
      [100498, 502, 101000],
    ]);
    expect(s).toMatchObject({
      principalFen: 300000,
      monthlyPaymentFen: 101002,
      firstPaymentFen: 101002,
      lastPaymentFen: 101000,
      totalCostFen: 3004,
      totalPaidFen: 303004,
    });
    // The annualised rate is 12 × 0.5 % = 6 % up to rounding to the fen: the interest roundings
    // (−0.49, −0.49 fen) are in the customer's favour, so the IRR is a hair below 0.5 %. Bound:
    // Δm ≤ Σ|rounding| / |NPV'| ≈ 0.98 / (300000 × ~2 months) ≈ 1.6e-6 → simple annual within 2e-5.
    const apr = annualRate(s);
    expect(apr.monthlyIrr).toBeLessThan(0.005);
    expect(apr.simpleAnnual).toBeCloseTo(0.06, 4);
    expect(Math.abs(apr.simpleAnnual - 0.06)).toBeLessThan(2e-5);
    expect(apr.compoundAnnual).toBeCloseTo(1.005 ** 12 - 1, 4); // 6.1678 %
  });

  it('equal installment rounds half up on exact decimals: ¥3,001 at 0.5 %', () => {
    // month 1 interest: 300100 × 0.005 = 1500.5 exactly → 1501 (half up; banker's rounding gives 1500)
    const s = schedule(300100, equal(3, 0.005));
    expect(s.payments[0]?.costFen).toBe(1501);
  });

  it('flat fee: ¥6,000 at 0.6 %/month fee over 12 months', () => {
    // fee       = 600000 × 0.006 = 3600 fen (¥36) every month; total 12 × 3600 = 43200 (¥432)
    // principal = 600000 / 12    = 50000 fen (¥500) every month, no remainder
    // payment   = 53600 fen (¥536) × 12 = 643200 = 600000 + 43200
    const s = schedule(600000, flat(12, 0.006));
    expect(rows(s)).toEqual(Array.from({ length: 12 }, () => [50000, 3600, 53600]));
    expect(s).toMatchObject({ monthlyPaymentFen: 53600, lastPaymentFen: 53600, totalCostFen: 43200, totalPaidFen: 643200 });
    // "0.6 % × 12 = 7.2 %" is NOT the annualised rate. The customer owes on average only
    // (n+1)/(2n) = 13/24 of the ¥6,000, so to first order the rate is 7.2 % × 24/13 = 13.29 %;
    // the exact IRR (solving 600000 = 53600 × Σ (1+m)^−i) is a little lower, 13.03 %.
    const apr = annualRate(s);
    expect(apr.simpleAnnual).toBeGreaterThan(0.13);
    expect(apr.simpleAnnual).toBeLessThan(0.072 * (24 / 13));
    expect(apr.simpleAnnual).toBeCloseTo(0.13034, 4);
    // Check the root independently: the annuity payment at that rate is 536.00 yuan.
    expect(annuity(600000, apr.monthlyIrr, 12)).toBeCloseTo(53600, 4);
  });

  it('flat fee with rounding: ¥4,999 at 0.6 % over 12, the last month absorbs', () => {
    // fee:       499900 × 0.006 = 2999.4 → 2999; total 499900 × 0.006 × 12 = 35992.8 → 35993
    //            last fee = 35993 − 11 × 2999 = 35993 − 32989 = 3004
    // principal: 499900 / 12 = 41658.33 → 41658; last = 499900 − 11 × 41658 = 499900 − 458238 = 41662
    // payments:  41658 + 2999 = 44657 (× 11), last 41662 + 3004 = 44666
    const s = schedule(499900, flat(12, 0.006));
    expect(rows(s).slice(0, 11)).toEqual(Array.from({ length: 11 }, () => [41658, 2999, 44657]));
    expect(rows(s)[11]).toEqual([41662, 3004, 44666]);
    expect(s.totalCostFen).toBe(35993);
    expect(s.totalPaidFen).toBe(499900 + 35993);
  });

  it('flat fee rounds half up on the decimal rate, not on its binary approximation', () => {
    // 101000 × 0.0045 = 454.5 exactly → 455. (In binary floating point 101000 * 0.0045 is
    // 454.49999999999994, which Math.round would take to 454.)
    // total fee 101000 × 0.0045 × 6 = 2727 → last fee 2727 − 5 × 455 = 452
    // principal 101000 / 6 = 16833.33 → 16833; last 101000 − 5 × 16833 = 16835
    const s = schedule(101000, flat(6, 0.0045));
    expect(rows(s)[0]).toEqual([16833, 455, 17288]);
    expect(rows(s)[5]).toEqual([16835, 452, 17287]);
    expect(s.totalCostFen).toBe(2727);
  });

  it('interest free: ¥4,999 over 12 months', () => {
    // 499900 / 12 = 41658.33 → 41658 (× 11 = 458238); last = 499900 − 458238 = 41662; no cost
    const s = schedule(499900, free(12));
    expect(rows(s).slice(0, 11)).toEqual(Array.from({ length: 11 }, () => [41658, 0, 41658]));
    expect(rows(s)[11]).toEqual([41662, 0, 41662]);
    expect(s).toMatchObject({ monthlyPaymentFen: 41658, firstPaymentFen: 41658, lastPaymentFen: 41662, totalCostFen: 0, totalPaidFen: 499900 });
    expect(annualRate(s)).toEqual({ monthlyIrr: 0, simpleAnnual: 0, compoundAnnual: 0 });
  });

  it('a one-month term is a single payment of principal plus one month of cost', () => {
    // 100000 × 0.01 = 1000 interest; the single payment is the "last" and clears everything
    expect(rows(schedule(100000, equal(1, 0.01)))).toEqual([[100000, 1000, 101000]]);
    expect(rows(schedule(100000, flat(1, 0.01)))).toEqual([[100000, 1000, 101000]]);
  });

  it('degenerate amounts: rounding down instead of up keeps the last month non-negative', () => {
    // 10 fen / 12 = 0.83 → 1 would need 11 fen for months 1..11, more than the 10 fen lent,
    // so the regular part is rounded down to 0 and the last month pays all 10 fen.
    const s = schedule(10, free(12));
    expect(rows(s).slice(0, 11)).toEqual(Array.from({ length: 11 }, () => [0, 0, 0]));
    expect(rows(s)[11]).toEqual([10, 0, 10]);
  });

  it('rejects invalid input with RangeError', () => {
    const bad: Array<[number, PlanTerms]> = [
      [0, equal(12, 0.005)],
      [-100, equal(12, 0.005)],
      [100.5, equal(12, 0.005)],
      [Number.MAX_SAFE_INTEGER + 1, equal(12, 0.005)],
      [100000, equal(0, 0.005)],
      [100000, equal(61, 0.005)],
      [100000, equal(12.5, 0.005)],
      [100000, equal(12, -0.001)],
      [100000, equal(12, 0.1)],
      [100000, equal(12, Number.NaN)],
      [100000, { kind: 'interest_free', termMonths: 12, monthlyRate: 0.001 }],
      [100000, { kind: 'balloon' as FinanceKind, termMonths: 12, monthlyRate: 0.001 }],
    ];
    for (const [p, t] of bad) expect(() => schedule(p, t), `${p} ${JSON.stringify(t)}`).toThrow(RangeError);
  });
});

describe('monthlyIrr: worked examples', () => {
  it('borrow 10000, repay 5100 then 5202: exactly 2 %/month', () => {
    // at m = 0.02: 5100 / 1.02 = 5000 and 5202 / 1.0404 = 5000, so the PV is exactly 10000
    expect(monthlyIrr(10000, [5100, 5202])).toBeCloseTo(0.02, 10);
  });

  it('paying back less than borrowed gives a negative rate', () => {
    // 100 = 50v + 40v² → v = (−50 + √(2500 + 16000)) / 80 = (−50 + 136.01471) / 80 = 1.0751839
    // m = 1/v − 1 = −0.0699265
    expect(monthlyIrr(100, [50, 40])).toBeCloseTo(1 / ((-50 + Math.sqrt(18500)) / 80) - 1, 10);
  });

  it('a zero-cost cash flow has rate exactly 0', () => {
    expect(monthlyIrr(1000, [300, 300, 400])).toBe(0);
  });

  it('rejects cash flows without a rate', () => {
    expect(() => monthlyIrr(1000, [])).toThrow(RangeError);
    expect(() => monthlyIrr(1000, [0, 0])).toThrow(RangeError);
    expect(() => monthlyIrr(1000, [500, -1])).toThrow(RangeError);
    expect(() => monthlyIrr(0, [500])).toThrow(RangeError);
    expect(() => monthlyIrr(1000, [500.5, 600])).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const kinds: FinanceKind[] = ['equal_installment', 'flat_fee', 'interest_free'];
const principalArb = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 100_000, max: 1_000_000_000 }));
const termArb = fc.oneof(fc.constantFrom(3, 6, 9, 12, 18, 24, 36), fc.integer({ min: 1, max: 60 }));
/** Rates as data writes them (0.01 % steps) and arbitrary doubles (ugly binary expansions). */
const rateArb = fc.oneof(
  fc.integer({ min: 0, max: 999 }).map((k) => k / 10000),
  fc.double({ min: 0, max: 0.1, maxExcluded: true, noNaN: true }),
);
const termsArb: fc.Arbitrary<PlanTerms> = fc
  .tuple(fc.constantFrom(...kinds), termArb, rateArb)
  .map(([kind, termMonths, rate]) => ({ kind, termMonths, monthlyRate: kind === 'interest_free' ? 0 : rate }));

describe('schedule: properties', () => {
  it('sums exactly, in whole non-negative fen, for every kind, term, principal and rate', () => {
    fc.assert(
      fc.property(principalArb, termsArb, (P, terms) => {
        const s = schedule(P, terms);
        expect(s.payments).toHaveLength(terms.termMonths);
        let principal = 0;
        let cost = 0;
        let total = 0;
        s.payments.forEach((p, i) => {
          expect(p.n).toBe(i + 1);
          for (const v of [p.principalFen, p.costFen, p.totalFen]) {
            expect(Number.isSafeInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
          expect(p.totalFen).toBe(p.principalFen + p.costFen);
          principal += p.principalFen;
          cost += p.costFen;
          total += p.totalFen;
        });
        expect(principal).toBe(P);
        expect(cost).toBe(s.totalCostFen);
        expect(total).toBe(s.totalPaidFen);
        expect(s.totalPaidFen).toBe(P + s.totalCostFen);
        expect(s.monthlyPaymentFen).toBe(s.payments[0]?.totalFen);
        expect(s.firstPaymentFen).toBe(s.payments[0]?.totalFen);
        expect(s.lastPaymentFen).toBe(s.payments[terms.termMonths - 1]?.totalFen);
        if (terms.kind === 'interest_free' || terms.monthlyRate === 0) expect(s.totalCostFen).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('every payment but the last is the same amount', () => {
    fc.assert(
      fc.property(principalArb, termsArb, (P, terms) => {
        const regular = schedule(P, terms).payments.slice(0, -1);
        for (const p of regular) expect(p.totalFen).toBe(regular[0]?.totalFen);
        // flat fee and interest free: the split itself is regular, not just the sum
        if (terms.kind !== 'equal_installment') {
          for (const p of regular) {
            expect(p.principalFen).toBe(regular[0]?.principalFen);
            expect(p.costFen).toBe(regular[0]?.costFen);
          }
        }
      }),
    );
  });

  it('equal installment: the regular payment is the annuity payment rounded to the fen', () => {
    // Realistic amounts, where float error in the reference formula (~1e-9 fen) is far from a tie,
    // and rates up to 3 %/month (36 % a year, beyond the 24 % cap). At ~10 %/month over 5 years the
    // ≤ ½ fen rounding of M compounds by Σ(1+r)^i ≈ 2,500× and can repay a small loan before the
    // last month; the schedule then lowers M a fen (see installments.ts), a case the sum
    // properties above cover.
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 100_000_000 }), termArb, fc.integer({ min: 1, max: 300 }), (P, n, k) => {
        const r = k / 10000;
        const exact = annuity(P, r, n);
        fc.pre(Math.abs((exact % 1) - 0.5) > 1e-6);
        expect(schedule(P, equal(n, r)).monthlyPaymentFen).toBe(Math.round(exact));
      }),
    );
  });
});

describe('annualRate: properties', () => {
  it('equal installment: 12 × IRR equals 12 × the nominal rate, up to the proven rounding bound', () => {
    // Why a tolerance: with interest_i = balance·r + e_i (|e_i| ≤ ½ fen from rounding), the
    // payments satisfy pay_i = B_{i−1}(1+r) − B_i + e_i, which telescopes to
    //   NPV(r) = Σ pay_i (1+r)^−i − P = Σ e_i (1+r)^−i,  so |NPV(r)| ≤ n/2 fen.
    // (The rounding of the payment M itself cancels out: it only shifts principal between months.)
    // NPV is monotone with |NPV'| decreasing in m, so by the mean value theorem the IRR m* obeys
    //   |m* − r| ≤ (n/2) / |NPV'(r + 0.001)|   as long as that bound is itself below 0.001.
    // That is ≈ 12 × 6 / (¥1,000 × 6.5 months) ≈ 1.1e-4 on the simple annual rate for ¥1,000 over
    // 12 months, and < 1e-6 once the principal is large enough for fen to stop mattering.
    fc.assert(
      fc.property(principalArb, termArb, fc.integer({ min: 0, max: 999 }), (P, n, k) => {
        const r = k / 10000;
        const s = schedule(P, equal(n, r));
        const pays = s.payments.map((p) => p.totalFen);
        const bound = n / 2 / npvSlope(pays, r + 0.001);
        fc.pre(bound < 0.001); // otherwise the principal is a few fen and the bound says nothing
        const apr = annualRate(s);
        expect(Math.abs(apr.monthlyIrr - r)).toBeLessThanOrEqual(bound + 1e-12);
        expect(Math.abs(apr.simpleAnnual - 12 * r)).toBeLessThanOrEqual(12 * bound + 1e-11);
        expect(apr.compoundAnnual).toBeCloseTo((1 + apr.monthlyIrr) ** 12 - 1, 12);
      }),
      { numRuns: 1000 },
    );
  });

  it('equal installment: within 1e-6 of 12 × nominal once rounding to the fen is negligible', () => {
    // P ≥ 10^9 fen (¥10 M, a B2B order): the bound above is ≤ 12 × 30 / (10^9 × ~9) < 4e-8.
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_000, max: 100_000_000_000 }), termArb, fc.integer({ min: 0, max: 999 }), (P, n, k) => {
        const r = k / 10000;
        expect(Math.abs(annualRate(schedule(P, equal(n, r))).simpleAnnual - 12 * r)).toBeLessThan(1e-6);
      }),
    );
  });

  it('flat fee: the annualised rate is well above "fee × 12", about 2n/(n+1) times it', () => {
    // First order: fee / average balance = f × 2n/(n+1) (×1.71 at 6 months, ×1.85 at 12). The
    // exact IRR is slightly lower and falls further as the fee grows (later months are
    // discounted harder): at 6 months the ratio is 1.7023 at 0.5 %/month and 1.6999 at 0.6 %.
    // So "≥ 1.7×" holds for terms ≥ 6 at fees ≤ 0.5 %; up to 1 %/month and any term 6..60 it is
    // ≥ 1.65×. Principals ≥ ¥2,000 keep fen rounding (≤ 0.001 on the ratio) out of the margin.
    const P = fc.integer({ min: 200_000, max: 100_000_000 });
    const term = fc.integer({ min: 6, max: 60 });
    fc.assert(
      fc.property(P, term, fc.integer({ min: 10, max: 50 }), (p, n, k) => {
        const f = k / 10000;
        const ratio = annualRate(schedule(p, flat(n, f))).simpleAnnual / (12 * f);
        expect(ratio).toBeGreaterThanOrEqual(1.7);
        expect(ratio).toBeLessThan((2 * n) / (n + 1) + 0.005);
      }),
    );
    fc.assert(
      fc.property(P, term, fc.integer({ min: 10, max: 100 }), (p, n, k) => {
        const f = k / 10000;
        expect(annualRate(schedule(p, flat(n, f))).simpleAnnual / (12 * f)).toBeGreaterThanOrEqual(1.65);
      }),
    );
  });

  it('interest free: the annualised rate is exactly 0', () => {
    fc.assert(
      fc.property(principalArb, termArb, (P, n) => {
        expect(annualRate(schedule(P, free(n)))).toEqual({ monthlyIrr: 0, simpleAnnual: 0, compoundAnnual: 0 });
      }),
    );
  });
});

describe('monthlyIrr: properties', () => {
  it('a zero-cost cash flow (payments summing to the principal) has IRR 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 60 }), (pays) => {
        const sum = pays.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0);
        expect(monthlyIrr(sum, pays)).toBe(0);
      }),
    );
  });

  it('inverts the annuity formula: the payment at the IRR is the payment given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.0001, max: 0.05, noNaN: true }),
        (P, n, m) => {
          const M = Math.round(annuity(P, m, n));
          fc.pre(M > 0);
          const irr = monthlyIrr(P, Array.from({ length: n }, () => M));
          // An IRR error below 1e-10 changes the annuity payment by a relative ≲ 1e-10 × (n+1)/2
          // ≤ 3.1e-9, so 1e-8 relative is a sound tolerance (and far below one fen of M).
          expect(Math.abs(annuity(P, irr, n) - M) / M).toBeLessThan(1e-8);
          // and the rounding of M to the fen only moves the rate by ≤ ½ fen per month's worth
          expect(Math.abs(irr - m)).toBeLessThanOrEqual(n / 2 / npvSlope(Array.from({ length: n }, () => M), Math.max(irr, m)) + 1e-12);
        },
      ),
    );
  });

  it('is within 1e-10 of the root: the NPV changes sign across [m − 1e-10, m + 1e-10]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 60 }),
        (P, pays) => {
          const sum = pays.reduce((a, b) => a + b, 0);
          fc.pre(sum > 0 && sum !== P);
          const m = monthlyIrr(P, pays);
          fc.pre(m < 1); // beyond 100 %/month the NPV is too flat for a float sign test to mean much
          expect(npv(P, pays, m - 1e-10)).toBeGreaterThan(0);
          expect(npv(P, pays, m + 1e-10)).toBeLessThan(0);
        },
      ),
    );
  });
});
