import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { AuditResponse } from '../../../server/admin-schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { PageTitle } from '../../app/Shell.tsx';
import { Field } from '../../components/Field.tsx';
import { formatCount, formatTime } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { auditPath, describeChange, statusKind } from './audit-view.ts';
import './audit.css';

type Entry = z.output<typeof AuditResponse>['entries'][number];

/** Newest first, as HQ keeps them: what was asked for, by whom, and how HQ answered. */
export function AuditPage() {
  const { t } = useTranslation();
  const [actor, setActor] = useState('');
  const [draft, setDraft] = useState('');
  const [audit, reload] = useQuery(auditPath(actor), AuditResponse, { refreshEveryMs: 60_000 });
  const listId = useId();
  // The people in what is shown, offered as the filter's choices.
  const seen = useMemo(() => (audit.state === 'ready' ? [...new Set(audit.data.entries.map((e) => e.actor))].sort() : []), [audit]);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setActor(draft.trim());
  };
  return (
    <>
      <div className="page__head">
        <PageTitle>{t('audit.title')}</PageTitle>
        <RefreshButton value={audit} onRefresh={reload} />
      </div>
      <p className="muted">{t('audit.about')}</p>
      <search className="filters" aria-label={t('audit.filter.label')}>
        <form className="inline-form" onSubmit={apply}>
          <Field label={t('audit.filter.actor')} className="field--grow">
            {(id) => <input id={id} type="search" list={listId} value={draft} placeholder={t('audit.filter.hint')} onChange={(e) => setDraft(e.target.value)} />}
          </Field>
          <datalist id={listId}>
            {seen.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <button type="submit" className="button button--primary">
            {t('audit.filter.apply')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            disabled={actor === '' && draft === ''}
            onClick={() => {
              setDraft('');
              setActor('');
            }}
          >
            {t('audit.filter.clear')}
          </button>
        </form>
      </search>
      <Loaded value={audit} onRetry={reload} label={t('audit.title')}>
        {(data) => <AuditTable entries={data.entries} actor={actor} />}
      </Loaded>
    </>
  );
}

function AuditTable({ entries, actor }: { entries: Entry[]; actor: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <section className="panel" aria-labelledby="audit-list-title">
      <h2 id="audit-list-title">{actor ? t('audit.listFor', { actor }) : t('audit.list')}</h2>
      <p className="summary" role="status">
        {t('audit.count', { n: formatCount(entries.length, locale) })}
      </p>
      {entries.length === 0 ? (
        <p className="note">{actor ? t('audit.noneFor', { actor }) : t('audit.none')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={t('audit.tableLabel')} tabIndex={0}>
          <table className="table audit-table" aria-label={t('audit.tableLabel')}>
            <thead>
              <tr>
                <th scope="col">{t('audit.columns.at')}</th>
                <th scope="col">{t('audit.columns.actor')}</th>
                <th scope="col">{t('audit.columns.role')}</th>
                <th scope="col">{t('audit.columns.what')}</th>
                <th scope="col">{t('audit.columns.params')}</th>
                <th scope="col">{t('audit.columns.status')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => {
                const change = describeChange(e.method, e.route);
                const kind = statusKind(e.status);
                const params = Object.entries(e.params);
                return (
                  <tr key={`${e.at}-${i}`}>
                    <td>
                      <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at, locale)}</time>
                    </td>
                    <th scope="row">{e.actor}</th>
                    <td>{e.role in ROLE_KEYS ? t(ROLE_KEYS[e.role as keyof typeof ROLE_KEYS]) : e.role}</td>
                    <td>
                      {change ? t(`audit.changes.${change}`) : t('audit.changes.other')}{' '}
                      <code className="audit-route">
                        {e.method} {e.route}
                      </code>
                    </td>
                    <td>
                      {params.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="audit-params">
                          {params.map(([k, v]) => (
                            <li key={k}>
                              {k} = {v}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      <span className={`badge badge--status-${kind}`}>{t(`audit.status.${kind}`, { status: e.status })}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The roles HQ records: a console user's, `admin-token` (scripts), `none` (a sign-in that failed). */
const ROLE_KEYS = {
  'it-admin': 'roles.it-admin',
  'finance-ops': 'roles.finance-ops',
  viewer: 'roles.viewer',
  'admin-token': 'audit.roles.adminToken',
  none: 'audit.roles.none',
} as const;
