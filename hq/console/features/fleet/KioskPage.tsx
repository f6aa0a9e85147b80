import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { KiosksAnswer, type KioskRow } from '../../api/schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { href } from '../../app/router.ts';
import { PageTitle } from '../../app/Shell.tsx';
import { formatAgo, formatCount, formatTime } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { useNow } from '../../components/use-now.ts';
import { KIOSKS_PATH } from './FleetPage.tsx';
import { statusOf } from './fleet-view.ts';
import { KioskCommands } from './KioskCommands.tsx';
import { KioskUpdates } from './KioskUpdates.tsx';
import { StatusBadge } from './StatusBadge.tsx';

// ECharts is most of the console's code and only this page draws charts: it loads when first opened.
const HeartbeatHistory = lazy(() => import('./HeartbeatHistory.tsx').then((m) => ({ default: m.HeartbeatHistory })));

/**
 * One kiosk: what the fleet list knows of it, its week of heartbeats charted, its remote
 * commands, and (store IT) its update pin and hold. The row comes from the fleet list, which is
 * usually on hand already (HQ has no one-kiosk route).
 */
export function KioskPage({ kioskId }: { kioskId: string }) {
  const { t } = useTranslation();
  const [kiosks, reload] = useQuery(KIOSKS_PATH, KiosksAnswer);
  return (
    <>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <a href={href.fleet()}>{t('fleet.title')}</a>
      </nav>
      <Loaded value={kiosks} onRetry={reload} label={t('kiosk.title')}>
        {(data) => {
          const row = data.kiosks.find((k) => k.id === kioskId);
          return row ? <Kiosk row={row} onChanged={reload} /> : <Missing kioskId={kioskId} />;
        }}
      </Loaded>
    </>
  );
}

function Missing({ kioskId }: { kioskId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('kiosk.title')}</PageTitle>
      <p className="note note--error" role="alert">
        {t('kiosk.missing', { id: kioskId })}
      </p>
    </>
  );
}

function Kiosk({ row, onChanged }: { row: KioskRow; onChanged: () => void }) {
  const { t } = useTranslation();
  const name = row.label ?? row.id.slice(0, 8);
  return (
    <>
      <div className="page__head">
        <PageTitle tabTitle={t('kiosk.tabTitle', { name, store: row.storeId })}>{t('kiosk.heading', { name, store: row.storeId })}</PageTitle>
        <StatusBadge status={statusOf(row)} t={t} />
      </div>
      <Facts row={row} />
      <Suspense fallback={<ChartsLoading />}>
        <HeartbeatHistory kioskId={row.id} />
      </Suspense>
      <div className="columns">
        <KioskCommands kioskId={row.id} revoked={row.revokedAt !== null} />
        <KioskUpdates row={row} onChanged={onChanged} />
      </div>
    </>
  );
}

function ChartsLoading() {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">{t('kiosk.history.title')}</h2>
      <p className="note note--loading" role="status">
        {t('common.loading', { what: t('kiosk.history.title') })}
      </p>
    </section>
  );
}

/** The fleet list's figures for this kiosk, as a description list. */
function Facts({ row }: { row: KioskRow }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const now = useNow();
  const when = (at: number | null) => (at === null ? t('fleet.never') : `${formatAgo(at, now, locale)} (${formatTime(at, locale)})`);
  const facts: [string, string][] = [
    [t('kiosk.facts.id'), row.id],
    [t('kiosk.facts.store'), row.storeId],
    [t('kiosk.facts.version'), row.appVersion],
    [t('kiosk.facts.ring'), t(`rings.${row.ring}`)],
    [t('kiosk.facts.heartbeat'), when(row.lastHeartbeatAt)],
    [t('kiosk.facts.frame'), when(row.lastFrameAt)],
    [t('kiosk.facts.camera'), t(`camera.${row.camera ?? 'none'}`)],
    [t('kiosk.facts.backlog'), row.syncPending === null ? '—' : formatCount(row.syncPending, locale)],
    [t('kiosk.facts.push'), when(row.lastPushAt)],
    [t('kiosk.facts.pull'), when(row.lastPullAt)],
    [t('kiosk.facts.enrolled'), formatTime(row.enrolledAt, locale)],
  ];
  if (row.revokedAt !== null) facts.push([t('kiosk.facts.revoked'), `${formatTime(row.revokedAt, locale)} · ${row.revokeReason ?? ''}`]);
  return (
    <section className="panel" aria-labelledby="facts-title">
      <h2 id="facts-title">{t('kiosk.facts.title')}</h2>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term} className="facts__item">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
