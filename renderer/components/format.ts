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

