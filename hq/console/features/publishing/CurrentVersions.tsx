import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { PublicationsResponse } from '../../../server/admin-schemas.ts';
import { formatTime } from '../../components/format.ts';

type Current = z.infer<typeof PublicationsResponse>['current'];

/** Each scope's newest publication of each dataset: what a check compares against, and who put it there. */
export function CurrentVersions({ current, scopeName }: { current: Current; scopeName: (scope: string) => string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (current.length === 0) return <p className="note">{t('publishing.current.none')}</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">{t('publishing.current.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('publishing.current.dataset')}</th>
          <th scope="col">{t('publishing.current.scope')}</th>
          <th scope="col">{t('publishing.current.version')}</th>
          <th scope="col">{t('publishing.current.publishedAt')}</th>
          <th scope="col">{t('publishing.current.effectiveAt')}</th>
          <th scope="col">{t('publishing.current.by')}</th>
        </tr>
      </thead>
      <tbody>
        {current.map((p) => (
          <tr key={`${p.dataset}:${p.scope}`}>
            <th scope="row">{t(`publishing.datasets.${p.dataset}`)}</th>
            <td>{scopeName(p.scope)}</td>
            <td title={p.contentHash}>{p.version}</td>
            <td>{formatTime(p.publishedAt, locale)}</td>
            <td>{formatTime(p.effectiveAt, locale)}</td>
            <td>{p.publishedBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
