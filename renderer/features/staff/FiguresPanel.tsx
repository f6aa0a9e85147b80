import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreFigures } from '../../../electron/contract/figures.ts';
import { formatFen } from '../../../electron/domain/money.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { ChoiceGroup } from '../../components/fields.tsx';
import { langOf } from '../../i18n/index.ts';
import { Chart, type ChartOption } from '../../../ui/Chart.tsx';
import { useStaffData } from './use-staff-data.ts';

const CASH = '#7fa7ad';
const FINANCED = '#0c6b73';
/** Chart text at arm's length from a standing person (ECharts' default is 12 px). */
const LABEL_PX = 15;

/**
 * The store's figures for staff (issue 11): today or the last 30 days, from the kiosk's own
 * database (so offline too): visits, applications and their outcomes, finance penetration by amount
 * and by count, baskets, sales by day and penetration by category as charts, and the applications
 * each staff member helped with.
 */
export function FiguresPanel() {
  const { t } = useTranslation();
  const [days, setDays] = useState<1 | 30>(30);
  const [figures] = useStaffData(() => kiosk.storeFigures({ days }), [days]);
  return (
    <section className="staff-section figures" aria-labelledby="figures-title" aria-busy={figures === null}>
      <div className="staff-section__head">
        <h2 id="figures-title">{t('figures.title')}</h2>
        <ChoiceGroup
          id="figures-range"
          className="figures__range"
          legend={t('figures.range')}
          options={[
            { value: '1', label: t('figures.today') },
            { value: '30', label: t('figures.last30') },
          ]}
          value={String(days) as '1' | '30'}
          onChange={(value) => setDays(value === '1' ? 1 : 30)}
        />
      </div>
      {figures && <FiguresBody figures={figures} />}
    </section>
  );
}

function FiguresBody({ figures: f }: { figures: StoreFigures }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const percent = (x: number | null) => (x === null ? t('figures.none') : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(x));
  const money = (fen: number | null) => (fen === null ? t('figures.none') : formatFen(fen));

  const sales = useMemo<ChartOption>(
    () => ({
      legend: { data: [t('figures.financed'), t('figures.cash')], top: 0, textStyle: { fontSize: LABEL_PX } },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: f.days.map((d) => d.date.slice(5)), axisLabel: { fontSize: LABEL_PX } },
      yAxis: { type: 'value', axisLabel: { fontSize: LABEL_PX, formatter: (fen: number) => `¥${Math.round(fen / 100).toLocaleString(i18n.language)}` } },
      series: [
        { name: t('figures.financed'), type: 'bar', stack: 'sales', color: FINANCED, barMaxWidth: 64, data: f.days.map((d) => d.financedFen) },
        { name: t('figures.cash'), type: 'bar', stack: 'sales', color: CASH, barMaxWidth: 64, data: f.days.map((d) => d.cashFen) },
      ],
    }),
    [f, t, i18n.language],
  );

  const categories = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 1, axisLabel: { fontSize: LABEL_PX, formatter: (x: number) => `${Math.round(x * 100)}%` } },
      yAxis: { type: 'category', inverse: true, data: f.byCategory.map((c) => c.name[lang]), axisLabel: { fontSize: LABEL_PX } },
      series: [{ type: 'bar', color: FINANCED, data: f.byCategory.map((c) => c.penetration ?? 0), label: { show: true, position: 'right', fontSize: LABEL_PX, formatter: ({ value }: { value: number }) => `${Math.round(value * 1000) / 10}%` } }],
    }),
    [f, lang],
  );

  return (
    <>
      <dl className="figures__tiles">
        <div className="figures__tile">
          <dt>{t('figures.visits')}</dt>
          <dd>
            <strong>{f.visits}</strong>
            <span>{t('figures.engaged', { count: f.engagedVisits })}</span>
            <span>{t('figures.offersViewed', { count: f.offersViewed })}</span>
          </dd>
        </div>
        <div className="figures__tile">
          <dt>{t('figures.applications')}</dt>
          <dd>
            <strong>{f.applications}</strong>
            <span>{t('figures.rates', { approve: percent(f.rates.approve), counter: percent(f.rates.counterOffer), refer: percent(f.rates.refer), decline: percent(f.rates.decline) })}</span>
          </dd>
        </div>
        <div className="figures__tile">
          <dt>{t('figures.penetration')}</dt>
          <dd>
            <strong>{percent(f.penetration.byAmount)}</strong>
            <span>{t('figures.penetrationBy', { amount: percent(f.penetration.byAmount), count: percent(f.penetration.byCount) })}</span>
          </dd>
        </div>
        <div className="figures__tile">
          <dt>{t('figures.baskets')}</dt>
          <dd>
            <strong>{money(f.sales.all.orders === 0 ? null : Math.round(f.sales.all.amountFen / f.sales.all.orders))}</strong>
            <span>{t('figures.basketsBy', { financed: money(f.basketFen.financed), cash: money(f.basketFen.cash) })}</span>
          </dd>
        </div>
      </dl>
      <h3>{t('figures.salesChart')}</h3>
      <Chart
        className="figures__chart"
        option={sales}
        label={t('figures.chartLabel', {
          title: t('figures.salesChart'),
          summary: t('figures.salesSummary', { from: f.from, to: f.to, financed: formatFen(f.sales.financed.amountFen), cash: formatFen(f.sales.cash.amountFen) }),
        })}
      />
      <h3>{t('figures.categoryChart')}</h3>
      <Chart
        className="figures__chart figures__chart--categories"
        option={categories}
        label={t('figures.chartLabel', {
          title: t('figures.categoryChart'),
          summary: f.byCategory.map((c) => `${c.name[lang]} ${percent(c.penetration)}`).join(t('figures.listSeparator')) || t('figures.categorySummary', { count: 0 }),
        })}
      />
      <h3>{t('figures.staff')}</h3>
      {f.byStaff.length === 0 ? (
        <p>{t('figures.noStaff')}</p>
      ) : (
        <ul className="sync-panel__list">
          {f.byStaff.map((s) => (
            <li key={s.staffId}>{t('figures.staffRow', s)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
