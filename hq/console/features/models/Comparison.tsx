import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../../../../ui/Chart.tsx';
import type { ComparisonGroup, ComparisonResponse } from '../../../server/model-schemas.ts';
import { formatCount, formatPercent, formatYuan } from '../../components/format.ts';
import { bandEdges, OUTCOMES, rates, type ComparedOutcome } from './models-view.ts';

const ALL: readonly ComparedOutcome[] = [...OUTCOMES, 'error'];

/**
 * Champion beside challenger on the same applications: overall (a chart, and its figures as a
 * table), then by store and by amount band, each outcome's rate for both models.
 */
export function Comparison({ data }: { data: ComparisonResponse }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { total } = data;
  const agree = total.applications === 0 ? 0 : total.agree / total.applications;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      legend: { top: 0 },
      xAxis: { type: 'category', data: OUTCOMES.map((o) => t(`models.outcomes.${o}`)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${v}%` } },
      series: (['champion', 'challenger'] as const).map((side) => ({
        type: 'bar',
        name: t(`models.comparison.${side}`),
        data: OUTCOMES.map((o) => Math.round(rates(total, o)[side] * 1000) / 10),
      })),
    }),
    [t, total],
  );
  const bandName = (band: number) => {
    const { fromFen, toFen } = bandEdges(band);
    return toFen === null ? t('models.comparison.bandFrom', { from: formatYuan(fromFen, locale) }) : t('models.comparison.band', { from: formatYuan(fromFen, locale), to: formatYuan(toFen, locale) });
  };

  return (
    <div className="comparison">
      <p>
        {t('models.comparison.summary', {
          n: formatCount(total.applications, locale),
          champions: data.champions.join(', '),
          challenger: data.challenger,
          agree: formatPercent(agree, locale),
        })}
      </p>
      <Chart option={option} className="comparison__chart" label={t('models.comparison.chartLabel', { challenger: data.challenger })} />
      <table className="table table--compact comparison__total">
        <caption>{t('models.comparison.totalCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('models.comparison.outcome')}</th>
            <th scope="col">{t('models.comparison.champion')}</th>
            <th scope="col">{t('models.comparison.challenger')}</th>
            <th scope="col">{t('models.comparison.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {ALL.map((outcome) => {
            const r = rates(total, outcome);
            return (
              <tr key={outcome}>
                <th scope="row">{t(`models.outcomes.${outcome}`)}</th>
                <td>{outcome === 'error' ? '—' : t('models.comparison.countRate', { n: formatCount(total.champion[outcome], locale), rate: formatPercent(r.champion, locale) })}</td>
                <td>{t('models.comparison.countRate', { n: formatCount(total.challenger[outcome], locale), rate: formatPercent(r.challenger, locale) })}</td>
                <td>{outcome === 'error' ? '—' : t('models.comparison.points', { points: (r.points > 0 ? '+' : '') + r.points.toFixed(1) })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Groups caption={t('models.comparison.byStore')} first={t('models.comparison.store')} rows={data.byStore.map((g) => ({ key: g.storeId, name: g.storeId, group: g }))} />
      <Groups caption={t('models.comparison.byBand')} first={t('models.comparison.amount')} rows={data.byBand.map((g) => ({ key: String(g.band), name: bandName(g.band), group: g }))} />
    </div>
  );
}

/** One row per store (or band): its applications, then each outcome's rate as champion → challenger. */
function Groups({ caption, first, rows }: { caption: string; first: string; rows: { key: string; name: string; group: ComparisonGroup }[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="table table--compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">{t('models.comparison.applications')}</th>
            {OUTCOMES.map((o) => (
              <th scope="col" key={o}>
                {t(`models.outcomes.${o}`)}
              </th>
            ))}
            <th scope="col">{t('models.outcomes.error')}</th>
            <th scope="col">{t('models.comparison.agree')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, name, group }) => (
            <tr key={key}>
              <th scope="row">{name}</th>
              <td>{formatCount(group.applications, locale)}</td>
              {OUTCOMES.map((o) => {
                const r = rates(group, o);
                return (
                  <td key={o}>{t('models.comparison.sideBySide', { champion: formatPercent(r.champion, locale), challenger: formatPercent(r.challenger, locale) })}</td>
                );
              })}
              <td>{formatCount(group.challenger.error, locale)}</td>
              <td>{formatPercent(group.applications === 0 ? 0 : group.agree / group.applications, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
