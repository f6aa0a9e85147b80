/** Money is integer fen (1/100 yuan) everywhere; these are the only conversions to text. */

export type Lang = 'zh' | 'en';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
}

/** A rate as a percentage with two decimals (0.0899 → "8.99%"), as annual rates are quoted. */
export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

/** ¥3,999 for whole yuan, ¥3,999.50 otherwise. Same digits in both languages, as stores print them. */
export function formatFen(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = abs / 100;
  return `${sign}¥${abs % 100 === 0 ? whole.format(yuan) : cents.format(yuan)}`;
}

/** Whole-percent discount of price against list price, 0 when there is none. */
export function discountPercent(priceFen: number, listPriceFen: number): number {
  assertFen(priceFen);
  assertFen(listPriceFen);
  if (listPriceFen <= 0 || priceFen >= listPriceFen) return 0;
  return Math.floor(((listPriceFen - priceFen) * 100) / listPriceFen);
}
