import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { PublicationPreviewResponse } from '../../../server/admin-schemas.ts';
import { formatCount } from '../../components/format.ts';

type Preview = z.infer<typeof PublicationPreviewResponse>;
export type Problem = Extract<Preview, { valid: false }>['problems'][number];
export type Diff = Extract<Preview, { valid: true }>['diff'];

/** HQ's key for a dataset it compares whole (a decision model, the config): hq/publication-preview.ts. */
const WHOLE_FILE = '(the whole file)';

/**
 * What HQ found when it checked the file: every problem by row (CSV, the header is row 1) or item
 * (JSON, counted from 1) and field, in HQ's own words; or what publishing would change.
 */
export function CheckResult({ result, csv }: { result: { valid: false; problems: Problem[] } | { valid: true; diff: Diff }; csv: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="check-title">
      <h2 id="check-title">{result.valid ? t('publishing.diff.title') : t('publishing.problems.title')}</h2>
      {result.valid ? <DiffSummary diff={result.diff} /> : <Problems problems={result.problems} csv={csv} />}
    </section>
  );
}

function Problems({ problems, csv }: { problems: Problem[]; csv: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <p className="note note--error" role="alert">
        {t('publishing.problems.summary', { count: formatCount(problems.length, i18n.language) })}
      </p>
      <table className="table">
        <caption className="visually-hidden">{t('publishing.problems.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{csv ? t('publishing.problems.row') : t('publishing.problems.item')}</th>
            <th scope="col">{t('publishing.problems.field')}</th>
            <th scope="col">{t('publishing.problems.message')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, index) => (
            // Problems have no id, and the list never reorders: its place is its identity.
            <tr key={index}>
              <td>{problem.row ?? t('publishing.problems.wholeFile')}</td>
              <td>{problem.column ?? '—'}</td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function DiffSummary({ diff }: { diff: Diff }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const total = diff.added + diff.removed + diff.changed;
  return (
    <>
      <p className="note note--ok" role="status">
        {diff.againstVersion === null ? t('publishing.diff.first') : t('publishing.diff.against', { version: diff.againstVersion })}
      </p>
      <dl className="facts facts--counts">
        {(['added', 'changed', 'removed', 'unchanged'] as const).map((kind) => (
          <div key={kind}>
            <dt>{t(`publishing.diff.${kind}`)}</dt>
            <dd>{formatCount(diff[kind], locale)}</dd>
          </div>
        ))}
      </dl>
      {total === 0 ? (
        <p className="note">{t('publishing.diff.none')}</p>
      ) : (
        <table className="table publish-changes">
          <caption className="diff-caption">{diff.examples.length < total ? t('publishing.diff.examplesFirst', { shown: diff.examples.length, total }) : t('publishing.diff.examples')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('publishing.diff.item')}</th>
              <th scope="col">{t('publishing.diff.change')}</th>
              <th scope="col">{t('publishing.diff.fields')}</th>
            </tr>
          </thead>
          <tbody>
            {diff.examples.map((example) => (
              <tr key={`${example.change}:${example.key}`}>
                <td>
                  <code>{example.key === WHOLE_FILE ? t('publishing.diff.wholeFile') : example.key}</code>
                </td>
                <td>
                  <span className={`badge badge--diff-${example.change}`}>{t(`publishing.diff.kinds.${example.change}`)}</span>
                </td>
                <td>{example.fields?.join(', ') ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
