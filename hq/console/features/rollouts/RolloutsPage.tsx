import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ReleasesResponse, RolloutsResponse } from '../../../server/release-schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { href } from '../../app/router.ts';
import { PageTitle } from '../../app/Shell.tsx';
import { formatBytes, formatTime } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { RELEASES_PATH } from '../fleet/KioskUpdates.tsx';
import { StateBadge } from './StateBadge.tsx';

export const ROLLOUTS_PATH = '/v1/admin/rollouts';

/** Every rollout (newest first; each opens its rings and timeline) and every registered release. */
export function RolloutsPage() {
  const { t } = useTranslation();
  const [rollouts, reloadRollouts] = useQuery(ROLLOUTS_PATH, RolloutsResponse, { refreshEveryMs: 30_000 });
  const [releases, reloadReleases] = useQuery(RELEASES_PATH, ReleasesResponse);
  return (
    <>
      <div className="page__head">
        <PageTitle>{t('rollouts.title')}</PageTitle>
        <RefreshButton
          value={rollouts}
          onRefresh={() => {
            reloadRollouts();
            reloadReleases();
          }}
        />
      </div>
      <section className="panel" aria-labelledby="rollouts-title">
        <h2 id="rollouts-title">{t('rollouts.listTitle')}</h2>
        <Loaded value={rollouts} onRetry={reloadRollouts} label={t('rollouts.listTitle')}>
          {(data) => <RolloutList rollouts={data.rollouts} />}
        </Loaded>
      </section>
      <section className="panel" aria-labelledby="releases-title">
        <h2 id="releases-title">{t('releases.title')}</h2>
        <Loaded value={releases} onRetry={reloadReleases} label={t('releases.title')}>
          {(data) => <ReleaseList releases={data.releases} />}
        </Loaded>
      </section>
    </>
  );
}

function RolloutList({ rollouts }: { rollouts: z.infer<typeof RolloutsResponse>['rollouts'] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (rollouts.length === 0) return <p className="note">{t('rollouts.none')}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('rollouts.columns.rollout')}</th>
          <th scope="col">{t('rollouts.columns.version')}</th>
          <th scope="col">{t('rollouts.columns.state')}</th>
          <th scope="col">{t('rollouts.columns.ring')}</th>
          <th scope="col">{t('rollouts.columns.started')}</th>
          <th scope="col">{t('rollouts.columns.updated')}</th>
        </tr>
      </thead>
      <tbody>
        {rollouts.map((r) => (
          <tr key={r.id}>
            <td>
              <a href={href.rollout(r.id)}>{t('rollouts.name', { id: r.id })}</a>
            </td>
            <td>{r.version}</td>
            <td>
              <StateBadge state={r.state} />
            </td>
            <td>{t(`rings.${r.ring}`)}</td>
            <td>{t('rollouts.startedBy', { at: formatTime(r.startedAt, locale), by: r.startedBy })}</td>
            <td>{formatTime(r.updatedAt, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReleaseList({ releases }: { releases: z.infer<typeof ReleasesResponse>['releases'] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (releases.length === 0) return <p className="note">{t('releases.none')}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('releases.columns.version')}</th>
          <th scope="col">{t('releases.columns.registered')}</th>
          <th scope="col">{t('releases.columns.files')}</th>
          <th scope="col">{t('releases.columns.notes')}</th>
        </tr>
      </thead>
      <tbody>
        {releases.map((r) => (
          <tr key={r.version}>
            <td>{r.version}</td>
            <td>{t('rollouts.startedBy', { at: formatTime(r.registeredAt, locale), by: r.registeredBy })}</td>
            <td>
              <ul className="plain-list">
                {r.files.map((f) => (
                  <li key={f.url}>
                    {fileName(f.url)} · {formatBytes(f.size, locale)}
                  </li>
                ))}
              </ul>
            </td>
            <td>{r.notes ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const fileName = (url: string) => url.slice(url.lastIndexOf('/') + 1) || url;
