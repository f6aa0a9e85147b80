import { LineChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import type { TFunction } from 'i18next';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { Chart, type ChartOption } from '../../../../ui/Chart.tsx';
import type { FiguresResponse, RegionFiguresResponse, RepPatternsResponse, StoreGradesResponse } from '../../../server/admin-schemas.ts';
import type { Loadable } from '../../api/use-query.ts';
import { formatCount, formatPercent, formatYuan } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { busiestDay, dayRates, share, sortReps } from './figures-view.ts';

// The shared Chart (ui/Chart.tsx) draws bars; the rates over time are lines.
echarts.use([LineChart]);

type Figures = z.output<typeof FiguresResponse>;
type Regions = z.output<typeof RegionFiguresResponse>;
type Grades = z.output<typeof StoreGradesResponse>;
type Reps = z.output<typeof RepPatternsResponse>;

const BRAND = '#0c6b73';
const SOFT = '#7fa7ad';
const AMBER = '#b7791f';
const WARN = '#c1361b';
/** The categories drawn day by day (all are in the totals' table). */
const CATEGORIES_LINED = 5;
const LINES = [BRAND, AMBER, WARN, SOFT, '#5b4b8a'];
/** The representatives drawn in the chart (all are in the table). */
const REPS_CHARTED = 12;

/** A share as a percentage, or a dash when there was nothing to divide by. */
const pct = (share: number | null, locale: string) => (share === null ? '—' : formatPercent(share, locale));
/** A share as the chart's percentage points (one decimal), a gap where there is none. */
const points = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

function useFormats() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return { t, locale, n: (x: number) => formatCount(x, locale), yuan: (fen: number) => formatYuan(fen, locale), pct: (s: number | null) => pct(s, locale) };
}

const percentAxis = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } } as const;
const grid = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };

/** A chart with its title, its summary in words (the canvas's accessible name) and the figures it draws as a table. */
function FigureChart({ id, title, label, option, height = 'chart', children }: { id: string; title: string; label: string; option: ChartOption; height?: 'chart' | 'chart--tall'; children: ReactNode }) {
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <Chart option={option} label={label} className={height === 'chart' ? 'chart' : 'chart chart--tall'} />
      <p className="muted figures-said">{label}</p>
      {children}
    </figure>
  );
}

/** The figures a chart draws, folded under it (a month of days is long). */
function DataTable({ label, head, rows, open = false }: { label: string; head: string[]; rows: Array<{ key: string; cells: string[] }>; open?: boolean }) {
  const { t } = useTranslation();
  return (
    <details className="figures-data" open={open}>
      <summary>{t('figures.showTable', { what: label })}</summary>
      <ScrollTable label={label} head={head} rows={rows} />
    </details>
  );
}

/** A table whose first column names the row; long ones scroll inside a box a keyboard can reach. */
function ScrollTable({ label, head, rows, words = [] }: { label: string; head: string[]; rows: Array<{ key: string; cells: string[]; className?: string }>; words?: number[] }) {
  // Figures line up on the right; the columns in `words` (and the first) read from the left.
  const align = (i: number) => (i === 0 || words.includes(i) ? 'cell--words' : undefined);
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="table figures-table" aria-label={label}>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={align(i)}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.className}>
              <th scope="row">{row.cells[0]}</th>
              {row.cells.slice(1).map((cell, i) => (
                <td key={i} className={align(i + 1)}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function scopeName(t: TFunction, scope: Figures['scope']): string {
  if (scope.storeId !== null) return t('figures.scope.store', { store: scope.storeId });
  if (scope.region !== null) return t('figures.scope.region', { region: scope.region });
  return t('figures.scope.chain');
}

/** The scope's figures over the range, in numbers. */
export function ScopeSummary({ figures: f }: { figures: Figures }) {
  const { t, n, yuan, pct } = useFormats();
  const facts: Array<[string, string]> = [
    [t('figures.summary.sales'), t('figures.summary.salesValue', { amount: yuan(f.sales.all.amountFen), orders: n(f.sales.all.orders) })],
    [t('figures.summary.financed'), t('figures.summary.salesValue', { amount: yuan(f.sales.financed.amountFen), orders: n(f.sales.financed.orders) })],
    [t('figures.summary.penetrationAmount'), pct(f.penetration.byAmount)],
    [t('figures.summary.penetrationCount'), pct(f.penetration.byCount)],
    [t('figures.summary.activity'), t('figures.summary.activityValue', { share: pct(f.activity.share), days: n(f.activity.activeStoreDays), stores: n(f.stores) })],
    [t('figures.summary.applications'), n(f.applications)],
    [t('figures.summary.approve'), pct(f.rates.approve)],
    [t('figures.summary.decline'), pct(f.rates.decline)],
    [t('figures.summary.basketFinanced'), f.basketFen.financed === null ? '—' : yuan(f.basketFen.financed)],
    [t('figures.summary.basketCash'), f.basketFen.cash === null ? '—' : yuan(f.basketFen.cash)],
    [t('figures.summary.visits'), t('figures.summary.visitsValue', { visits: n(f.visits), engaged: n(f.engagedVisits), offers: n(f.offersViewed) })],
    [t('figures.summary.cancellations'), t('figures.summary.salesValue', { amount: yuan(f.cancellations.amountFen), orders: n(f.cancellations.count) })],
  ];
  return (
    <section className="panel" aria-labelledby="figures-summary-title">
      <h2 id="figures-summary-title">{t('figures.summary.title', { scope: scopeName(t, f.scope), from: f.from, to: f.to })}</h2>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Penetration, approval and activity day by day, and the day's sales financed and at the till. */
export function OverTimeSection({ figures }: { figures: Figures }) {
  const { t, locale, n, yuan, pct } = useFormats();
  const days = useMemo(() => dayRates(figures), [figures]);
  const names = { penetration: t('figures.time.penetration'), approve: t('figures.time.approve'), activity: t('figures.time.activity'), financed: t('figures.time.financed'), cash: t('figures.time.cash') };
  const rates = useMemo<ChartOption>(
    () => ({
      legend: { data: [names.penetration, names.approve, names.activity], top: 0 },
      grid,
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)), axisLabel: { hideOverlap: true } },
      yAxis: percentAxis,
      series: [
        { name: names.penetration, type: 'line', color: BRAND, data: days.map((d) => points(d.penetration)), connectNulls: false },
        { name: names.approve, type: 'line', color: AMBER, data: days.map((d) => points(d.approve)), connectNulls: false },
        { name: names.activity, type: 'line', color: SOFT, data: days.map((d) => points(d.activity)), connectNulls: false },
      ],
    }),
    [days, names.penetration, names.approve, names.activity],
  );
  const sales = useMemo<ChartOption>(() => {
    const compact = new Intl.NumberFormat(locale, { notation: 'compact', style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' });
    return {
      legend: { data: [names.financed, names.cash], top: 0 },
      grid,
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: (yuanValue: number) => compact.format(yuanValue) } },
      series: [
        { name: names.financed, type: 'bar', stack: 'sales', color: BRAND, data: days.map((d) => d.financedFen / 100) },
        { name: names.cash, type: 'bar', stack: 'sales', color: SOFT, data: days.map((d) => (d.salesFen - d.financedFen) / 100) },
      ],
    };
  }, [days, locale, names.financed, names.cash]);

  const busiest = days.reduce<(typeof days)[number] | null>((best, d) => (best === null || d.salesFen > best.salesFen ? d : best), null);
  const empty = figures.sales.all.orders === 0 && figures.applications === 0;
  return (
    <section className="panel" aria-labelledby="figures-time-title">
      <h2 id="figures-time-title">{t('figures.time.title')}</h2>
      {empty ? (
        <p className="note">{t('figures.empty')}</p>
      ) : (
        <div className="charts">
          <FigureChart
            id="figures-rates"
            title={t('figures.time.ratesTitle')}
            label={t('figures.time.ratesLabel', { from: figures.from, to: figures.to, penetration: pct(figures.penetration.byAmount), approve: pct(figures.rates.approve), activity: pct(figures.activity.share) })}
            option={rates}
          >
            <DataTable
              label={t('figures.time.tableLabel')}
              head={[t('figures.columns.date'), t('figures.columns.sales'), t('figures.columns.financed'), names.penetration, t('figures.columns.applications'), names.approve, t('figures.columns.activeStores')]}
              rows={days.map((d) => ({ key: d.date, cells: [d.date, yuan(d.salesFen), yuan(d.financedFen), pct(d.penetration), n(d.applications), pct(d.approve), n(d.activeStores)] }))}
            />
          </FigureChart>
          <FigureChart
            id="figures-sales"
            title={t('figures.time.salesTitle')}
            label={t('figures.time.salesLabel', {
              financed: yuan(figures.sales.financed.amountFen),
              cash: yuan(figures.sales.cash.amountFen),
              day: busiest?.date ?? '—',
              amount: yuan(busiest?.salesFen ?? 0),
            })}
            option={sales}
          >
            <p className="muted">{t('figures.time.salesTableNote')}</p>
          </FigureChart>
        </div>
      )}
    </section>
  );
}

/** Each category's sales and how much of them was financed (HQ knows categories by id). */
export function CategorySection({ figures }: { figures: Figures }) {
  const { t, yuan, pct } = useFormats();
  const categories = figures.byCategory;
  const option = useMemo<ChartOption>(
    () => ({
      legend: { data: [t('figures.category.penetration')], top: 0 },
      grid,
      // The biggest seller on top.
      yAxis: { type: 'category', data: categories.map((c) => c.categoryId).reverse() },
      xAxis: percentAxis,
      series: [{ name: t('figures.category.penetration'), type: 'bar', color: BRAND, data: categories.map((c) => points(c.penetration)).reverse() }],
    }),
    [categories, t],
  );
  // Day by day, the best sellers' lines (a line per category past a handful is a tangle; the table has them all).
  const lined = categories.slice(0, CATEGORIES_LINED);
  const dates = figures.days.map((d) => d.date);
  const byDay = useMemo(
    () =>
      categories.slice(0, CATEGORIES_LINED).map((c) => {
        const days = new Map(c.days.map((d) => [d.date, d]));
        return figures.days.map((d) => {
          const day = days.get(d.date);
          return day === undefined ? null : share(day.financedFen, day.allFen);
        });
      }),
    [categories, figures.days],
  );
  const overTime = useMemo<ChartOption>(
    () => ({
      legend: { data: categories.slice(0, CATEGORIES_LINED).map((c) => c.categoryId), top: 0 },
      grid,
      xAxis: { type: 'category', data: figures.days.map((d) => d.date.slice(5)), axisLabel: { hideOverlap: true } },
      yAxis: percentAxis,
      series: categories.slice(0, CATEGORIES_LINED).map((c, i) => ({ name: c.categoryId, type: 'line', color: LINES[i], data: byDay[i]!.map(points), connectNulls: false })),
    }),
    [categories, figures.days, byDay],
  );
  const top = categories[0];
  return (
    <section className="panel" aria-labelledby="figures-category-title">
      <h2 id="figures-category-title">{t('figures.category.title')}</h2>
      {categories.length === 0 ? (
        <p className="note">{t('figures.empty')}</p>
      ) : (
        <div className="charts">
          <FigureChart
            id="figures-category"
            title={t('figures.category.chartTitle')}
            label={t('figures.category.label', { n: categories.length, top: top!.categoryId, amount: yuan(top!.allFen), penetration: pct(top!.penetration) })}
            option={option}
          >
            <ScrollTable
              label={t('figures.category.tableLabel')}
              head={[t('figures.columns.category'), t('figures.columns.sales'), t('figures.columns.financed'), t('figures.category.penetration')]}
              rows={categories.map((c) => ({ key: c.categoryId, cells: [c.categoryId, yuan(c.allFen), yuan(c.financedFen), pct(c.penetration)] }))}
            />
          </FigureChart>
          <FigureChart
            id="figures-category-days"
            title={t('figures.category.daysTitle', { n: lined.length })}
            label={t('figures.category.daysLabel', { from: figures.from, to: figures.to, list: lined.map((c) => `${c.categoryId} ${pct(c.penetration)}`).join(t('figures.listSeparator')) })}
            option={overTime}
          >
            <DataTable
              label={t('figures.category.daysTableLabel')}
              head={[t('figures.columns.date'), ...lined.map((c) => c.categoryId)]}
              rows={dates.map((date, i) => ({ key: date, cells: [date, ...byDay.map((line) => pct(line[i] ?? null))] }))}
            />
          </FigureChart>
        </div>
      )}
    </section>
  );
}

/** Every region side by side over the range (whatever region or store is chosen above). */
export function RegionSection({ value, onRetry, chosen }: { value: Loadable<Regions>; onRetry: () => void; chosen: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="figures-region-title">
      <h2 id="figures-region-title">{t('figures.region.title')}</h2>
      <Loaded value={value} onRetry={onRetry} label={t('figures.region.title')}>
        {(data) => (data.regions.length === 0 ? <p className="note">{t('figures.empty')}</p> : <RegionCharts regions={data.regions} chosen={chosen} />)}
      </Loaded>
    </section>
  );
}

function RegionCharts({ regions, chosen }: { regions: Regions['regions']; chosen: string }) {
  const { t, n, yuan, pct } = useFormats();
  const name = (region: string | null) => region ?? t('figures.region.none');
  const names = { penetration: t('figures.time.penetration'), approve: t('figures.time.approve'), activity: t('figures.time.activity') };
  const option = useMemo<ChartOption>(
    () => ({
      legend: { data: [names.penetration, names.approve, names.activity], top: 0 },
      grid,
      xAxis: { type: 'category', data: regions.map((r) => r.region ?? '—') },
      yAxis: percentAxis,
      series: [
        { name: names.penetration, type: 'bar', color: BRAND, data: regions.map((r) => points(r.penetration.byAmount)) },
        { name: names.approve, type: 'bar', color: AMBER, data: regions.map((r) => points(r.rates.approve)) },
        { name: names.activity, type: 'bar', color: SOFT, data: regions.map((r) => points(r.activity)) },
      ],
    }),
    [regions, names.penetration, names.approve, names.activity],
  );
  const best = regions.reduce((a, b) => ((b.penetration.byAmount ?? -1) > (a.penetration.byAmount ?? -1) ? b : a));
  return (
    <FigureChart
      id="figures-region"
      title={t('figures.region.chartTitle')}
      label={t('figures.region.label', { n: regions.length, best: name(best.region), penetration: pct(best.penetration.byAmount) })}
      option={option}
    >
      <ScrollTable
        label={t('figures.region.tableLabel')}
        head={[t('figures.columns.region'), t('figures.columns.stores'), t('figures.columns.sales'), t('figures.columns.financed'), names.penetration, t('figures.columns.applications'), names.approve, t('figures.summary.decline'), names.activity]}
        rows={regions.map((r) => ({
          key: r.region ?? '',
          className: r.region !== null && r.region === chosen ? 'row--current' : undefined,
          cells: [name(r.region), n(r.stores), yuan(r.salesFen), yuan(r.financedFen), pct(r.penetration.byAmount), n(r.applications), pct(r.rates.approve), pct(r.rates.decline), pct(r.activity)],
        }))}
      />
    </FigureChart>
  );
}

/** The lenders' A/B/C grade of every store in scope, by HQ's published rules, and what kept each from an A. */
export function GradesSection({ value, onRetry, chosen }: { value: Loadable<Grades>; onRetry: () => void; chosen: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="figures-grades-title">
      <h2 id="figures-grades-title">{t('figures.grades.title')}</h2>
      <Loaded value={value} onRetry={onRetry} label={t('figures.grades.title')}>
        {(data) => (data.stores.length === 0 ? <p className="note">{t('figures.grades.none')}</p> : <GradeCharts grades={data} chosen={chosen} />)}
      </Loaded>
    </section>
  );
}

function GradeCharts({ grades, chosen }: { grades: Grades; chosen: string }) {
  const { t, n, yuan, pct } = useFormats();
  const counts = { A: 0, B: 0, C: 0 };
  for (const s of grades.stores) counts[s.grade]++;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { ...grid, top: 16 },
      xAxis: { type: 'category', data: ['A', 'B', 'C'] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('figures.grades.stores'), type: 'bar', data: [counts.A, counts.B, counts.C].map((value, i) => ({ value, itemStyle: { color: [BRAND, AMBER, WARN][i] } })) }],
    }),
    [counts.A, counts.B, counts.C, t],
  );
  const rate = (r: number | null) => (r === null ? '—' : pct(Math.min(1, r)));
  return (
    <>
      <p className="muted">{t('figures.grades.rules', { version: grades.rules.version })}</p>
      <FigureChart id="figures-grades" title={t('figures.grades.chartTitle')} label={t('figures.grades.label', { a: n(counts.A), b: n(counts.B), c: n(counts.C) })} option={option}>
        <ScrollTable
          label={t('figures.grades.tableLabel')}
          words={[1, 2, 9]}
          head={[
            t('figures.columns.store'),
            t('figures.columns.region'),
            t('figures.grades.grade'),
            t('figures.grades.financedOrders'),
            t('figures.columns.financed'),
            t('figures.time.penetration'),
            t('figures.summary.decline'),
            t('figures.grades.cancellationRate'),
            t('figures.grades.activeDays'),
            t('figures.grades.shortOfA'),
          ]}
          rows={grades.stores.map((s) => ({
            key: s.storeId,
            className: s.storeId === chosen ? 'row--current' : undefined,
            cells: [
              s.storeId,
              s.region ?? t('figures.region.none'),
              s.grade,
              n(s.financedOrders),
              yuan(s.financedFen),
              pct(s.penetrationByAmount),
              pct(s.declineRate),
              rate(s.cancellationRate),
              n(s.activeDays),
              s.shortOfA.length === 0 ? '—' : s.shortOfA.map((k) => t(`figures.grades.short.${k}`)).join(t('figures.listSeparator')),
            ],
          }))}
        />
      </FigureChart>
    </>
  );
}

/** Each sales representative's assisted applications and how they ended, flagged ones first. */
export function RepsSection({ value, onRetry }: { value: Loadable<Reps>; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="figures-reps-title">
      <h2 id="figures-reps-title">{t('figures.reps.title')}</h2>
      <Loaded value={value} onRetry={onRetry} label={t('figures.reps.title')}>
        {(data) => (data.reps.length === 0 ? <p className="note">{t('figures.reps.none')}</p> : <RepCharts reps={data} />)}
      </Loaded>
    </section>
  );
}

type Rep = Reps['reps'][number];
const repName = (t: TFunction, r: Rep) => t('figures.reps.who', { staff: r.staffId, store: r.storeId });

function RepCharts({ reps }: { reps: Reps }) {
  const { t, n, pct } = useFormats();
  const sorted = useMemo(() => sortReps(reps.reps), [reps]);
  const charted = sorted.slice(0, REPS_CHARTED);
  const who = (r: Rep) => repName(t, r);
  const names = { approved: t('figures.reps.approved'), referred: t('figures.reps.referred'), declined: t('figures.reps.declined') };
  const option = useMemo<ChartOption>(() => {
    const rows = sorted.slice(0, REPS_CHARTED).reverse();
    const bar = (name: string, color: string, value: (r: Rep) => number) => ({ name, type: 'bar', stack: 'outcome', color, data: rows.map(value) });
    const [approved, referred, declined] = [t('figures.reps.approved'), t('figures.reps.referred'), t('figures.reps.declined')];
    return {
      legend: { data: [approved, referred, declined], top: 0 },
      grid,
      yAxis: { type: 'category', data: rows.map((r) => repName(t, r)) },
      xAxis: { type: 'value', minInterval: 1 },
      series: [bar(approved, BRAND, (r) => r.totals.approved), bar(referred, AMBER, (r) => r.totals.referred), bar(declined, WARN, (r) => r.totals.declined)],
    };
  }, [sorted, t]);
  const flagged = sorted.filter((r) => r.flags.length > 0).length;
  return (
    <>
      <p className="muted">{t('figures.reps.rules', { version: reps.rules.version })}</p>
      <FigureChart
        id="figures-reps"
        title={t('figures.reps.chartTitle', { n: charted.length })}
        label={t('figures.reps.label', { n: n(sorted.length), flagged: n(flagged) })}
        option={option}
        height={charted.length > 6 ? 'chart--tall' : 'chart'}
      >
        <ScrollTable
          label={t('figures.reps.tableLabel')}
          words={[9]}
          head={[
            t('figures.reps.rep'),
            t('figures.columns.applications'),
            names.approved,
            names.referred,
            names.declined,
            t('figures.reps.declineRate'),
            t('figures.reps.idNotSeen'),
            t('figures.reps.cancelled'),
            t('figures.reps.busiest'),
            t('figures.reps.flags'),
          ]}
          rows={sorted.map((r) => {
            const busiest = busiestDay(r);
            return {
              key: `${r.storeId}/${r.staffId}`,
              className: r.flags.length > 0 ? 'row--flagged' : undefined,
              cells: [
                who(r),
                n(r.totals.applications),
                n(r.totals.approved),
                n(r.totals.referred),
                n(r.totals.declined),
                pct(r.totals.applications === 0 ? null : r.totals.declined / r.totals.applications),
                n(r.totals.idNotSeen),
                n(r.totals.cancelled),
                busiest === null ? '—' : t('figures.reps.busiestValue', { date: busiest.date, n: n(busiest.applications) }),
                r.flags.length === 0 ? '—' : r.flags.map((f) => t(`figures.reps.flag.${f}`)).join(t('figures.listSeparator')),
              ],
            };
          })}
        />
      </FigureChart>
    </>
  );
}
