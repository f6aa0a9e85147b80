import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../electron/contract/errors.ts';

export function ErrorPanel({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="error-panel" role="alert">
      <p>{t(`errors.${error.code}`)}</p>
      {onRetry && (
        <button type="button" className="secondary-button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  );
}
