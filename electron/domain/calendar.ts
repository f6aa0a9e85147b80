/**
 * Store-local calendar dates (YYYY-MM-DD): cooling-off ends, delivery days, installment due
 * dates. They are days, not instants, so the arithmetic runs at UTC where no clock change moves them.
 */

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day `months` later, or that month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The next business day after `date` (T+1): Monday to Friday. China's public holidays and the
 * weekend days worked in their place are not modelled; a lender's file on a holiday waits for them.
 */
export function nextBusinessDay(date: string): string {
  let next = addDays(date, 1);
  for (let day = new Date(`${next}T00:00:00Z`).getUTCDay(); day === 0 || day === 6; day = new Date(`${next}T00:00:00Z`).getUTCDay()) next = addDays(next, 1);
  return next;
}
