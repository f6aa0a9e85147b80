import type { Locale } from '../../electron/contract/session.ts';
import type { Offer } from '../../electron/contract/finance.ts';

/**
 * A store-local calendar date (YYYY-MM-DD) in the shopper's language. It is a day, not an
 * instant, so it is formatted at UTC: no time zone can move it to the day before.
 */
export function formatStoreDate(iso: string, locale: string, style: 'weekday' | 'full'): string {
  const [y = 1970, m = 1, d = 1] = iso.split('-').map(Number);
  const options: Intl.DateTimeFormatOptions =
    style === 'weekday' ? { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric' } : { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' };
  return new Intl.DateTimeFormat(locale, options).format(Date.UTC(y, m - 1, d));
}

/** The contract's two languages; anything else the UI might report falls back to the default. */
export function contractLocale(language: string): Locale {
  return language === 'en' ? 'en' : 'zh-CN';
}

/** An offer carries what is repaid and what it costs; the principal is the difference. */
export function principalOf(offer: Offer): number {
  return offer.totalPaidFen - offer.totalCostFen;
}

const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit & Intl.NumberFormatOptions['unit'], number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** The largest whole unit of a span of time (“3 hours”, “3 小时”): for staff reading ages at a glance. */
function largestUnit(ms: number): { unit: (typeof UNITS)[number][0]; n: number } {
  const span = Math.max(0, ms);
  const [unit, size] = UNITS.find(([, size]) => span >= size) ?? UNITS[UNITS.length - 1]!;
  return { unit, n: Math.floor(span / size) };
}

export function formatDuration(ms: number, locale: string): string {
  const { unit, n } = largestUnit(ms);
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

/** “3 minutes ago”, “3分钟前”. */
export function formatAgo(at: number, now: number, locale: string): string {
  const { unit, n } = largestUnit(now - at);
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-n, unit);
}
