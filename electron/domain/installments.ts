/**
 * Installment (consumer credit) math: schedules in integer fen and the annualised rate by IRR.
 * Pure and deterministic; DESIGN.md §5, issue 4 item 2.
 *
 * Rounding rules (what the key-terms page and the lender's contract both print):
 * - Every amount is rounded to the fen, half up. The arithmetic is done on exact rationals
 *   (the rate's decimal digits as an integer fraction, BigInt), so `300100 × 0.005 = 1500.5`
 *   really rounds to 1501 on every machine, instead of depending on binary floating-point noise.
 * - The LAST payment absorbs every difference, so the schedule sums exactly:
 *   Σ principalFen = principal, Σ costFen = totalCostFen, Σ totalFen = totalPaidFen.
 *
 * Kinds:
 * - `equal_installment` (等额本息): payment M = round(P·r(1+r)^n / ((1+r)^n − 1)); each month
 *   interest = round(balance·r), principal = M − interest; the last payment clears the balance
 *   (plus its own interest). With r = 0 it is the limit, an even split of the principal.
 * - `flat_fee` (手续费分期): fee = round(P·r) every month, the last month's fee making the total
 *   round(P·r·n); principal = round(P/n), the last month taking the rest.
 * - `interest_free`: principal split as for `flat_fee`, no cost to the customer (the merchant or
 *   brand pays the lender a discount, which never appears in the customer's schedule).
 *
 * Degenerate amounts: when a regular part is only a few fen (e.g. ¥0.10 over 12 months, or a fee
 * of 0.5 fen a month), rounding half up on n − 1 months could overshoot the total and leave the
 * last month negative. Only then the regular part is rounded down instead (for equal_installment:
 * lowered a fen at a time), which leaves the last month ≥ 0. For equal_installment this can also
 * happen to small loans at extreme rates and terms (≈ 10 %/month over 5 years), where the ½-fen
 * rounding of M compounds by Σ(1+r)^i. Real finance products (hundreds of yuan and up, within the
 * 24 % cap) never hit this; it keeps the function total over its validated domain.
 *
 * Why a flat-fee plan's annualised rate is about TWICE its "monthly fee × 12":
 * the fee is charged every month on the ORIGINAL principal, but the customer repays principal from
 * the first month, so on average they owe only about half of it: (n + 1) / (2n) of P over the
 * term. Paying f·P a month for the use of ≈ P·(n+1)/(2n) is a rate of ≈ f · 2n/(n+1) on what is
 * actually borrowed: ×1.71 for 6 months, ×1.85 for 12, ×1.92 for 24 (the IRR is slightly lower
 * than this first-order figure for larger fees, because later months are discounted more). That
 * is why PBOC 2021 No. 3 requires the IRR-based annualised rate, not the fee rate, to be shown.
 */

export type FinanceKind = 'equal_installment' | 'flat_fee' | 'interest_free';

export interface PlanTerms {
  kind: FinanceKind;
  termMonths: number; // 3, 6, 9, 12, 18, 24, 36
  /** equal_installment: monthly interest rate on the outstanding balance (等额本息).
   *  flat_fee: monthly fee rate on the ORIGINAL principal (手续费分期).
   *  interest_free: must be 0 (the merchant/brand pays the lender's discount). */
  monthlyRate: number; // e.g. 0.005 = 0.5 % per month
}

export interface Payment {
  n: number;
  principalFen: number;
  /** Interest (equal_installment) or fee (flat_fee); 0 for interest_free. */
  costFen: number;
  totalFen: number;
}

export interface Schedule {
  principalFen: number;
  payments: Payment[]; // length = termMonths
  monthlyPaymentFen: number; // the regular (first) payment
  firstPaymentFen: number;
  lastPaymentFen: number;
  totalCostFen: number; // Σ costFen (what credit costs the customer)
  totalPaidFen: number; // principal + totalCost = Σ totalFen exactly
}

export interface AnnualRate {
  monthlyIrr: number;
  /** 12 × monthly IRR: the figure PBOC 2021 No. 3 asks to show; label it as such. */
  simpleAnnual: number;
  /** (1 + m)^12 − 1, shown alongside. */
  compoundAnnual: number;
}

const MIN_TERM = 1;
const MAX_TERM = 60;
const MAX_MONTHLY_RATE = 0.1; // exclusive: 120 % a year simple is far beyond any legal product

/** A non-negative rate as the exact fraction of its shortest decimal form (0.005 → 5/1000). */
interface Rational {
  num: bigint;
  den: bigint;
}

function rateAsRational(rate: number): Rational {
  // String(x) is the shortest decimal that round-trips to x, i.e. the rate as the data wrote it.
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(rate));
  if (m === null) throw new RangeError(`monthly rate is not a plain non-negative number: ${rate}`);
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? '0') - frac.length;
  const digits = BigInt(`${m[1] ?? '0'}${frac}`);
  return exp >= 0 ? { num: digits * 10n ** BigInt(exp), den: 1n } : { num: digits, den: 10n ** BigInt(-exp) };
}

/** round(num / den) half up, for num ≥ 0 and den > 0. */
function roundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

/**
 * The regular monthly part, the exact fraction `num/den` rounded half up, for a total of `total`
 * over `n` months whose last month takes `total − (n − 1) × regular`. Falls back to rounding down
 * when rounding up would make that last month negative (see the file comment): with x = num/den
 * and total ≥ x·n − ½ (itself rounded half up), total − (n − 1)·floor(x) ≥ x − ½ > −1, so ≥ 0.
 */
function regularPart(num: bigint, den: bigint, total: bigint, n: bigint): bigint {
  const rounded = roundHalfUp(num, den);
  return rounded * (n - 1n) <= total ? rounded : num / den;
}

function validate(principalFen: number, terms: PlanTerms): void {
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) {
    throw new RangeError(`principal must be a positive whole number of fen: ${principalFen}`);
  }
  const { kind, termMonths, monthlyRate } = terms;
  if (kind !== 'equal_installment' && kind !== 'flat_fee' && kind !== 'interest_free') {
    // The type says this cannot happen, but terms come from HQ data; fail loudly, not silently.
    throw new RangeError(`unknown finance kind: ${String(kind)}`);
  }
  if (!Number.isInteger(termMonths) || termMonths < MIN_TERM || termMonths > MAX_TERM) {
    throw new RangeError(`term must be a whole number of months in ${MIN_TERM}..${MAX_TERM}: ${termMonths}`);
  }
  if (!Number.isFinite(monthlyRate) || monthlyRate < 0 || monthlyRate >= MAX_MONTHLY_RATE) {
    throw new RangeError(`monthly rate must be in [0, ${MAX_MONTHLY_RATE}): ${monthlyRate}`);
  }
  if (kind === 'interest_free' && monthlyRate !== 0) {
    throw new RangeError(`an interest-free plan must have rate 0, got ${monthlyRate}`);
  }
}

function toFen(x: bigint): number {
  const n = Number(x);
  // Only reachable with absurd principals near 2^53 fen; refuse rather than lose fen.
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount exceeds the safe integer range: ${x}`);
  return n;
}

function equalInstallment(P: bigint, n: number, r: Rational): Array<[bigint, bigint]> {
  const N = BigInt(n);
  let M: bigint;
  if (r.num === 0n) {
    M = regularPart(P, N, P, N);
  } else {
    // M = P·r(1+r)^n / ((1+r)^n − 1) with r = k/D  ⇒  P·k·(D+k)^n / (D·((D+k)^n − D^n)), exact.
    const grown = (r.den + r.num) ** N;
    M = roundHalfUp(P * r.num * grown, r.den * (grown - r.den ** N));
  }
  // Degenerate amounts only (a few fen a month): if M repays more than the principal before the
  // last month, lower it a fen at a time. This stops at the latest at M = round(P·r), where no
  // principal is repaid before the last month, so the loop always ends with a valid schedule.
  for (;;) {
    const rows = amortise(P, n, r, M);
    if (rows !== null) return rows;
    M -= 1n;
  }
}

/** The rows for regular payment M, or null when the balance would go below zero early. */
function amortise(P: bigint, n: number, r: Rational, M: bigint): Array<[bigint, bigint]> | null {
  const rows: Array<[bigint, bigint]> = [];
  let balance = P;
  for (let i = 1; i <= n; i++) {
    const interest = roundHalfUp(balance * r.num, r.den);
    // interest ≤ round(P·r) ≤ M (the balance only falls), so a regular principal is never negative.
    const principal = i === n ? balance : M - interest;
    balance -= principal;
    if (balance < 0n) return null;
    rows.push([principal, interest]);
  }
  return rows;
}

function evenSplit(P: bigint, n: number, feeRate: Rational): Array<[bigint, bigint]> {
  const N = BigInt(n);
  const principal = regularPart(P, N, P, N);
  const totalFee = roundHalfUp(P * feeRate.num * N, feeRate.den);
  const fee = regularPart(P * feeRate.num, feeRate.den, totalFee, N);
  const rows: Array<[bigint, bigint]> = [];
  for (let i = 1; i < n; i++) rows.push([principal, fee]);
  rows.push([P - principal * (N - 1n), totalFee - fee * (N - 1n)]);
  return rows;
}

export function schedule(principalFen: number, terms: PlanTerms): Schedule {
  validate(principalFen, terms);
  const P = BigInt(principalFen);
  const rate = rateAsRational(terms.monthlyRate);
  const rows =
    terms.kind === 'equal_installment'
      ? equalInstallment(P, terms.termMonths, rate)
      : evenSplit(P, terms.termMonths, rate); // interest_free has rate 0, so cost 0
  const payments: Payment[] = rows.map(([principal, cost], i) => ({
    n: i + 1,
    principalFen: toFen(principal),
    costFen: toFen(cost),
    totalFen: toFen(principal + cost),
  }));
  const totalCost = rows.reduce((sum, [, cost]) => sum + cost, 0n);
  const first = payments[0];
  const last = payments[payments.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('empty schedule'); // term ≥ 1
  return {
    principalFen,
    payments,
    monthlyPaymentFen: first.totalFen,
    firstPaymentFen: first.totalFen,
    lastPaymentFen: last.totalFen,
    totalCostFen: toFen(totalCost),
    totalPaidFen: toFen(P + totalCost),
  };
}

/**
 * Net present value of the loan to the lender at monthly rate m, and its derivative:
 * f(m) = −P + Σ pay_i·(1+m)^−i. f is strictly decreasing in m (payments ≥ 0, one > 0), from +∞
 * near m = −1 to −P as m → ∞, so there is exactly one root.
 */
function npv(principal: number, payments: readonly number[], m: number): { f: number; df: number } {
  const v = 1 / (1 + m);
  let f = -principal;
  let df = 0;
  let vi = 1;
  for (let i = 0; i < payments.length; i++) {
    vi *= v;
    const pay = payments[i] ?? 0;
    f += pay * vi;
    df -= (i + 1) * pay * vi * v;
  }
  return { f, df };
}

/** Monthly IRR of: +principal at t0, −payment_i at month i. Newton with bisection fallback, |error| < 1e-10. */
export function monthlyIrr(principalFen: number, paymentsFen: readonly number[]): number {
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) {
    throw new RangeError(`principal must be a positive whole number of fen: ${principalFen}`);
  }
  if (paymentsFen.length === 0) throw new RangeError('no payments');
  let sum = 0;
  for (const pay of paymentsFen) {
    if (!Number.isSafeInteger(pay) || pay < 0) throw new RangeError(`payment must be a whole number of fen ≥ 0: ${pay}`);
    sum += pay;
  }
  if (sum === 0) throw new RangeError('payments are all zero: no rate repays the principal');
  // Exact answer for a zero-cost schedule (the interest-free case), free of iteration noise.
  if (sum === principalFen) return 0;

  // Bracket the root: f(lo) > 0 > f(hi). Paying back more than borrowed ⇒ root > 0, else < 0.
  let lo: number;
  let hi: number;
  if (sum > principalFen) {
    lo = 0;
    hi = 0.1;
    while (npv(principalFen, paymentsFen, hi).f > 0) {
      lo = hi;
      hi *= 2;
    }
  } else {
    hi = 0;
    lo = -0.5;
    while (npv(principalFen, paymentsFen, lo).f < 0) {
      hi = lo;
      lo = (lo - 1) / 2; // halve the distance to −1, where the NPV goes to +∞
    }
  }

  // Safeguarded Newton: take the Newton step when it stays inside the bracket, else bisect.
  // Near the root Newton converges quadratically; the bracket guarantees termination.
  // First guess: cost spread over the average balance, ≈ 2·(sum/P − 1)/(n + 1) (see file comment).
  let m = (2 * (sum / principalFen - 1)) / (paymentsFen.length + 1);
  if (!(m > lo && m < hi)) m = (lo + hi) / 2;
  for (let iter = 0; iter < 200; iter++) {
    const { f, df } = npv(principalFen, paymentsFen, m);
    if (f === 0) return m;
    if (f > 0) lo = m;
    else hi = m;
    let next = df < 0 ? m - f / df : Number.NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const step = Math.abs(next - m);
    m = next;
    // 1e-13 on the rate is three orders below the promised 1e-10.
    if (step < 1e-13 || hi - lo < 1e-13) return m;
  }
  return m;
}

export function annualRate(s: Schedule): AnnualRate {
  const m = monthlyIrr(
    s.principalFen,
    s.payments.map((p) => p.totalFen),
  );
  return {
    monthlyIrr: m,
    simpleAnnual: 12 * m,
    // expm1/log1p keep precision for small m (0 stays exactly 0).
    compoundAnnual: Math.expm1(12 * Math.log1p(m)),
  };
}
