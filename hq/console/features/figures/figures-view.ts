import type { z } from 'zod';
import { addDays } from '../../../../electron/domain/calendar.ts';
import { storeDate } from '../../../../electron/domain/promotions.ts';
import type { FiguresResponse, RepPatternsResponse } from '../../../server/admin-schemas.ts';

/**
 * What the figures page asks HQ for, and the per-day rates its charts draw. Pure, so the page's
 * choices (the default range, what a range may be, which representatives come first) are tested
 * without a browser.
 */

export interface FiguresFilter {
  from: string;
  to: string;
  /** '' = every region. */
  region: string;
  /** '' = every store of the region. */
  storeId: string;
}

/** HQ's own defaults (the last 30 store days, today included, China's date), said explicitly so the inputs show them. */
export function defaultFilter(now: number): FiguresFilter {
  const to = storeDate(now);
  return { from: addDays(to, -29), to, region: '', storeId: '' };
}

/** The longest range HQ answers (admin-schemas.ts: at most 366 days). */
const MAX_DAYS = 366;

export type RangeProblem = 'missing' | 'reversed' | 'tooLong';

/** Why HQ would refuse this range, before asking it. */
export function rangeProblem(filter: Pick<FiguresFilter, 'from' | 'to'>): RangeProblem | null {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(filter.from) || !day.test(filter.to)) return 'missing';
  if (filter.from > filter.to) return 'reversed';
  if ((Date.parse(filter.to) - Date.parse(filter.from)) / 86_400_000 + 1 > MAX_DAYS) return 'tooLong';
  return null;
}

const query = (params: Record<string, string>) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();

/** The four answers the page draws, for a filter: a store's figures when one is chosen, else its region's (or the chain's). */
export function figuresPaths(f: FiguresFilter) {
  const range = { from: f.from, to: f.to };
  return {
    figures: `/v1/admin/figures?${query({ ...range, ...(f.storeId ? { storeId: f.storeId } : { region: f.region }) })}`,
    regions: `/v1/admin/figures/regions?${query(range)}`,
    grades: `/v1/admin/figures/stores?${query({ ...range, region: f.region })}`,
    reps: `/v1/admin/figures/reps?${query({ ...range, storeId: f.storeId })}`,
  };
}

export const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export interface DayRates {
  date: string;
  salesFen: number;
  financedFen: number;
  penetration: number | null;
  applications: number;
  approve: number | null;
  activeStores: number;
  activity: number | null;
}

/** Each day's penetration (by amount), approval rate and share of the scope's stores active, as HQ defines them for the range. */
export function dayRates(figures: Pick<z.output<typeof FiguresResponse>, 'days' | 'stores'>): DayRates[] {
  return figures.days.map((d) => {
    const salesFen = d.cashFen + d.financedFen;
    return {
      date: d.date,
      salesFen,
      financedFen: d.financedFen,
      penetration: share(d.financedFen, salesFen),
      applications: d.applications,
      approve: share(d.approved, d.applications),
      activeStores: d.activeStores,
      activity: share(d.activeStores, figures.stores),
    };
  });
}

type Rep = z.output<typeof RepPatternsResponse>['reps'][number];

/** Representatives a person should look at first (flagged), then the busiest; ties by store and staff id. */
export function sortReps(reps: readonly Rep[]): Rep[] {
  return [...reps].sort(
    (a, b) =>
      Number(b.flags.length > 0) - Number(a.flags.length > 0) ||
      b.totals.applications - a.totals.applications ||
      a.storeId.localeCompare(b.storeId) ||
      a.staffId.localeCompare(b.staffId),
  );
}

/** A representative's busiest day in the range (the BURST flag's measure). */
export function busiestDay(rep: Pick<Rep, 'days'>): { date: string; applications: number } | null {
  return rep.days.reduce<{ date: string; applications: number } | null>((best, d) => (best === null || d.applications > best.applications ? { date: d.date, applications: d.applications } : best), null);
}
