import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { RINGS } from '../../../../electron/contract/fleet.ts';
import { RolloutDetailResponse } from '../../../server/release-schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { href } from '../../app/router.ts';
import { PageTitle } from '../../app/Shell.tsx';
import { useMay } from '../../app/session.tsx';
import { formatAgo, formatCount, formatMinutes, formatPercent, formatTime } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { useNow } from '../../components/use-now.ts';
import { RolloutActions } from './RolloutActions.tsx';
import { StateBadge } from './StateBadge.tsx';

type Detail = z.infer<typeof RolloutDetailResponse>;

/**
 * One rollout: where it stands ring by ring, the failures that would halt it by itself (and how
 * near they are), its timeline, and (store IT) halt, resume and advance.
 */
export function RolloutPage({ rolloutId }: { rolloutId: number }) {
  const { t } = useTranslation();
  const [detail, reload] = useQuery(`/v1/admin/rollouts/${rolloutId}`, RolloutDetailResponse, { refreshEveryMs: 30_000 });
  return (
    <>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <a href={href.rollouts()}>{t('rollouts.title')}</a>
      </nav>
      <Loaded value={detail} onRetry={reload} label={t('rollouts.name', { id: rolloutId })}>
        {(data) => <Rollout detail={data} onChanged={reload} refresh={<RefreshButton value={detail} onRefresh={reload} />} />}
      </Loaded>
    </>
  );
}

function Rollout({ detail, onChanged, refresh }: { detail: Detail; onChanged: () => void; refresh: ReactNode }) {
  const { t } = useTranslation();
  const may = useMay();
  const { rollout } = detail;
  return (
    <>
      <div className="page__head">
        <PageTitle>{t('rollouts.heading', { id: rollout.id, version: rollout.version })}</PageTitle>
        <StateBadge state={rollout.state} />
        {refresh}
      </div>
      {rollout.state === 'halted' && (
        <p className="note note--error" role="status">
          {t('rollouts.haltedBecause', { reason: rollout.haltedReason ?? '—' })}
        </p>
      )}
      {may('releases:write') && <RolloutActions rollout={rollout} onChanged={onChanged} />}
      <div className="columns">
        <Rings detail={detail} />
        <AutoHalt detail={detail} />
      </div>
      <Timeline timeline={detail.timeline} />
    </>
  );
}

function Rings({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const locale = i18n.language;
  const { rollout } = detail;
  const stageOf = (ring: string) => RINGS.indexOf(ring as (typeof RINGS)[number]);
  const open = rollout.state === 'running' || rollout.state === 'halted';
  const where = (ring: (typeof RINGS)[number]) => {
    const stage = stageOf(ring);
    if (rollout.state === 'completed' || stage < rollout.stage) return t('rollouts.rings.reached');
    if (stage > rollout.stage) return t('rollouts.rings.waiting');
    if (!open) return t('rollouts.rings.stopped');
    const next = rollout.stageStartedAt + rollout.bakeMs;
    if (rollout.state === 'halted') return t('rollouts.rings.haltedHere');
    return next > now ? t('rollouts.rings.baking', { next: formatTime(next, locale) }) : t('rollouts.rings.due');
  };
  return (
    <section className="panel" aria-labelledby="rings-title">
      <h2 id="rings-title">{t('rollouts.rings.title')}</h2>
      <p className="muted">
        {t('rollouts.rings.bake', { bake: formatMinutes(Math.round(rollout.bakeMs / 60_000), locale), since: formatAgo(rollout.stageStartedAt, now, locale) })}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('rollouts.rings.ring')}</th>
            <th scope="col">{t('rollouts.rings.progress')}</th>
            <th scope="col">{t('rollouts.rings.failed')}</th>
            <th scope="col">{t('rollouts.rings.where')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.rings.map((ring) => {
            const current = stageOf(ring.ring) === rollout.stage && open;
            const label = t('rollouts.rings.onVersion', { on: formatCount(ring.onVersion, locale), of: formatCount(ring.kiosks, locale) });
            return (
              <tr key={ring.ring} className={current ? 'row--current' : undefined} aria-current={current ? 'step' : undefined}>
                <th scope="row">{t(`rings.${ring.ring}`)}</th>
                <td>
                  <div className="progress">
                    <progress max={Math.max(ring.kiosks, 1)} value={ring.onVersion} aria-label={`${t(`rings.${ring.ring}`)}: ${label}`} />
                    <span>{label}</span>
                  </div>
                </td>
                <td className={ring.failed > 0 ? 'figure--bad' : undefined}>{formatCount(ring.failed, locale)}</td>
                <td>{where(ring.ring)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The auto-halt rule as HQ applies it (hq/releases.ts driveRollouts): failures past those accepted
 * at the last resume, at least `minFailures` of them, and at least `failureShare` of the kiosks
 * that took the version. The ring table's failures are kiosks still enrolled, as HQ lists them.
 */
function AutoHalt({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { rollout } = detail;
  const failed = detail.rings.reduce((sum, r) => sum + r.failed, 0);
  const counted = Math.max(0, failed - rollout.acceptedFailures);
  return (
    <section className="panel" aria-labelledby="halt-title">
      <h2 id="halt-title">{t('rollouts.autoHalt.title')}</h2>
      <p>{t('rollouts.autoHalt.rule', { min: rollout.minFailures, share: formatPercent(rollout.failureShare, locale), version: rollout.version })}</p>
      <dl className="facts facts--two">
        <div className="facts__item">
          <dt>{t('rollouts.autoHalt.failed')}</dt>
          <dd>{formatCount(failed, locale)}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('rollouts.autoHalt.accepted')}</dt>
          <dd>{formatCount(rollout.acceptedFailures, locale)}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('rollouts.autoHalt.counted')}</dt>
          <dd className={counted >= rollout.minFailures ? 'figure--bad' : undefined}>{t('rollouts.autoHalt.ofMin', { counted: formatCount(counted, locale), min: rollout.minFailures })}</dd>
        </div>
      </dl>
      <meter className="meter" min={0} max={rollout.minFailures} low={rollout.minFailures - 1} high={rollout.minFailures} optimum={0} value={Math.min(counted, rollout.minFailures)} aria-label={t('rollouts.autoHalt.meter')} />
    </section>
  );
}

/** The events hq/releases.ts records; one it adds later shows as HQ names it. */
const EVENTS = ['started', 'halted', 'auto_halted', 'resumed', 'advanced', 'completed', 'cancelled', 'rolled_back'] as const;
const isKnown = (event: string): event is (typeof EVENTS)[number] => (EVENTS as readonly string[]).includes(event);

function Timeline({ timeline }: { timeline: Detail['timeline'] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('rollouts.timeline.title')}</h2>
      <ol className="timeline">
        {[...timeline].reverse().map((entry, i) => (
          <li key={`${entry.at}-${i}`}>
            <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at, locale)}</time>
            <span className="timeline__event">{isKnown(entry.event) ? t(`rollouts.timeline.events.${entry.event}`, { ring: t(`rings.${entry.ring}`) }) : entry.event}</span>
            <span className="muted">{t('rollouts.timeline.by', { by: entry.by })}</span>
            {entry.detail && <span className="timeline__detail">{entry.detail}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
