export { formatAgo } from '../../../ui/durations.ts';

/**
 * Number and time formats for the console's tables. Intl formatters are built once per locale:
 * a fleet table repaints dozens of cells per keystroke.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let formatter = cache.get(key) as F | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

export const formatCount = (n: number, locale: string) => cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(n);

export const formatPercent = (share: number, locale: string) =>
  cached(`p:${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })).format(share);

/** A moment in the browser's time zone, to the minute (HQ staff read their own clock). */
export const formatTime = (at: number, locale: string) =>
  cached(`t:${locale}`, () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).format(at);

/** Bytes in the unit that reads best (MB up to a GB, then GB). */
export function formatBytes(bytes: number, locale: string): string {
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return cached(`gb:${locale}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 1 })).format(gb);
  return cached(`mb:${locale}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 0 })).format(bytes / 1024 ** 2);
}

/** A span of minutes as hours or days when whole (bake times: “1 day”, “90 min”). */
export function formatMinutes(minutes: number, locale: string): string {
  const [unit, n] = minutes % 1440 === 0 && minutes > 0 ? (['day', minutes / 1440] as const) : minutes % 60 === 0 && minutes > 0 ? (['hour', minutes / 60] as const) : (['minute', minutes] as const);
  return cached(`u:${unit}:${locale}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' })).format(n);
}

/** Money HQ keeps in integer fen, as yuan with the ¥ sign in either language (en's default would say “CN¥”). */
export const formatYuan = (fen: number, locale: string) =>
  cached(`y:${locale}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' })).format(fen / 100);
