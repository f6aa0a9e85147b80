import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FiguresResponse, RegionFiguresResponse, RepPatternsResponse, StoreGradesResponse } from '../../../server/admin-schemas.ts';
import { useQuery } from '../../api/use-query.ts';
import { PageTitle } from '../../app/Shell.tsx';
import { useMay } from '../../app/session.tsx';
import { Field } from '../../components/Field.tsx';
import { Loaded } from '../../components/LoadState.tsx';
import { RefreshButton } from '../../components/RefreshButton.tsx';
import { defaultFilter, figuresPaths, rangeProblem, type FiguresFilter } from './figures-view.ts';
import { CategorySection, GradesSection, OverTimeSection, RegionSection, RepsSection, ScopeSummary } from './FigureSections.tsx';
import { Reconciliation } from './Reconciliation.tsx';
import './figures.css';

/** The range and scope survive a visit to another page and back (this tab only). */
let remembered: FiguresFilter | null = null;

/**
 * The store figures (penetration, activity, approval rates) for the chain, a region or a store over
 * a range of store days, as charts with their figures written out beside them; every region side
 * by side; the stores' A/B/C grades; each sales representative's pattern; and, for those who may
 * read credit, the day's reconciliation CSV.
 */
export function FiguresPage() {
  const { t } = useTranslation();
  const may = useMay();
  const [draft, setDraft] = useState<FiguresFilter>(() => remembered ?? defaultFilter(Date.now()));
  const [applied, setApplied] = useState<FiguresFilter>(draft);
  const problem = rangeProblem(draft);
  const change = (next: FiguresFilter) => {
    setDraft(next);
    // A range HQ would refuse is not asked for: the page keeps the last good one and says why.
    if (rangeProblem(next) === null) {
      remembered = next;
      setApplied(next);
    }
  };

  const paths = useMemo(() => figuresPaths(applied), [applied]);
  const [figures, reloadFigures] = useQuery(paths.figures, FiguresResponse);
  const [regions, reloadRegions] = useQuery(paths.regions, RegionFiguresResponse);
  const [grades, reloadGrades] = useQuery(paths.grades, StoreGradesResponse);
  const [reps, reloadReps] = useQuery(paths.reps, RepPatternsResponse);
  const reloadAll = () => {
    reloadFigures();
    reloadRegions();
    reloadGrades();
    reloadReps();
  };

  // The choices come from HQ's answers: the regions it knows, the stores of the chosen region.
  const regionNames = regions.state === 'ready' ? regions.data.regions.flatMap((r) => (r.region === null ? [] : [r.region])) : [];
  const storeIds = grades.state === 'ready' ? grades.data.stores.map((s) => s.storeId) : [];

  return (
    <>
      <div className="page__head">
        <PageTitle>{t('figures.title')}</PageTitle>
        <RefreshButton value={figures} onRefresh={reloadAll} />
      </div>
      <search className="filters" aria-label={t('figures.filters.label')}>
        <Field label={t('figures.filters.from')}>
          {(id) => <input id={id} type="date" value={draft.from} max={draft.to} aria-invalid={problem !== null} onChange={(e) => change({ ...draft, from: e.target.value })} />}
        </Field>
        <Field label={t('figures.filters.to')}>
          {(id) => <input id={id} type="date" value={draft.to} min={draft.from} aria-invalid={problem !== null} onChange={(e) => change({ ...draft, to: e.target.value })} />}
        </Field>
        <Field label={t('figures.filters.region')}>
          {(id) => (
            <select id={id} value={draft.region} onChange={(e) => change({ ...draft, region: e.target.value, storeId: '' })}>
              <option value="">{t('figures.filters.allRegions')}</option>
              {/* The region chosen stays listed while its answer loads. */}
              {[...new Set([...regionNames, ...(draft.region ? [draft.region] : [])])].map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('figures.filters.store')}>
          {(id) => (
            <select id={id} value={draft.storeId} onChange={(e) => change({ ...draft, storeId: e.target.value })}>
              <option value="">{draft.region ? t('figures.filters.allStoresOf', { region: draft.region }) : t('figures.filters.allStores')}</option>
              {[...new Set([...storeIds, ...(draft.storeId ? [draft.storeId] : [])])].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="button button--quiet" onClick={() => change(defaultFilter(Date.now()))}>
          {t('figures.filters.reset')}
        </button>
      </search>
      {problem && (
        <p className="note note--error" role="alert">
          {t(`figures.filters.problem.${problem}`)}
        </p>
      )}

      <Loaded value={figures} onRetry={reloadFigures} label={t('figures.title')}>
        {(data) => (
          <>
            <ScopeSummary figures={data} />
            <OverTimeSection figures={data} />
            <CategorySection figures={data} />
          </>
        )}
      </Loaded>
      <RegionSection value={regions} onRetry={reloadRegions} chosen={applied.region} />
      <GradesSection value={grades} onRetry={reloadGrades} chosen={applied.storeId} />
      <RepsSection value={reps} onRetry={reloadReps} />
      {may('credit:read') && <Reconciliation />}
    </>
  );
}
