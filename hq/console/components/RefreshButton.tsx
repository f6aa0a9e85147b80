import { useTranslation } from 'react-i18next';
import type { Loadable } from '../api/use-query.ts';

/** Asks again now (pages also refresh by themselves); says when it is at it. */
export function RefreshButton<T>({ value, onRefresh }: { value: Loadable<T>; onRefresh: () => void }) {
  const { t } = useTranslation();
  const busy = value.state === 'loading' || (value.state === 'ready' && value.refreshing);
  return (
    <button type="button" className="button button--quiet" onClick={onRefresh} disabled={busy} aria-busy={busy}>
      {busy ? t('common.refreshing') : t('common.refresh')}
    </button>
  );
}
