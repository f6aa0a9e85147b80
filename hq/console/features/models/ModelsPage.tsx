import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ComparisonResponse, ModelsResponse } from '../../../server/model-schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { RoleGate } from '../../app/RoleGate.tsx';
import { PageTitle } from '../../app/Shell.tsx';
import { useMay } from '../../app/session.tsx';
import { Field } from '../../components/Field.tsx';
import { formatCount, formatTime } from '../../components/format.ts';
import { Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { ChallengerForm } from './ChallengerForm.tsx';
import { Comparison } from './Comparison.tsx';
import { ScopeActions } from './ScopeActions.tsx';
import './models.css';

export const MODELS_PATH = '/v1/admin/models';
const comparisonPath = (version: string) => `/v1/admin/models/comparison?challenger=${encodeURIComponent(version)}`;

/**
 * Champion and challenger decision models: what each scope runs, a challenger published beside a
 * champion to decide in shadow on a share of applications, the two compared on what kiosks sent,
 * and promotion once finance operations trust it.
 */
export function ModelsPage() {
  const { t } = useTranslation();
  return (
    <RoleGate needs="credit:read" title={t('models.title')} refusal={(role) => t('models.notAllowed', { role })}>
      <Models />
    </RoleGate>
  );
}

function Models() {
  const { t, i18n } = useTranslation();
  const may = useMay();
  const locale = i18n.language;
  const [models, reload] = useQuery(MODELS_PATH, ModelsResponse, { refreshEveryMs: 30_000 });
  const [chosen, setChosen] = useState<string | null>(null);
  const scopeName = (scope: string) => (scope === 'all' ? t('models.allStores') : t('models.store', { id: scope }));

  return (
    <>
      <div className="page__head">
        <PageTitle>{t('models.title')}</PageTitle>
        <RefreshButton value={models} onRefresh={reload} />
      </div>
      <p className="muted">{t('models.intro')}</p>
      <Loaded value={models} onRetry={reload} label={t('models.title')}>
        {(data) => {
          const challengers = data.challengers;
          const shown = chosen ?? data.scopes.find((s) => s.challenger)?.challenger?.version ?? challengers[0]?.version ?? null;
          return (
            <>
              <section className="panel" aria-labelledby="models-in-use">
                <h2 id="models-in-use">{t('models.inUse.title')}</h2>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('models.inUse.scope')}</th>
                      <th scope="col">{t('models.inUse.champion')}</th>
                      <th scope="col">{t('models.inUse.challenger')}</th>
                      <th scope="col">{t('models.inUse.published')}</th>
                      {may('publish') && <th scope="col">{t('models.inUse.actions')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {data.scopes.map((s) => (
                      <tr key={s.scope}>
                        <th scope="row">{scopeName(s.scope)}</th>
                        <td>
                          <code>{s.champion}</code>
                          {s.publication === null && <span className="muted"> {t('models.inUse.bundled')}</span>}
                        </td>
                        <td>{s.challenger ? t('models.inUse.challengerShare', { version: s.challenger.version, share: s.challenger.sharePercent }) : <span className="muted">{t('models.inUse.none')}</span>}</td>
                        <td>{s.publishedAt === null ? '—' : t('models.inUse.publishedBy', { at: formatTime(s.publishedAt, locale), by: s.publishedBy ?? '' })}</td>
                        {may('publish') && <td>{s.challenger && <ScopeActions scope={s.scope} scopeName={scopeName(s.scope)} champion={s.champion} challenger={s.challenger} onChanged={reload} />}</td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>

              {may('publish') && <ChallengerForm scopes={data.scopes.map((s) => s.scope)} scopeName={scopeName} onPublished={reload} />}

              <section className="panel" aria-labelledby="models-comparison">
                <h2 id="models-comparison">{t('models.comparison.title')}</h2>
                {challengers.length === 0 ? (
                  <p className="note">{t('models.comparison.none')}</p>
                ) : (
                  <>
                    <Field label={t('models.comparison.pick')}>
                      {(id) => (
                        <select id={id} value={shown ?? ''} onChange={(e) => setChosen(e.target.value)}>
                          {challengers.map((c) => (
                            <option key={c.version} value={c.version}>
                              {t('models.comparison.option', { version: c.version, n: formatCount(c.applications, locale) })}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    {shown && <ComparisonFor key={shown} version={shown} />}
                  </>
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function ComparisonFor({ version }: { version: string }) {
  const { t } = useTranslation();
  const [comparison, reload] = useQuery(comparisonPath(version), ComparisonResponse, { refreshEveryMs: 30_000 });
  return (
    <Loaded value={comparison} onRetry={reload} label={t('models.comparison.title')}>
      {(data) => <Comparison data={data} />}
    </Loaded>
  );
}
