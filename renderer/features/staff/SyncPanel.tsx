import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../../app/kiosk-client.ts';
import { formatAgo, formatDuration } from '../../../ui/durations.ts';
import { useStaffData } from './use-staff-data.ts';

const KNOWN_ERRORS = new Set(['UNREACHABLE', 'TIMEOUT', 'BAD_RESPONSE', 'NOT_ENROLLED', 'CLOCK_SKEW', 'KIOSK_REVOKED', 'UNAUTHENTICATED', 'SEQ_GAP']);

/** Outbox topics by what they are about, in the words of the shop floor. */
function byKind(byTopic: Record<string, number>): Array<[kind: string, count: number]> {
  const kinds = new Map<string, number>();
  for (const [topic, count] of Object.entries(byTopic)) {
    const kind = topic.split('.')[0] ?? topic;
    kinds.set(kind, (kinds.get(kind) ?? 0) + count);
  }
  return [...kinds.entries()];
}

/**
 * The staff sync panel (DESIGN.md §7): whether the kiosk is in step with HQ and, when not, why and
 * what is waiting — by kind and age, the last push and pull, each dataset's version and age, the
 * last error, what HQ refused and what the kiosk refused — and a button to sync now.
 */
export function SyncPanel() {
  const { t, i18n } = useTranslation();
  const [status, , take] = useStaffData(() => kiosk.syncStatus({}));
  const [syncing, setSyncing] = useState<'idle' | 'running' | 'done'>('idle');
  // Each answer renders anew (a new object), so ages are told from the moment it arrived.
  const now = Date.now();
  const locale = i18n.language;

  const syncNow = async () => {
    setSyncing('running');
    take(await kiosk.syncNow({}));
    setSyncing('done');
  };

  if (!status) return <section className="staff-section" aria-busy="true" aria-label={t('syncPanel.title')} />;
  const { standalone } = status;
  const ago = (at: number | null) => (at === null ? t('syncPanel.never') : formatAgo(at, now, locale));
  const errorText = (code: string) => (KNOWN_ERRORS.has(code) ? t(`syncPanel.errors.${code}`) : t('syncPanel.errors.other', { code }));

  return (
    <section className="staff-section sync-panel" aria-labelledby="sync-panel-title">
      <div className="staff-section__head">
        <h2 id="sync-panel-title">{t('syncPanel.title')}</h2>
        {!standalone && (
          <button type="button" className="primary-button" onClick={() => void syncNow()} disabled={syncing === 'running'}>
            {syncing === 'running' ? t('syncPanel.syncing') : t('syncPanel.syncNow')}
          </button>
        )}
      </div>
      {standalone ? (
        <p className="sync-panel__health">{t('syncPanel.standalone')}</p>
      ) : (
        <>
          <p className={`sync-panel__health sync-panel__health--${status.health}`} role="status">
            <span className={`sync-chip sync-chip--${status.health}`} aria-hidden="true" />
            {t(`syncPanel.health.${status.health}`)}
            {syncing === 'done' && <span className="sync-panel__done"> {t('syncPanel.synced')}</span>}
          </p>
          {status.offlineApprovalBlocked && <p className="sync-panel__why">{t(`syncPanel.blocked.${status.offlineApprovalBlocked}`)}</p>}
          <dl className="sync-panel__facts">
            <dt>{t('syncPanel.pending')}</dt>
            <dd>
              {status.pending.total === 0 ? (
                t('syncPanel.pendingNone')
              ) : (
                <>
                  <ul className="sync-panel__kinds">
                    {byKind(status.pending.byTopic).map(([kind, count]) => (
                      <li key={kind}>
                        {t(`syncPanel.kinds.${kind}`, { defaultValue: kind })}: {t('syncPanel.pendingCount', { count })}
                      </li>
                    ))}
                  </ul>
                  {status.pending.oldestAt !== null && <span>{t('syncPanel.oldest', { age: formatDuration(now - status.pending.oldestAt, locale) })}</span>}
                </>
              )}
            </dd>
            <dt>{t('syncPanel.lastPush')}</dt>
            <dd>{ago(status.lastPushAt)}</dd>
            <dt>{t('syncPanel.lastPull')}</dt>
            <dd>{ago(status.lastPullAt)}</dd>
            {status.lastError && (
              <>
                <dt>{t('syncPanel.lastError')}</dt>
                <dd>
                  {errorText(status.lastError.code)} ({ago(status.lastError.at)})
                </dd>
              </>
            )}
          </dl>
        </>
      )}
      <table className="sync-panel__datasets">
        <caption>{t('syncPanel.datasets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('syncPanel.dataset')}</th>
            <th scope="col">{t('syncPanel.version')}</th>
            <th scope="col">{t('syncPanel.applied')}</th>
            <th scope="col">{t('syncPanel.confirmed')}</th>
          </tr>
        </thead>
        <tbody>
          {status.datasets.map((d) => (
            <tr key={d.name}>
              <th scope="row">{t(`syncPanel.names.${d.name}`)}</th>
              <td>{d.version ?? (d.appliedAt === null ? '—' : t('syncPanel.seeded'))}</td>
              <td>{d.appliedAt === null ? '—' : ago(d.appliedAt)}</td>
              <td>{d.confirmedAt === null ? '—' : ago(d.confirmedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status.rejected.length > 0 && (
        <>
          <h3>{t('syncPanel.rejected')}</h3>
          <ul className="sync-panel__list">
            {status.rejected.map((r) => (
              <li key={r.id}>
                #{r.seq} {t(`syncPanel.kinds.${r.topic.split('.')[0] ?? ''}`, { defaultValue: r.topic })} · {r.code} · {ago(r.at)}
              </li>
            ))}
          </ul>
        </>
      )}
      {status.refused.length > 0 && (
        <>
          <h3>{t('syncPanel.refused')}</h3>
          <ul className="sync-panel__list">
            {status.refused.map((r) => (
              <li key={`${r.dataset}-${r.version}-${r.at}`}>
                {t(`syncPanel.names.${r.dataset}`, { defaultValue: r.dataset })} v{r.version} · {r.reason} · {ago(r.at)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
