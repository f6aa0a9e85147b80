/** How long, and how long ago, in the reader's language: the kiosk's staff screens and the HQ console both say these. */
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
