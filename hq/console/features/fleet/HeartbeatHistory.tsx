import { LineChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { SILENT_AFTER_MS } from '../../../../electron/contract/fleet.ts';
import { Chart, type ChartOption } from '../../../../ui/Chart.tsx';
import { HeartbeatsAnswer } from '../../api/schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { formatCount, formatTime } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';

// The shared Chart (ui/Chart.tsx: canvas, no tooltip: its HTML would carry inline styles the CSP refuses) draws
// bars; the console adds lines.
echarts.use([LineChart]);

type Point = [number, number | null];
const BRAND = '#0c6b73';
const WARN = '#c1361b';
const SOFT = '#7fa7ad';

/**
 * A kiosk's last seven days of heartbeats as three charts: sync backlog and errors, memory and
 * free disk, and how long before each heartbeat the screen last painted (a frozen or white screen
 * shows as a climbing line). Where the kiosk was silent the lines break instead of bridging the gap.
 */
export function HeartbeatHistory({ kioskId }: { kioskId: string }) {
  const { t } = useTranslation();
  // A week is up to 10,000 heartbeats (a few MB): fetched when the page opens or on Refresh, not on a timer.
  const [history, reload] = useQuery(`/v1/admin/kiosks/${encodeURIComponent(kioskId)}/heartbeats`, HeartbeatsAnswer);
  return (
    <section className="panel" aria-labelledby="history-title">
      <div className="panel__head">
        <h2 id="history-title">{t('kiosk.history.title')}</h2>
        <RefreshButton value={history} onRefresh={reload} />
      </div>
      <Loaded value={history} onRetry={reload} label={t('kiosk.history.title')}>
        {(data) => (data.heartbeats.length === 0 ? <p className="note">{t('kiosk.history.none')}</p> : <Charts heartbeats={data.heartbeats} />)}
      </Loaded>
    </section>
  );
}

type Beats = HeartbeatsAnswer['heartbeats'];

/** One series per figure, with a null point inside every silent gap so the line breaks there. */
function series(beats: Beats, value: (beat: Beats[number]) => number | null): Point[] {
  const points: Point[] = [];
  let previous: number | undefined;
  for (const beat of beats) {
    if (previous !== undefined && beat.receivedAt - previous > SILENT_AFTER_MS) points.push([previous + SILENT_AFTER_MS, null]);
    points.push([beat.receivedAt, value(beat)]);
    previous = beat.receivedAt;
  }
  return points;
}

function Charts({ heartbeats }: { heartbeats: Beats }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const charts = useMemo(() => chartsOf(heartbeats, t, locale), [heartbeats, t, locale]);
  const first = heartbeats[0]!.receivedAt;
  const last = heartbeats.at(-1)!.receivedAt;
  return (
    <>
      <p className="muted">{t('kiosk.history.range', { n: formatCount(heartbeats.length, locale), from: formatTime(first, locale), to: formatTime(last, locale) })}</p>
      <div className="charts">
        {charts.map((chart) => (
          <figure key={chart.title} className="chart-figure">
            <figcaption>{chart.title}</figcaption>
            <Chart option={chart.option} label={chart.label} className="chart" />
          </figure>
        ))}
      </div>
    </>
  );
}

/** Highest and latest of a series, for the words a screen reader hears instead of the lines. */
function spoken(points: Point[], format: (x: number) => string): { latest: string; highest: string } {
  const values = points.map((p) => p[1]).filter((v): v is number => v !== null);
  const latest = values.at(-1);
  return { latest: latest === undefined ? '—' : format(latest), highest: values.length === 0 ? '—' : format(Math.max(...values)) };
}

function chartsOf(beats: Beats, t: TFunction, locale: string): { title: string; label: string; option: ChartOption }[] {
  const axisTime = new Intl.DateTimeFormat(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const number = (digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
  const base = (legend: string[]): ChartOption => ({
    legend: { data: legend, top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'time', axisLabel: { formatter: (at: number) => axisTime.format(at), hideOverlap: true } },
  });
  const line = (name: string, data: Point[], color: string, yAxisIndex = 0) => ({
    name,
    type: 'line',
    data,
    color,
    yAxisIndex,
    showSymbol: false,
    connectNulls: false,
    sampling: 'lttb',
  });

  const backlog = series(beats, (b) => b.heartbeat.sync.pending);
  const errors = series(beats, (b) => b.heartbeat.errors);
  const memory = series(beats, (b) => b.heartbeat.memoryRssBytes / 1024 ** 2);
  const disk = series(beats, (b) => (b.heartbeat.diskFreeBytes === null ? null : b.heartbeat.diskFreeBytes / 1024 ** 3));
  // Both on the kiosk's clock, so the age is true whatever its skew against HQ's.
  const frame = series(beats, (b) => (b.heartbeat.lastFrameAt === null ? null : Math.max(0, (b.heartbeat.sentAt - b.heartbeat.lastFrameAt) / 1000)));

  const whole = number(0);
  const one = number(1);
  const s = {
    backlog: spoken(backlog, (x) => whole.format(x)),
    errors: spoken(errors, (x) => whole.format(x)),
    memory: spoken(memory, (x) => whole.format(x)),
    disk: spoken(disk, (x) => one.format(x)),
    frame: spoken(frame, (x) => whole.format(x)),
  };
  const names = {
    backlog: t('kiosk.history.backlog'),
    errors: t('kiosk.history.errors'),
    memory: t('kiosk.history.memory'),
    disk: t('kiosk.history.disk'),
    frame: t('kiosk.history.frame'),
  };
  return [
    {
      title: t('kiosk.history.syncTitle'),
      label: t('kiosk.history.syncLabel', { backlog: s.backlog.latest, backlogMax: s.backlog.highest, errors: s.errors.latest, errorsMax: s.errors.highest }),
      option: { ...base([names.backlog, names.errors]), yAxis: { type: 'value', minInterval: 1 }, series: [line(names.backlog, backlog, BRAND), line(names.errors, errors, WARN)] },
    },
    {
      title: t('kiosk.history.resourcesTitle'),
      label: t('kiosk.history.resourcesLabel', { memory: s.memory.latest, memoryMax: s.memory.highest, disk: s.disk.latest }),
      option: {
        ...base([names.memory, names.disk]),
        yAxis: [
          { type: 'value', name: 'MB', nameTextStyle: { align: 'left' } },
          { type: 'value', name: 'GB', splitLine: { show: false } },
        ],
        series: [line(names.memory, memory, BRAND), line(names.disk, disk, SOFT, 1)],
      },
    },
    {
      title: t('kiosk.history.frameTitle'),
      label: t('kiosk.history.frameLabel', { latest: s.frame.latest, highest: s.frame.highest }),
      option: { ...base([names.frame]), yAxis: { type: 'value', name: t('kiosk.history.seconds') }, series: [line(names.frame, frame, WARN)] },
    },
  ];
}
